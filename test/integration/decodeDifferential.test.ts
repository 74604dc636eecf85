// Decoding against tshark: the hand-made frames written to one pcap per link type, and loopback
// traffic recorded with tcpdump in a namespace of the test's own, must give tshark's protocol stack
// and ports packet by packet. Needs tshark (and root, tcpdump and `ip netns` for the live part).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPcapFile } from '../../src/helper/capture/pcapFile';
import { createPcapFile } from '../../src/helper/capture/pcapWriter';
import { handMadeFrames } from '../fixtures/handMadeFrames';
import { linkFrames } from '../fixtures/linkFrames';
import { ourLinkView, sharedFields, tsharkLinkView } from '../lab/tsharkLinkOracle';
import { tunnelFrames } from '../fixtures/tunnelFrames';
import { missingTool, ourView, tsharkView } from '../lab/tsharkOracle';
import { ourTunnelView, tsharkTunnelView } from '../lab/tsharkTunnelOracle';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-decode-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function assertSameAsTshark(file: string, minimum: number, theirs = tsharkView(file)): void {
  const ours = ourView(file);
  assert.ok(theirs.length >= minimum, `${file}: ${theirs.length} packets, expected at least ${minimum}`);
  assert.equal(ours.length, theirs.length, 'packet count');
  for (let i = 0; i < theirs.length; i++)
    assert.deepEqual(ours[i], theirs[i], `packet ${i + 1} of ${path.basename(file)}`);
}

/** Writes `frames` to one pcap per link type (by our pcap writer) and calls `check` with each file and its frames. */
function perLinkType<F extends { linkType: number; bytes: Buffer }>(
  name: string,
  all: readonly F[],
  check: (file: string, frames: F[], linkType: number) => void,
): void {
  for (const linkType of new Set(all.map((frame) => frame.linkType))) {
    const file = path.join(dir, `${name}-${linkType}.pcap`);
    const writer = createPcapFile(file, { linkType });
    const frames = all.filter((frame) => frame.linkType === linkType);
    frames.forEach((frame, i) => writer.write(1700000000 + i, i * 1000, frame.bytes, 0, frame.bytes.length));
    writer.close();
    check(file, frames, linkType);
  }
}

describe('decoding agrees with tshark', { skip: missingTool('tshark') }, () => {
  it('on the hand-made frames (tunnelled ones too), one file per link type (written by our pcap writer)', () => {
    perLinkType('handmade', [...handMadeFrames, ...linkFrames, ...tunnelFrames], (file, frames) =>
      assertSameAsTshark(file, frames.length),
    );
  });

  it('on the link-layer frames (NFLOG, radiotap, 802.11, PKTAP): Protocol and Info, and the details pane’s fields', () => {
    perLinkType('columns', linkFrames, (file, frames, linkType) => {
      const theirs = tsharkLinkView(file);
      const ours = ourLinkView(file);
      assert.equal(ours.length, theirs.length, 'packet count');
      let compared = 0;
      for (let i = 0; i < theirs.length; i++) {
        const where = `${frames[i].name} (link type ${linkType})`;
        assert.equal(ours[i].protocol, theirs[i].protocol, `${where}: Protocol`);
        assert.equal(ours[i].info, theirs[i].info, `${where}: Info`);
        const [mine, tshark] = sharedFields(ours[i], theirs[i]);
        assert.deepEqual(mine, tshark, `${where}: fields`);
        compared += Object.keys(mine).length;
      }
      assert.ok(compared >= 3 * frames.length, `link type ${linkType}: ${compared} fields compared`);
    });
  });

  it("on the tunnelled hand-made frames: every tunnel header's fields, and the packet list's columns", () => {
    perLinkType('tunnels', tunnelFrames, (file, frames) => {
      const theirs = tsharkTunnelView(file);
      const ours = ourTunnelView(file);
      assert.equal(ours.length, frames.length, 'packet count');
      for (let i = 0; i < frames.length; i++) {
        assert.deepEqual(ours[i].fields, theirs[i].fields, `${frames[i].name}: tunnel fields`);
        assert.equal(ours[i].addresses, theirs[i].addresses, `${frames[i].name}: source and destination`);
        // A frame cut short is where tshark's Info adds "[Malformed Packet]", which ours does not say.
        if (ours[i].truncated) continue;
        assert.deepEqual([ours[i].protocol, ours[i].info], [theirs[i].protocol, theirs[i].info], frames[i].name);
      }
      const named = theirs.filter((view) => Object.keys(view.fields).length > 0).length;
      assert.ok(named >= frames.length - 3, `tshark read the tunnel fields of ${named} of ${frames.length} frames`);
    });
  });
});

