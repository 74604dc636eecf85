// Live capture on a namespace lab, with tcpdump as the oracle: while iperf3 runs between two lab
// hosts, `lanlens capture` and tcpdump capture the same interface with the same filter, so they
// must count the same packets. Also: the -w pcap, the server's ticks and save (as the sudo user),
// and the failures: no privilege, a bad filter, an unknown interface, an interface deleted mid-capture.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import { startBackground } from '../lab/background';
import type { Background } from '../lab/background';
import { cliPath, lanlens, lanlensAsNobody, prepareUnprivileged } from '../lab/cli';
import type { Unprivileged } from '../lab/cli';
import { runOk, runSync } from '../lab/exec';
import { startHelper } from '../lab/helperConnection';
import type { HelperConnection } from '../lab/helperConnection';
import { createLab, labSkipReason } from '../lab/lab';
import type { Lab } from '../lab/lab';
import {
  CapturePacketsRequest,
  CaptureSaveRequest,
  CaptureSnapshotRequest,
  CaptureStartRequest,
  CaptureStopRequest,
  CaptureTickNotification,
  HelperErrorCode,
  InterfacesRequest,
} from '../../src/shared/helperProtocol';
import type { CaptureStatus } from '../../src/shared/model/capture';
import type { TrafficDelta, TrafficSnapshot } from '../../src/shared/model/traffic';

