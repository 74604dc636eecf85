// Live capture over the helper protocol on a namespace lab while iperf3 runs between two lab hosts:
// capture/start ticks once a period, numbered 1, 2, 3…, with a last tick after the stop;
// capture/save writes a pcap owned by the sudo user that tcpdump reads whole; and the failures: a
// folder the sudo user cannot write (FileNotWritten with its errno), an interface deleted
// mid-capture, a bad filter, an unknown interface or capture, no privilege. The same capture from
// the CLI against tcpdump: liveCapture.test.ts.
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import { unprivilegedSuite } from '../lab/cli';
import { runOk, runSync } from '../lab/exec';
import { startHelper } from '../lab/helperConnection';
import type { HelperConnection } from '../lab/helperConnection';
import { IPERF_PORT, iperfLabSuite } from '../lab/iperfLab';
import { labSkipReason } from '../lab/lab';
import {
  CaptureSaveRequest,
  CaptureSnapshotRequest,
  CaptureStartRequest,
  CaptureStopRequest,
  CaptureTickNotification,
  HelperErrorCode,
  InterfacesRequest,
} from '../../src/shared/helperProtocol';
import type { ConversationKey, FileNotWrittenData } from '../../src/shared/helperProtocol';
import { CapturePacketsRequest } from '../../src/shared/captureFileProtocol';
import type { CaptureStatus } from '../../src/shared/model/capture';
import type { TrafficDelta } from '../../src/shared/model/traffic';

const skip = labSkipReason() ?? (runSync('which', ['iperf3']).code !== 0 ? 'iperf3 is not installed' : undefined);
const SUBNET = '10.213.54'; // this suite's own /24
const FILTER = `port ${IPERF_PORT}`;
const NOBODY = 65534;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live capture over the helper protocol on a namespace lab', { skip }, () => {
  const lab = iperfLabSuite('capsrv', SUBNET);

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
        const { port, dir, iperf } = lab;
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

    test('a save the sudo user cannot write answers FileNotWritten with the errno, for the extension to word', async () => {
      // c1, stopped above, keeps its recording; nobody cannot create files in a folder of root's.
      const locked = path.join(lab.dir, 'locked');
      mkdirSync(locked, { mode: 0o755 });
      const file = path.join(locked, 'saved.pcap');
      const conversation: ConversationKey = {
        transport: 'tcp',
        a: `${SUBNET}.11`,
        aPort: 1,
        b: `${SUBNET}.12`,
        bPort: 2,
      };
      for (const conversations of [undefined, [conversation]]) {
        const error = await helper.connection
          .sendRequest(CaptureSaveRequest.type, { captureId: 'c1', path: file, conversations })
          .then(() => assert.fail(`${file} was written`))
          .catch((caught: ResponseError<FileNotWrittenData>) => caught);
        assert.equal(error.code, HelperErrorCode.FileNotWritten, error.message);
        assert.deepEqual(error.data, { code: 'EACCES' });
      }
    });

    test(
      'an interface deleted mid-capture ends the capture with the reason; the helper lives on',
      { timeout: 30_000 },
      async () => {
        const doomed = 'llv-capsrv-9';
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
      const { port } = lab;
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

  describe('without privilege, as nobody', () => {
    const nobody = unprivilegedSuite();

    test('capture/start answers CaptureUnavailable with the status and its fix', async () => {
      const { port } = lab;
      const helper = await startHelper({ asNobody: nobody() });
      try {
        const error = await helper.connection
          .sendRequest(CaptureStartRequest.type, { captureId: 'np', interface: port })
          .then(() => assert.fail('capture/start succeeded as nobody'))
          .catch((caught: ResponseError<CaptureStatus>) => caught);
        assert.equal(error.code, HelperErrorCode.CaptureUnavailable);
        assert.equal(error.data?.available, false);
        assert.equal(error.data?.problem?.code, 'no-privilege');
        assert.match(error.data?.problem?.fix ?? '', /Grant Capture Permission/);
      } finally {
        assert.equal(await helper.shutdown(), 0);
      }
    });
  });
});