// Traffic that covers every decoder reachable on loopback: TCP and UDP over IPv4 and IPv6, ICMP
// and ICMPv6 port-unreachable errors, and (with a 1500-byte MTU) IPv4 fragments and IPv6
// fragment headers. Runs inside the test's own namespace.
const TRAFFIC = `
const net = require('node:net'), dgram = require('node:dgram');
async function tcp(host) {
  const server = net.createServer((s) => s.pipe(s)); // echo, and close when the client does
  await new Promise((r) => server.listen(0, host, r));
  const client = net.connect(server.address().port, host);
  await new Promise((r) => client.on('connect', r));
  client.resume();
  client.end(Buffer.alloc(5000, 'x'));
  await new Promise((r) => client.on('close', r));
  server.close();
}
async function udp(type, host) {
  const a = dgram.createSocket(type), b = dgram.createSocket(type);
  await new Promise((r) => b.bind(0, host, r));
  const port = b.address().port;
  for (const size of [10, 4000]) await new Promise((r) => a.send(Buffer.alloc(size), port, host, r));
  b.close();
  // Nothing listens there now: the kernel answers with ICMP/ICMPv6 port unreachable.
  await new Promise((r) => a.send(Buffer.alloc(20), port, host, r));
  await new Promise((r) => setTimeout(r, 100));
  a.close();
}
(async () => { await tcp('127.0.0.1'); await tcp('::1'); await udp('udp4', '127.0.0.1'); await udp('udp6', '::1'); })();
`;

const isRoot = process.getuid?.() === 0;
const liveSkip =
  missingTool('tshark') ??
  missingTool('tcpdump') ??
  (isRoot ? undefined : 'needs root to make a network namespace and capture in it');

