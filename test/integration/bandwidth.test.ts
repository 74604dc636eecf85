// `lanlens bandwidth` as `nobody` (no root, no CAP_NET_RAW) while this test streams bytes over
// loopback: every reading must agree with the kernel's own counters as iproute2 reports them, and
// each rate must be exactly the counter difference over the time between readings.
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { BandwidthSample } from '../../src/shared/model/traffic';
import { lanlensAsNobody, prepareUnprivileged } from '../lab/cli';
import type { Unprivileged } from '../lab/cli';
import { runOk } from '../lab/exec';
import { labSkipReason } from '../lab/lab';

const skip = labSkipReason();

/** Loopback's received and sent bytes as `ip -s -j link` reports them. */
async function iproute2Counters(): Promise<{ rx: number; tx: number }> {
  const { stdout } = await runOk('ip', ['-s', '-j', 'link', 'show', 'lo']);
  const [link] = JSON.parse(stdout) as { stats64: { rx: { bytes: number }; tx: { bytes: number } } }[];
  return { rx: link.stats64.rx.bytes, tx: link.stats64.tx.bytes };
}

describe('lanlens bandwidth without privilege', { skip }, () => {
  let nobody: Unprivileged;
  let server: Server;
  let sender: Socket | undefined;
  let streaming = true;

  before(async () => {
    nobody = prepareUnprivileged();
    // A sink on 127.0.0.1 and a sender that keeps it busy: traffic the readings must see.
    server = createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sender = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    const pump = () => {
      while (streaming && sender!.write(chunk));
    };
    sender.on('drain', () => setTimeout(pump, 5));
    sender.on('connect', pump);
  });

  after(() => {
    streaming = false;
    sender?.destroy();
    server?.close();
    nobody?.dispose();
  });

  test('readings of lo agree with the kernel counters, and rates are counter deltas over time', async () => {
    const before = await iproute2Counters();
    const result = await lanlensAsNobody(nobody, [
      'bandwidth',
      '-i',
      'lo',
      '--interval',
      '500',
      '--count',
      '4',
      '--json',
    ]);
    const afterwards = await iproute2Counters();
    assert.equal(result.code, 0, result.stderr);
    const samples = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as BandwidthSample);
    assert.equal(samples.length, 4);
    const lo = samples.map((sample) => {
      assert.deepEqual(
        sample.interfaces.map((entry) => entry.interface),
        ['lo'],
      );
      return { time: sample.time, ...sample.interfaces[0] };
    });
    for (const [i, reading] of lo.entries()) {
      assert.ok(reading.rxTotalBytes >= before.rx && reading.rxTotalBytes <= afterwards.rx, `reading ${i} total`);
      assert.ok(reading.txTotalBytes >= before.tx && reading.txTotalBytes <= afterwards.tx, `reading ${i} total`);
      if (i === 0) continue;
      const previous = lo[i - 1];
      const seconds = (reading.time - previous.time) / 1000;
      assert.ok(seconds > 0, 'readings are in time order');
      const moved = reading.rxTotalBytes - previous.rxTotalBytes;
      assert.ok(Math.abs(reading.rxBytesPerSecond * seconds - moved) < 1, `rate ${i} is its counter delta over time`);
      const sent = reading.txTotalBytes - previous.txTotalBytes;
      assert.ok(Math.abs(reading.txBytesPerSecond * seconds - sent) < 1, `upload rate ${i} likewise`);
    }
    assert.ok(
      lo.slice(1).some((reading) => reading.rxBytesPerSecond > 1_000_000),
      `the stream shows (rates ${lo.map((reading) => Math.round(reading.rxBytesPerSecond)).join(', ')} B/s)`,
    );
  });
});
