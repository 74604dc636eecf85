// Live capture with the CLI on a namespace lab, with tcpdump as the oracle: while iperf3 runs
// between two lab hosts, `lanlens capture` and tcpdump capture the same interface with the same
// filter, so they must count the same packets. Also: the -w pcap, -c and --duration, writing as the
// sudo user, -i any, and the failures: a bad filter, an unknown interface, an interface deleted
// mid-capture, no privilege. The same capture over the helper protocol: captureServer.test.ts.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startBackground } from '../lab/background';
import { cliPath, lanlens, lanlensAsNobody, prepareUnprivileged } from '../lab/cli';
import type { Unprivileged } from '../lab/cli';
import { runOk, runSync } from '../lab/exec';
import { IPERF_PORT, iperfLabSuite } from '../lab/iperfLab';
import { labSkipReason } from '../lab/lab';
import type { TrafficSnapshot } from '../../src/shared/model/traffic';

const skip = labSkipReason() ?? (runSync('which', ['iperf3']).code !== 0 ? 'iperf3 is not installed' : undefined);
const SUBNET = '10.213.52'; // this suite's own /24
const FILTER = `port ${IPERF_PORT}`;
const NOBODY = 65534;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What tcpdump printed when it stopped: "N packets captured", "N packets dropped by kernel". */
function tcpdumpCounts(stderr: string): { captured: number; dropped: number } {
  const captured = /(\d+) packets? captured/.exec(stderr);
  const dropped = /(\d+) packets? dropped by kernel/.exec(stderr);
  assert.ok(captured && dropped, `tcpdump printed no counts:\n${stderr}`);
  return { captured: Number(captured[1]), dropped: Number(dropped[1]) };
}

function parseSnapshot(stdout: string, stderr: string): TrafficSnapshot {
  try {
    return JSON.parse(stdout) as TrafficSnapshot;
  } catch {
    throw new Error(`lanlens capture printed no JSON snapshot:\n${stdout}\n--- stderr\n${stderr}`);
  }
}