describe('decoding agrees with tshark on traffic recorded live in a namespace', { skip: liveSkip }, () => {
  const namespace = `lanlens-dec-${process.pid}`;
  // Ethernet as lo records it, SLL and SLL2 as `-i any` records them.
  const captures = [
    { name: 'lo-ethernet', args: ['-i', 'lo'] },
    { name: 'any-sll', args: ['-i', 'any', '-y', 'LINUX_SLL'] },
    { name: 'any-sll2', args: ['-i', 'any', '-y', 'LINUX_SLL2'] },
  ];
  const files = new Map<string, string>();
  /** tshark's view of each capture's file, as the recording was checked with */
  const views = new Map<string, ReturnType<typeof tsharkView>>();
  /** recordings made at most before giving up */
  const RECORDINGS = 4;

  before(async () => {
    // A stuck step is killed (and then fails) rather than holding the whole suite.
    const run = (...args: string[]) => {
      const result = spawnSync('ip', ['netns', 'exec', namespace, ...args], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
    };
    assert.equal(spawnSync('ip', ['netns', 'add', namespace]).status, 0, 'ip netns add');
    run('ip', 'link', 'set', 'lo', 'mtu', '1500', 'up');
    // On a busy machine an `any` capture sometimes loses a packet or two (tcpdump's ring, not the
    // decoders): the recording is made again until every file holds every kind of packet the traffic
    // makes (as tshark sees them), and the tests do not run on recordings that never did.
    const shortfalls: string[] = [];
    for (let attempt = 1; attempt <= RECORDINGS; attempt++) {
      await record(run);
      for (const { name } of captures) views.set(name, tsharkView(files.get(name)!));
      const missing = captures
        .map(({ name }) => ({ name, stacks: missingStacks(views.get(name)!) }))
        .filter(({ stacks }) => stacks.length > 0);
      if (missing.length === 0) return;
      shortfalls.push(missing.map(({ name, stacks }) => `${name} without ${stacks.join(', ')}`).join('; '));
    }
    assert.fail(
      `tcpdump lost packets in each of ${RECORDINGS} recordings (${shortfalls.join(' / ')}): the machine is too busy`,
    );
  });

  /** Records the traffic with the three captures at once. */
  async function record(run: (...args: string[]) => void): Promise<void> {
    const dumps: ChildProcess[] = [];
    try {
      await startRecorders(dumps);
      run(process.execPath, '-e', TRAFFIC);
      // Done once the files' packets are the same twice in a row (a fixed wait stopped slow
      // captures early); at most a few seconds.
      let previous = '';
      for (let waited = 0; waited < 3_000; waited += 200) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const now = [...files.values()].map(packetsIn).join(',');
        if (now === previous) break;
        previous = now;
      }
    } finally {
      await Promise.all(dumps.map(stopRecorder));
    }
  }

  /** Starts one tcpdump per capture (into `dumps`, so the caller stops them whatever happens). */
  async function startRecorders(dumps: ChildProcess[]): Promise<void> {
    for (const capture of captures) {
      const file = path.join(dir, `${capture.name}.pcap`);
      files.set(capture.name, file);
      // -Z root: tcpdump would otherwise drop to its own user before opening the file in our private
      // directory. --immediate-mode: without it packets wait in the kernel ring for up to a second.
      const tcpdump = ['tcpdump', '-Z', 'root', '--immediate-mode', '-n', '-U', '-s', '0', '-w', file, ...capture.args];
      const dump = spawn('ip', ['netns', 'exec', namespace, ...tcpdump]);
      dumps.push(dump);
      // tcpdump says "listening on" once its capture is open; traffic before that would be lost.
      await new Promise<void>((resolve, reject) => {
        let said = '';
        dump.stderr.on('data', (chunk: Buffer) => {
          said += chunk.toString();
          if (said.includes('listening on')) resolve();
        });
        dump.on('exit', (code) => reject(new Error(`tcpdump exited ${code}: ${said}`)));
        setTimeout(() => reject(new Error(`tcpdump did not start: ${said}`)), 10_000).unref();
      });
    }
  }

  after(() => {
    spawnSync('ip', ['netns', 'del', namespace]);
  });

  for (const capture of captures) {
    it(`${capture.name}: same stacks and ports per packet`, () => {
      const file = files.get(capture.name)!;
      assertSameAsTshark(file, 20, views.get(capture.name));
      assert.deepEqual(missingStacks(ourView(file)), [], `${capture.name}: stacks missing`);
    });
  }
});

/**
 * The stacks (below the link layer) the namespace's traffic makes, from TCP and UDP over both IP
 * versions to their ICMP errors and fragments.
 */
const TRAFFIC_STACKS = [
  'ip:tcp',
  'ipv6:tcp',
  'ip:udp',
  'ipv6:udp',
  'ip:icmp',
  'ipv6:icmpv6',
  'ip',
  'ipv6:ipv6.fraghdr:udp',
  'ipv6:ipv6.fraghdr',
];

/** the TRAFFIC_STACKS none of `views` has */
function missingStacks(views: readonly { stack: string }[]): string[] {
  const stacks = new Set(views.map((view) => view.stack.split(':').slice(1).join(':')));
  return TRAFFIC_STACKS.filter((stack) => !stacks.has(stack));
}

/** packets written so far to a capture file still being written (a record cut short is not counted) */
function packetsIn(file: string): number {
  let count = 0;
  let reader;
  try {
    reader = openPcapFile(file);
    while (reader.next()) count++;
  } catch {
    // The last record is still being written, or not even the header yet.
  } finally {
    reader?.close();
  }
  return count;
}

/** stops a tcpdump (it writes out what it holds on SIGINT); one that already ended is left be */
function stopRecorder(dump: ChildProcess): Promise<void> {
  if (dump.exitCode !== null || dump.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    dump.on('exit', () => resolve());
    dump.kill('SIGINT');
  });
}
