// Issue 18, item 3: a full disk ends the recording, never the capture or the helper. The helper's
// temporary folder is a 256 KiB tmpfs this test mounts (and unmounts, also on failure); UDP to a
// loopback port fills it. And a temporary folder that cannot be written at all: the capture starts
// without a recording and says why.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runOk, runSync } from '../lab/exec';
import { startHelper } from '../lab/helperConnection';
import type { HelperConnection } from '../lab/helperConnection';
import {
  CaptureSaveRequest,
  CaptureSnapshotRequest,
  CaptureStartRequest,
  CaptureStopRequest,
  CaptureTickNotification,
} from '../../src/shared/helperProtocol';
import type { TrafficDelta } from '../../src/shared/model/traffic';

const PORT = 39_517;
const skip =
  process.getuid?.() !== 0
    ? 'mounting a small tmpfs and capturing on loopback need root (CI runs as root)'
    : runSync('which', ['tcpdump']).code !== 0
      ? 'tcpdump is not installed'
      : undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `count` UDP datagrams of `size` bytes to the loopback port, a few at a time. */
async function sendUdp(count: number, size = 1200): Promise<void> {
  const socket = createSocket('udp4');
  const payload = Buffer.alloc(size, 0x61);
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) =>
      socket.send(payload, PORT, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
    );
    if (i % 50 === 49) await sleep(5);
  }
  socket.close();
}

describe('recording failures keep the capture and the helper alive', { skip }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-recfail-'));
  const small = path.join(dir, 'small-tmp');
  let helper: HelperConnection | undefined;
  const ticks: TrafficDelta[] = [];

  before(async () => {
    mkdirSync(small);
    await runOk('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=1777', 'lanlens-recfail', small]);
  });

  after(async () => {
    await helper?.shutdown();
    runSync('umount', [small]);
    rmSync(dir, { recursive: true, force: true });
  });

  test(
    'a full disk stops the recording with a message; ticks, snapshot and save go on',
    { timeout: 60_000 },
    async () => {
      helper = await startHelper({ env: { TMPDIR: small } });
      helper.connection.onNotification(CaptureTickNotification.type, (delta) => ticks.push(delta));
      await helper.connection.sendRequest(CaptureStartRequest.type, {
        captureId: 'full',
        interface: 'lo',
        filter: `udp port ${PORT}`,
        tickMs: 200,
      });
      await sleep(300);
      // 600 datagrams of 1.2 kB, recorded with headers, are about three times the tmpfs.
      await sendUdp(600);
      const failed = async () => {
        for (let i = 0; i < 50; i++) {
          const problem = ticks.find((tick) => tick.counters.recording?.error);
          if (problem) return problem;
          await sleep(100);
        }
        return undefined;
      };
      const problem = await failed();
      assert.ok(problem, `a tick says the recording stopped (stderr: ${helper.stderr})`);
      const recording = problem.counters.recording!;
      assert.match(recording.error!, /Recording stopped after \d+ packets: the disk is full.*The capture goes on/);

      // The capture goes on: more packets are counted after the failure.
      const before = (await helper.connection.sendRequest(CaptureSnapshotRequest.type, { captureId: 'full' })).counters;
      await sendUdp(100);
      await sleep(500);
      const later = (await helper.connection.sendRequest(CaptureSnapshotRequest.type, { captureId: 'full' })).counters;
      assert.ok(later.packets >= before.packets + 100, `${later.packets} after ${before.packets}`);
      assert.equal(later.recording?.packets, recording.packets, 'the recording took no more packets');

      // What was recorded before the failure is a valid pcap of exactly the packets it reports.
      const saved = path.join(dir, 'saved.pcap');
      const result = await helper.connection.sendRequest(CaptureSaveRequest.type, { captureId: 'full', path: saved });
      assert.equal(result.packets, recording.packets);
      assert.ok(result.packets > 0, 'packets before the disk filled are kept');
      const read = await runOk('tcpdump', ['-r', saved, '-n', '-q']);
      assert.equal(read.stdout.trim().split('\n').length, result.packets);
      await helper.connection.sendRequest(CaptureStopRequest.type, { captureId: 'full' });
      assert.equal(helper.child.exitCode, null, 'the helper is alive');
      const code = await helper.shutdown();
      helper = undefined;
      assert.equal(code, 0);
    },
  );

  test(
    'a temporary folder that cannot be written: the capture starts without a recording and says why',
    { timeout: 30_000 },
    async () => {
      helper = await startHelper({ env: { TMPDIR: path.join(dir, 'no-such-folder') } });
      const start = await helper.connection.sendRequest(CaptureStartRequest.type, {
        captureId: 'norec',
        interface: 'lo',
        filter: `udp port ${PORT}`,
        tickMs: 200,
      });
      assert.equal(start.running, true);
      assert.match(
        start.counters.recording?.error ?? '',
        /Recording could not start: .*no-such-folder.*The capture goes on without one/,
      );
      await sendUdp(20);
      await sleep(400);
      const snapshot = await helper.connection.sendRequest(CaptureSnapshotRequest.type, { captureId: 'norec' });
      assert.ok(snapshot.counters.packets >= 20);
      await helper.connection.sendRequest(CaptureStopRequest.type, { captureId: 'norec' });
      const code = await helper.shutdown();
      helper = undefined;
      assert.equal(code, 0);
    },
  );

  test(
    'SIGTERM removes the recording; after SIGKILL the next helper removes it (issue 18, item 5)',
    { timeout: 30_000 },
    async () => {
      const recordings = path.join(dir, 'recordings');
      mkdirSync(recordings);
      const startCapture = async (captureId: string) => {
        const started = await startHelper({ env: { TMPDIR: recordings } });
        await started.connection.sendRequest(CaptureStartRequest.type, { captureId, interface: 'lo', tickMs: 200 });
        return started;
      };
      const left = () => readdirSync(recordings).filter((name) => name.startsWith('lanlens-capture-'));
      const exited = (child: HelperConnection['child']) =>
        new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('close', resolve)));

      const terminated = await startCapture('term');
      assert.equal(left().length, 1, 'a recording is being kept');
      terminated.child.kill('SIGTERM');
      await exited(terminated.child);
      assert.deepEqual(left(), [], 'SIGTERM cleaned up');

      const killed = await startCapture('kill');
      killed.child.kill('SIGKILL');
      await exited(killed.child);
      assert.equal(left().length, 1, 'SIGKILL leaves the folder');
      helper = await startHelper({ env: { TMPDIR: recordings } });
      assert.deepEqual(left(), [], 'the next helper removed it when it started');
      const code = await helper.shutdown();
      helper = undefined;
      assert.equal(code, 0);
    },
  );
});
