import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { bandwidthCommand } from '../../../src/helper/cli/bandwidthCommand';
import type { InterfaceCounters } from '../../../src/helper/os/bandwidthRates';
import { BandwidthRates } from '../../../src/helper/os/bandwidthRates';
import { readInterfaceCounters } from '../../../src/helper/os/bandwidthWatcher';
import { startProtocolServer } from '../../../src/helper/server/protocolServer';
import {
  BandwidthNotification,
  BandwidthWatchRequest,
  HelperErrorCode,
  ShutdownRequest,
} from '../../../src/shared/helperProtocol';
import type { BandwidthSample } from '../../../src/shared/model/traffic';

const reading = (name: string, rxBytes: number, txBytes: number): InterfaceCounters => ({
  interface: name,
  rxBytes,
  txBytes,
});

describe('bandwidth rates from OS counters', () => {
  const cases: { name: string; readings: [number, InterfaceCounters[]][]; rx: number[]; tx: number[] }[] = [
    {
      name: 'the first reading has no rate, later ones divide by the elapsed time',
      readings: [
        [0, [reading('eth0', 1000, 500)]],
        [1000, [reading('eth0', 3000, 600)]],
        [3000, [reading('eth0', 7000, 600)]],
      ],
      rx: [0, 2000, 2000],
      tx: [0, 100, 0],
    },
    {
      name: 'a counter that goes down was reset: the interval counts the bytes since the reset',
      readings: [
        [0, [reading('eth0', 9_000_000, 9_000_000)]],
        [1000, [reading('eth0', 400, 100)]],
        [2000, [reading('eth0', 900, 100)]],
      ],
      rx: [0, 400, 500],
      tx: [0, 100, 0],
    },
    {
      name: 'zeros after non-zero counters are a failed read: skipped, and the next reading is not a burst',
      readings: [
        [0, [reading('eth0', 5000, 5000)]],
        [1000, [reading('eth0', 0, 0)]],
        [2000, [reading('eth0', 7000, 5000)]],
      ],
      rx: [0, NaN, 1000],
      tx: [0, NaN, 0],
    },
  ];
  for (const { name, readings, rx, tx } of cases) {
    it(name, () => {
      const rates = new BandwidthRates();
      readings.forEach(([time, counters], i) => {
        const sample = rates.next(counters, time);
        const entry = sample.interfaces.find((candidate) => candidate.interface === 'eth0');
        if (Number.isNaN(rx[i])) {
          assert.equal(entry, undefined, `reading ${i} is left out`);
          return;
        }
        assert.ok(entry, `reading ${i}`);
        assert.equal(entry.rxBytesPerSecond, rx[i], `rx of reading ${i}`);
        assert.equal(entry.txBytesPerSecond, tx[i], `tx of reading ${i}`);
        assert.equal(entry.rxTotalBytes, counters[0].rxBytes);
      });
    });
  }

  it('an interface that disappears starts afresh when it comes back', () => {
    const rates = new BandwidthRates();
    rates.next([reading('eth0', 100, 100), reading('wlan0', 100, 100)], 0);
    rates.next([reading('eth0', 200, 200)], 1000);
    const back = rates.next([reading('eth0', 300, 300), reading('wlan0', 100_000, 100_000)], 2000);
    assert.deepEqual(
      back.interfaces.map((entry) => [entry.interface, entry.rxBytesPerSecond]),
      [
        ['eth0', 100],
        ['wlan0', 0],
      ],
    );
  });

  it('reads the real counters of this machine, loopback included, without privilege', async () => {
    const counters = await readInterfaceCounters();
    const loopback = counters.find((entry) => entry.interface === 'lo');
    assert.ok(loopback, `lo among ${counters.map((entry) => entry.interface).join(', ')}`);
    assert.ok(loopback.rxBytes >= 0 && Number.isInteger(loopback.rxBytes));
  });
});

describe('bandwidth/watch over the protocol', () => {
  function pair(script: InterfaceCounters[][]) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    let reads = 0;
    startProtocolServer({
      input: toServer,
      output: toClient,
      exit: () => undefined,
      readCounters: () => Promise.resolve(script[Math.min(reads++, script.length - 1)]),
    });
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const samples: BandwidthSample[] = [];
    client.onNotification(BandwidthNotification.type, (sample) => samples.push(sample));
    client.listen();
    return { client, samples, reads: () => reads };
  }

  it('sends one reading at once and then one per interval, and stops on 0', async () => {
    const { client, samples, reads } = pair([
      [reading('eth0', 0, 0)],
      [reading('eth0', 1000, 10)],
      [reading('eth0', 2000, 20)],
    ]);
    await client.sendRequest(BandwidthWatchRequest.type, { intervalMs: 500 });
    while (samples.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    await client.sendRequest(BandwidthWatchRequest.type, { intervalMs: 0 });
    const stoppedAt = reads();
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(reads(), stoppedAt, 'no reading after the watch stopped');
    assert.equal(samples[0].interfaces[0].rxBytesPerSecond, 0);
    // About 2000 B/s: 1000 bytes over about half a second (a timer may fire a millisecond early by
    // the clock the rate is measured with: 2004 B/s was seen).
    const rate = samples[1].interfaces[0].rxBytesPerSecond;
    assert.ok(rate > 500 && rate < 2100, `rate ${rate}`);
    assert.equal(samples[2].interfaces[0].rxTotalBytes, 2000);
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
  });

  for (const intervalMs of [-1, 10, 499, 1.5, 60_001, Number.NaN]) {
    it(`refuses intervalMs ${intervalMs} with InvalidParams`, async () => {
      const { client } = pair([[reading('eth0', 0, 0)]]);
      await assert.rejects(
        client.sendRequest(BandwidthWatchRequest.type, { intervalMs }),
        (error: ResponseError<unknown>) =>
          error.code === (HelperErrorCode.InvalidParams as number) && /intervalMs/.test(error.message),
      );
      client.dispose();
    });
  }
});

describe('lanlens bandwidth', () => {
  it('prints one JSON sample per reading for the named interface', async () => {
    const out: string[] = [];
    let reads = 0;
    const code = await bandwidthCommand(
      { interface: 'eth0', intervalMs: 10, count: 2, json: true },
      { out: (text) => out.push(text), err: (text) => assert.fail(text) },
      () => Promise.resolve([reading('eth0', 100 * reads, 0), reading('lo', 5, 5 * reads++)]),
    );
    assert.equal(code, 0);
    assert.equal(out.length, 2);
    const samples = out.map((line) => JSON.parse(line) as BandwidthSample);
    assert.deepEqual(
      samples.map((sample) => sample.interfaces.map((entry) => [entry.interface, entry.rxTotalBytes])),
      [[['eth0', 100]], [['eth0', 200]]],
    );
    assert.ok(samples[0].interfaces[0].rxBytesPerSecond > 0);
  });

  it('names an unknown interface and exits 2', async () => {
    const errors: string[] = [];
    const code = await bandwidthCommand(
      { interface: 'nope0', intervalMs: 10, count: 1, json: false },
      { out: () => undefined, err: (text) => errors.push(text) },
      () => Promise.resolve([reading('eth0', 1, 1)]),
    );
    assert.equal(code, 2);
    assert.match(errors.join('\n'), /nope0/);
  });
});
