// NFLOG as the kernel writes it: in a namespace of the test's own, nftables rules log UDP and TCP
// over IPv4 and IPv6 (loopback) with a prefix to log groups 7 and 8 alike (a group takes one
// listener), tcpdump records libpcap's `nflog:7` device and `lanlens capture` its `nflog:8`. The
// two must see the same packets, and each recording must decode as tshark decodes it (stacks,
// ports, Protocol, Info, the NFLOG fields) and count as tshark counts it. The namespace goes away
// afterwards, also on failure.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TrafficSnapshot } from '../../src/shared/model/traffic';
import { startBackground } from '../lab/background';
import { cliPath } from '../lab/cli';
import { runOk, runSync } from '../lab/exec';
import { labSkipReason } from '../lab/lab';
import { assertStatsAsTshark, lanlensView, tsharkView as tsharkStatsView } from '../lab/statsComparison';
import { ourLinkView, sharedFields, tsharkLinkView } from '../lab/tsharkLinkOracle';
import { missingTool, ourView, tsharkView } from '../lab/tsharkOracle';

const NAMESPACE = `lln-nflog-${process.pid}`;
const GROUP = 7;
const OUR_GROUP = 8;
const PREFIX = 'lanlens: ';
/** Logs what the namespace sends to ports 5555 (UDP) and 5556 (TCP), over IPv4 and IPv6. */
const RULES = `table inet lanlens {
  chain out {
    type filter hook output priority 0;
    udp dport 5555 log group ${GROUP} prefix "${PREFIX}" log group ${OUR_GROUP} prefix "${PREFIX}";
    tcp dport 5556 log group ${GROUP} prefix "${PREFIX}" log group ${OUR_GROUP} prefix "${PREFIX}";
  }
}
`;
/** UDP datagrams and a TCP connection to a listener, over 127.0.0.1 and ::1. */
const TRAFFIC = `
const dgram = require('node:dgram'), net = require('node:net');
(async () => {
  for (const [type, host] of [['udp4', '127.0.0.1'], ['udp6', '::1']]) {
    const socket = dgram.createSocket(type);
    for (const size of [5, 300]) await new Promise((r) => socket.send(Buffer.alloc(size, 0x61), 5555, host, r));
    socket.close();
  }
  const server = net.createServer((s) => s.resume());
  await new Promise((r) => server.listen(5556, '::', r));
  for (const host of ['127.0.0.1', '::1']) {
    const client = net.connect(5556, host);
    await new Promise((r) => client.on('connect', r));
    await new Promise((r) => client.end('hello', r));
  }
  await new Promise((r) => setTimeout(r, 200));
  server.close();
})();
`;

const skip = labSkipReason() ?? missingTool('tshark') ?? missingTool('tcpdump') ?? missingTool('nft');

describe('NFLOG recorded from the kernel in a namespace', { skip }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-nflog-'));
  const file = path.join(dir, 'nflog.pcap');
  const ours = path.join(dir, 'lanlens.pcap');
  let snapshot: TrafficSnapshot;

  before(async () => {
    runSync('ip', ['netns', 'del', NAMESPACE]);
    await runOk('ip', ['netns', 'add', NAMESPACE]);
    const inside = (...args: string[]) => runOk('ip', ['netns', 'exec', NAMESPACE, ...args], { timeoutMs: 30_000 });
    await inside('ip', 'link', 'set', 'lo', 'up');
    await runOk('ip', ['netns', 'exec', NAMESPACE, 'nft', '-f', '-'], { input: RULES });
    // -Z root: tcpdump would otherwise drop to its own user before opening the file in our directory.
    const tcpdump = startBackground('ip', [
      'netns',
      'exec',
      NAMESPACE,
      'tcpdump',
      '-Z',
      'root',
      '-i',
      `nflog:${GROUP}`,
      '-U',
      '-w',
      file,
    ]);
    const capture = startBackground('ip', [
      'netns',
      'exec',
      NAMESPACE,
      process.execPath,
      cliPath,
      'capture',
      '-i',
      `nflog:${OUR_GROUP}`,
      '-w',
      ours,
      '--json',
    ]);
    try {
      await tcpdump.waitFor(/listening on/);
      await capture.waitFor(/capturing on/);
      await inside(process.execPath, '-e', TRAFFIC);
      // The kernel hands log messages over in batches, flushed at the latest after a second.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const result = await capture.stop('SIGINT');
      assert.equal(result.code, 0, result.stderr);
      snapshot = JSON.parse(result.stdout) as TrafficSnapshot;
    } finally {
      await tcpdump.stop('SIGINT');
      await capture.stop('SIGKILL').catch(() => undefined);
    }
  });

  after(() => {
    runSync('ip', ['netns', 'del', NAMESPACE]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('decodes as tshark does: stacks, ports, Protocol, Info and the NFLOG fields, per packet', () => {
    const theirs = tsharkView(file);
    assert.ok(theirs.length >= 8, `${theirs.length} packets logged`);
    assert.deepEqual(ourView(file), theirs);
    const stacks = new Set(theirs.map((view) => view.stack));
    for (const stack of ['nflog:ip:udp', 'nflog:ipv6:udp', 'nflog:ip:tcp', 'nflog:ipv6:tcp']) {
      assert.ok(stacks.has(stack), `${stack}: ${[...stacks].join(', ')}`);
    }
    const columns = tsharkLinkView(file);
    const ours = ourLinkView(file);
    for (let i = 0; i < columns.length; i++) {
      // TCP's Info differs (tshark numbers sequences relative to the stream); its Protocol does not.
      assert.equal(ours[i].protocol, columns[i].protocol, `packet ${i + 1}: Protocol`);
      if (ours[i].protocol === 'UDP') assert.equal(ours[i].info, columns[i].info, `packet ${i + 1}: Info`);
      const [mine, tshark] = sharedFields(ours[i], columns[i]);
      assert.deepEqual(mine, tshark, `packet ${i + 1}: NFLOG fields`);
      assert.equal(mine['nflog.prefix'], PREFIX);
    }
  });

  it('lanlens stats counts the recording as tshark does', async () => {
    await assertStatsAsTshark(file, 'nflog recording');
  });

  it('lanlens capture on nflog:8 sees what tcpdump sees on nflog:7, and its recording decodes as tshark’s', async () => {
    const theirs = tsharkView(file);
    assert.equal(snapshot.counters.packets, theirs.length);
    assert.equal(snapshot.source.kind === 'live' && snapshot.source.linkType, 239);
    const recorded = tsharkView(ours);
    assert.deepEqual(
      recorded.map((view) => view.stack),
      theirs.map((view) => view.stack),
    );
    assert.deepEqual(ourView(ours), recorded);
    await assertStatsAsTshark(ours, 'lanlens capture on nflog');
    // The live capture's own tables, against tshark on what it recorded.
    const live = lanlensView(snapshot);
    const reference = tsharkStatsView(ours);
    assert.deepEqual([live.totals, live.hierarchy], [reference.totals, reference.hierarchy]);
  });
});