describe('live capture on a namespace lab', { skip }, () => {
  const lab = iperfLabSuite('live', SUBNET);

  test(
    'LAN Lens counts exactly the packets tcpdump counts on the same interface and filter',
    { timeout: 120_000 },
    async () => {
      const { port, dir, iperf } = lab;
      const pcap = path.join(dir, 'cli.pcap');
      const capture = startBackground(process.execPath, [
        cliPath,
        'capture',
        '-i',
        port,
        '-f',
        FILTER,
        '-w',
        pcap,
        '--json',
      ]);
      const tcpdump = startBackground('tcpdump', [
        '-i',
        port,
        '-n',
        '-B',
        '16384',
        '-w',
        path.join(dir, 'tcpdump.pcap'),
        FILTER,
      ]);
      await capture.waitFor(/capturing on/);
      await tcpdump.waitFor(/listening on/);
      // Both capture before the first packet and after the last: the filter makes the interval exact.
      await iperf();
      // tcpdump's libpcap hands packets over in blocks that wait up to 1 s: let them all arrive.
      await sleep(2000);
      const [ours, theirs] = await Promise.all([capture.stop('SIGINT'), tcpdump.stop('SIGINT')]);
      assert.equal(ours.code, 0, ours.stderr);
      const snapshot = parseSnapshot(ours.stdout, ours.stderr);
      const reference = tcpdumpCounts(theirs.stderr);
      console.log(
        `# ${port}: LAN Lens ${snapshot.counters.packets} packets (kernel drops ${snapshot.counters.kernelDrops}, interface drops ${snapshot.counters.interfaceDrops}); tcpdump ${reference.captured} (dropped ${reference.dropped})`,
      );
      assert.ok(reference.captured > 1000, `too little traffic to compare: ${reference.captured} packets`);
      assert.equal(reference.dropped, 0, 'tcpdump dropped packets: the comparison would not be exact');
      assert.equal(snapshot.counters.kernelDrops, 0);
      assert.equal(typeof snapshot.counters.interfaceDrops, 'number');
      assert.equal(snapshot.counters.packets, reference.captured);
      assert.equal(snapshot.running, false);
      // the one-line summaries on stderr report drops each second
      assert.match(ours.stderr, /packets .* drops: \d+ kernel, \d+ interface/);

      // The -w file is a pcap tcpdump reads, holding every packet.
      const read = await runOk('tcpdump', ['-r', pcap, '-n', '-q']);
      assert.equal(read.stdout.trim().split('\n').length, reference.captured);
    },
  );

  test(
    '-c stops after exactly COUNT packets, --duration after the time; under sudo -w writes as the user',
    { timeout: 60_000 },
    async () => {
      const { port, dir, iperf } = lab;
      const pcap = path.join(dir, 'counted.pcap');
      // as if run with sudo by nobody: the CLI drops to nobody once the handle is open
      const counted = startBackground(
        process.execPath,
        [cliPath, 'capture', '-i', port, '-f', FILTER, '-c', '100', '-w', pcap, '--json'],
        { ...process.env, SUDO_UID: String(NOBODY), SUDO_GID: String(NOBODY) },
      );
      await counted.waitFor(/capturing on/);
      const timed = await Promise.all([
        lanlens(['capture', '-i', port, '-f', 'udp port 9', '--duration', '1', '--json']),
        iperf(),
      ]);
      const result = await counted.exited;
      assert.equal(result.code, 0, result.stderr);
      assert.equal(parseSnapshot(result.stdout, result.stderr).counters.packets, 100);
      assert.equal(statSync(pcap).uid, NOBODY, 'the -w file belongs to the sudo user');
      const read = await runOk('tcpdump', ['-r', pcap, '-n', '-q']);
      assert.equal(read.stdout.trim().split('\n').length, 100);
      assert.equal(timed[0].code, 0, timed[0].stderr);
      assert.equal(parseSnapshot(timed[0].stdout, timed[0].stderr).counters.packets, 0);
    },
  );

  test('-i any captures every interface in Linux cooked form', { timeout: 60_000 }, async () => {
    const { iperf } = lab;
    const capture = startBackground(process.execPath, [
      cliPath,
      'capture',
      '-i',
      'any',
      '-f',
      // `any` also sees other labs' veths, and the alerts lab beside this one runs iperf3 on the same port.
      `${FILTER} and net ${SUBNET}.0/24`,
      '-c',
      '40',
      '--json',
    ]);
    await capture.waitFor(/capturing on/);
    await iperf();
    const result = await capture.stop('SIGINT');
    assert.equal(result.code, 0, result.stderr);
    const snapshot = parseSnapshot(result.stdout, result.stderr);
    assert.equal(snapshot.counters.packets, 40);
    assert.ok(snapshot.source.kind === 'live' && snapshot.source.linkType === 113, 'LINKTYPE_LINUX_SLL');
    assert.ok(
      snapshot.protocols.some((node) => node.path === 'sll:ip:tcp' || node.path.startsWith('sll:ethertype:ip')),
      snapshot.protocols.map((node) => node.path).join(' '),
    );
  });

  test('the CLI: a bad filter and an unknown interface exit 2 with the reason', async () => {
    const { port } = lab;
    const filter = await lanlens(['capture', '-i', port, '-f', 'tcp port']);
    assert.equal(filter.code, 2, filter.stderr);
    assert.match(filter.stderr, /Invalid capture filter "tcp port": .*syntax error/);
    const unknown = await lanlens(['capture', '-i', 'llnosuch0']);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /No interface named "llnosuch0"/);
  });

  test(
    'the CLI: an interface deleted mid-capture ends it with the reason and a report',
    { timeout: 30_000 },
    async () => {
      const doomed = 'llv-live-8';
      await runOk('ip', ['link', 'add', doomed, 'type', 'veth', 'peer', 'name', `${doomed}p`]);
      try {
        await runOk('ip', ['link', 'set', doomed, 'up']);
        const capture = startBackground(process.execPath, [cliPath, 'capture', '-i', doomed, '--json']);
        await capture.waitFor(/capturing on/);
        await runOk('ip', ['link', 'del', doomed]);
        const result = await capture.exited;
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stderr, /stopped: .*interface/i);
        assert.equal(parseSnapshot(result.stdout, result.stderr).running, false);
      } finally {
        runSync('ip', ['link', 'del', doomed]);
      }
    },
  );

  describe('without privilege, as nobody', () => {
    let nobody: Unprivileged;
    before(() => {
      nobody = prepareUnprivileged();
    });
    after(() => nobody?.dispose());

    test('the CLI says what is missing and how to grant it', async () => {
      const { port } = lab;
      const result = await lanlensAsNobody(nobody, ['capture', '-i', port]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /CAP_NET_RAW/);
      assert.match(result.stderr, /fix: .*"LAN Lens: Grant Capture Permission".*`lanlens grant`/);
    });
  });
});