const skip = labSkipReason() ?? (runSync('which', ['iperf3']).code !== 0 ? 'iperf3 is not installed' : undefined);
const SUBNET = '10.213.52'; // this suite's own /24
const IPERF_PORT = 5201;
const FILTER = `port ${IPERF_PORT}`;
const NOBODY = 65534;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live capture on a namespace lab', { skip }, () => {
  let lab: Lab;
  let server: Background;
  let dir: string;
  /** the host-side end of host 1's veth: every frame to and from the iperf3 server passes it */
  let port: string;

  before(async () => {
    lab = await createLab({
      suite: 'live',
      bridgeIp: `${SUBNET}.1`,
      hosts: [
        { ip: `${SUBNET}.11`, mac: '02:13:52:00:00:11' },
        { ip: `${SUBNET}.12`, mac: '02:13:52:00:00:12' },
      ],
    });
    port = 'llv-live-1';
    server = startBackground('ip', [
      'netns',
      'exec',
      lab.hosts[0].namespace,
      'iperf3',
      '--server',
      '--forceflush',
      '--bind',
      lab.hosts[0].ip,
      '--port',
      String(IPERF_PORT),
    ]);
    await server.waitFor(/Server listening/);
    dir = mkdtempSync(path.join(tmpdir(), 'lanlens-live-'));
    chmodSync(dir, 0o777); // the sudo-user tests write here as nobody
  });

  after(async () => {
    await server?.stop('SIGKILL');
    lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** iperf3 from host 2 to host 1: TCP, then small UDP datagrams; both paced so nothing need drop. */
  async function iperf(): Promise<void> {
    const client = (extra: string[]) =>
      runOk(
        'ip',
        [
          'netns',
          'exec',
          lab.hosts[1].namespace,
          'iperf3',
          '--client',
          lab.hosts[0].ip,
          '--port',
          String(IPERF_PORT),
          '--time',
          '2',
          ...extra,
        ],
        { timeoutMs: 60_000 },
      );
    await client(['--bitrate', '50M']);
    await client(['--udp', '--bitrate', '20M', '--length', '200']);
  }

  test(
    'LAN Lens counts exactly the packets tcpdump counts on the same interface and filter',
    { timeout: 120_000 },
    async () => {
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
    const capture = startBackground(process.execPath, [
      cliPath,
      'capture',
      '-i',
      'any',
      '-f',
      FILTER,
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

  describe('in server mode', () => {
    let helper: HelperConnection;
    const ticks: TrafficDelta[] = [];

    before(async () => {
      // as if started with sudo by nobody: saved files must belong to nobody, not root
      helper = await startHelper({ env: { SUDO_UID: String(NOBODY), SUDO_GID: String(NOBODY) } });
      helper.connection.onNotification(CaptureTickNotification.type, (delta) => ticks.push(delta));
    });

    after(async () => {
      const code = await helper?.shutdown();
      assert.equal(code, 0, `helper exit ${code}: ${helper?.stderr}`);
    });

    test(
      'capture/start ticks once a second, save writes a pcap owned by the sudo user, stop answers the total',
      { timeout: 90_000 },
      async () => {
        const start = await helper.connection.sendRequest(CaptureStartRequest.type, {
          captureId: 'c1',
          interface: port,
          filter: FILTER,
          tickMs: 500,
        });
        assert.equal(start.running, true);
        assert.equal(start.source.kind, 'live');
        await iperf();
        await sleep(500);
        const saved = path.join(dir, 'saved.pcap');
        const result = await helper.connection.sendRequest(CaptureSaveRequest.type, { captureId: 'c1', path: saved });
        const owner = statSync(saved);
        assert.equal(owner.uid, NOBODY, 'the saved pcap belongs to the sudo user');
        assert.equal(owner.gid, NOBODY);
        assert.equal(statSync(saved).size, result.bytes);
        const read = await runOk('tcpdump', ['-r', saved, '-n', '-q']);
        assert.equal(read.stdout.trim().split('\n').length, result.packets);
        // the recording is on disk a tick at most after the packets: its pages hold them all
        await sleep(600);
        const page = await helper.connection.sendRequest(CapturePacketsRequest.type, {
          captureId: 'c1',
          from: 1,
          count: 5,
        });
        assert.equal(page.total, result.packets);
        assert.equal(page.packets[0]?.index, 1);
        const stopped = await helper.connection.sendRequest(CaptureStopRequest.type, { captureId: 'c1' });
        assert.equal(stopped.running, false);
        assert.ok(stopped.counters.packets >= result.packets);
        const mine = ticks.filter((tick) => tick.captureId === 'c1');
        assert.ok(mine.length >= 4, `${mine.length} ticks in more than 4 s at 500 ms`);
        assert.deepEqual(
          mine.map((tick) => tick.tick),
          mine.map((_, index) => index + 1),
          'ticks are numbered 1, 2, 3…',
        );
        assert.equal(mine.at(-1)!.running, false, 'a last tick follows the stop');
        assert.equal(mine.at(-1)!.counters.packets, stopped.counters.packets);
        assert.equal(typeof mine.at(-1)!.counters.kernelDrops, 'number');
        // a stopped capture still answers snapshot, and stop is safe to repeat
        const again = await helper.connection.sendRequest(CaptureStopRequest.type, { captureId: 'c1' });
        assert.equal(again.counters.packets, stopped.counters.packets);
      },
    );

    test(
      'an interface deleted mid-capture ends the capture with the reason; the helper lives on',
      { timeout: 30_000 },
      async () => {
        const doomed = 'llv-live-9';
        await runOk('ip', ['link', 'add', doomed, 'type', 'veth', 'peer', 'name', `${doomed}p`]);
        try {
          await runOk('ip', ['link', 'set', doomed, 'up']);
          await helper.connection.sendRequest(CaptureStartRequest.type, {
            captureId: 'gone',
            interface: doomed,
            tickMs: 200,
          });
          await sleep(300);
          await runOk('ip', ['link', 'del', doomed]);
          const deadline = Date.now() + 10_000;
          while (!ticks.some((tick) => tick.captureId === 'gone' && !tick.running) && Date.now() < deadline)
            await sleep(50);
          const last = ticks.filter((tick) => tick.captureId === 'gone').at(-1);
          assert.ok(last && !last.running, 'a last tick says the capture stopped');
          assert.match(last.stopReason ?? '', /interface/i);
          const snapshot = await helper.connection.sendRequest(CaptureSnapshotRequest.type, { captureId: 'gone' });
          assert.equal(snapshot.running, false);
          const { interfaces } = await helper.connection.sendRequest(InterfacesRequest.type);
          assert.ok(interfaces.length > 0, 'the helper still answers');
        } finally {
          runSync('ip', ['link', 'del', doomed]);
        }
      },
    );

    test('bad input is refused with the right error codes', async () => {
      const refused = async (params: { interface: string; filter?: string }) => {
        try {
          await helper.connection.sendRequest(CaptureStartRequest.type, { captureId: 'bad', ...params });
        } catch (error) {
          return error as ResponseError<unknown>;
        }
        assert.fail(`capture/start ${JSON.stringify(params)} was accepted`);
      };
      const filter = await refused({ interface: port, filter: 'tcp port' });
      assert.equal(filter.code, HelperErrorCode.InvalidParams);
      assert.match(filter.message, /syntax error/, "pcap's own message");
      const unknown = await refused({ interface: 'llnosuch0' });
      assert.equal(unknown.code, HelperErrorCode.UnknownInterface);
      const stop = await helper.connection
        .sendRequest(CaptureStopRequest.type, { captureId: 'never' })
        .catch((error: ResponseError<unknown>) => error);
      assert.equal((stop as ResponseError<unknown>).code, HelperErrorCode.UnknownCapture);
    });
  });

  test('the CLI: a bad filter and an unknown interface exit 2 with the reason', async () => {
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
      const result = await lanlensAsNobody(nobody, ['capture', '-i', port]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /CAP_NET_RAW/);
      assert.match(result.stderr, /fix: .*setcap cap_net_raw/);
    });

    test('capture/start answers CaptureUnavailable with the status and its fix', async () => {
      const helper = await startHelper({ asNobody: nobody });
      try {
        const error = await helper.connection
          .sendRequest(CaptureStartRequest.type, { captureId: 'np', interface: port })
          .then(() => assert.fail('capture/start succeeded as nobody'))
          .catch((caught: ResponseError<CaptureStatus>) => caught);
        assert.equal(error.code, HelperErrorCode.CaptureUnavailable);
        assert.equal(error.data?.available, false);
        assert.equal(error.data?.problem?.code, 'no-privilege');
        assert.match(error.data?.problem?.fix ?? '', /setcap/);
      } finally {
        assert.equal(await helper.shutdown(), 0);
      }
    });
  });
});
