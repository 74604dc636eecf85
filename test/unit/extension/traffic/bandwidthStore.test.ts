import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeInterface } from '../../../../src/shared/traffic/activeInterface';
import { BandwidthHistory } from '../../../../src/extension/traffic/bandwidthHistory';
import { ThresholdAlert } from '../../../../src/helper/alerts/thresholdAlert';
import type { BandwidthSample } from '../../../../src/shared/model/traffic';

const sample = (time: number, ...interfaces: [string, number, number][]): BandwidthSample => ({
  time,
  interfaces: interfaces.map(([name, rx, total]) => ({
    interface: name,
    rxBytesPerSecond: rx,
    txBytesPerSecond: rx / 2,
    rxTotalBytes: total,
    txTotalBytes: total,
  })),
});

describe('bandwidth history', () => {
  it('keeps the last 300 readings (five minutes at 1 s), oldest first, whatever runs through it', () => {
    const history = new BandwidthHistory();
    for (let second = 0; second < 1000; second++) history.add(sample(second * 1000, ['eth0', second, 0]));
    const kept = history.samples();
    assert.equal(kept.length, 300);
    assert.equal(kept[0].time, 700_000);
    assert.equal(kept[299].time, 999_000);
    assert.equal(history.latestOf('eth0')?.rxBytesPerSecond, 999);
    assert.equal(history.latestOf('wlan0'), undefined);
  });

  it('holds fewer than its capacity in order, and empties', () => {
    const history = new BandwidthHistory(4);
    assert.equal(history.latest(), undefined);
    for (const time of [1, 2, 3]) history.add(sample(time));
    assert.deepEqual(
      history.samples().map((entry) => entry.time),
      [1, 2, 3],
    );
    for (const time of [4, 5]) history.add(sample(time));
    assert.deepEqual(
      history.samples().map((entry) => entry.time),
      [2, 3, 4, 5],
    );
    history.clear();
    assert.deepEqual(history.samples(), []);
  });
});

describe('threshold alert', () => {
  const run = (alert: ThresholdAlert, rates: number[]) => rates.map((rate) => alert.observe(rate));

  it('fires once after N readings in a row above the threshold', () => {
    const alert = new ThresholdAlert({ bytesPerSecond: 1000, seconds: 3 });
    assert.deepEqual(run(alert, [2000, 2000, 500, 2000, 2000, 2000, 2000, 2000]), [
      false,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
  });

  it('re-arms only after as many readings at or below the threshold', () => {
    const alert = new ThresholdAlert({ bytesPerSecond: 1000, seconds: 2 });
    // fires, dips for one reading (still quiet), dips for two (re-armed), fires again
    assert.deepEqual(run(alert, [5000, 5000, 1000, 5000, 5000, 0, 0, 5000, 5000]), [
      false,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('is off at 0 and starts over when the rule changes', () => {
    const alert = new ThresholdAlert({ bytesPerSecond: 0, seconds: 1 });
    assert.deepEqual(run(alert, [1e12, 1e12]), [false, false]);
    alert.setRule({ bytesPerSecond: 10, seconds: 1 });
    assert.deepEqual(run(alert, [11]), [true]);
    alert.setRule({ bytesPerSecond: 10, seconds: 1 });
    assert.deepEqual(run(alert, [11]), [false], 'the same rule does not re-arm');
    alert.setRule({ bytesPerSecond: 5, seconds: 1 });
    assert.deepEqual(run(alert, [11]), [true]);
  });
});

describe('active interface', () => {
  const readings = sample(0, ['lo', 0, 9e9], ['eth0', 0, 100], ['wlan0', 0, 5000]);
  const cases: [string, string, string | undefined, string | undefined][] = [
    ['the setting wins', 'eth0', 'wlan0', 'eth0'],
    ['else the default route', '', 'eth0', 'eth0'],
    ['a default route that is not measured is ignored', '', 'tun9', 'wlan0'],
    ['else the busiest non-loopback interface', '', undefined, 'wlan0'],
  ];
  for (const [name, configured, route, expected] of cases) {
    it(name, () => assert.equal(activeInterface(readings, configured, route), expected));
  }
  it('falls back to loopback when it is all there is', () => {
    assert.equal(activeInterface(sample(0, ['lo', 1, 1]), '', undefined), 'lo');
  });
});
