import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BandwidthSample } from '../../../../src/shared/model/traffic';
import { ipFrame } from '../../../fixtures/testFrames';
import { T0, alertHarness } from './alertHarness';

/** A reading a second of eth0 (and loopback), `rx` and `tx` in bytes per second. */
const reading = (second: number, rx: number, tx = 0): BandwidthSample => ({
  time: T0 + second * 1000,
  interfaces: [
    { interface: 'eth0', rxBytesPerSecond: rx, txBytesPerSecond: tx, rxTotalBytes: 1e9, txTotalBytes: 1e9 },
    { interface: 'lo', rxBytesPerSecond: 1e9, txBytesPerSecond: 1e9, rxTotalBytes: 1e12, txTotalBytes: 1e12 },
  ],
});

describe('bandwidth thresholds', () => {
  it('the download threshold of the followed interface fires once per episode, with its figures', () => {
    const lab = alertHarness({
      settings: { bandwidth: { interface: 'eth0', downBytesPerSecond: 1000, seconds: 3 }, spikes: { enabled: false } },
    });
    const rates = [2000, 2000, 500, 2000, 2000, 2000, 2000, 2000, 0, 0, 0, 5000, 5000, 5000];
    rates.forEach((rate, second) => lab.engine.bandwidth(reading(second, rate)));
    const alerts = lab.of('bandwidth-threshold');
    assert.deepEqual(
      alerts.map((alert) => alert.time),
      [T0 + 5000, T0 + 13_000],
    );
    assert.equal(alerts[0].severity, 'low');
    assert.equal(alerts[0].interface, 'eth0');
    assert.match(alerts[0].title, /^download on eth0 has been above its alert threshold for a while \(now 2/);
    assert.deepEqual(alerts[0].data, { direction: 'download', bytesPerSecond: 2000, threshold: 1000 });
  });

  it('follows the default route when no interface is set, and says nothing at 0', () => {
    const lab = alertHarness({
      network: { defaultInterface: 'eth0' },
      settings: { bandwidth: { upBytesPerSecond: 10, seconds: 1 }, spikes: { enabled: false } },
    });
    lab.engine.bandwidth(reading(0, 1e9, 100));
    assert.deepEqual(
      lab.of('bandwidth-threshold').map((alert) => alert.data?.direction),
      ['upload'],
    );
  });

  it("a captured host's rate above hostBytesPerSecond", () => {
    const lab = alertHarness({ settings: { bandwidth: { hostBytesPerSecond: 50_000, seconds: 3 } } });
    for (let second = 1; second <= 5; second++) {
      for (let i = 0; i < 100; i++) {
        lab.send(
          ipFrame({ src: '10.0.0.7', dst: '10.0.0.9', protocol: 'udp', sport: 5000, dport: 5001, payload: 1000 }),
          T0 + second * 1000 + i,
        );
      }
      lab.tick(T0 + second * 1000 + 999);
    }
    const alerts = lab.of('bandwidth-threshold');
    assert.deepEqual(
      alerts.map((alert) => alert.data?.host),
      ['10.0.0.7', '10.0.0.9'],
    );
  });

  it("a host's episode starts over after hostBytesPerSecond was off", () => {
    const lab = alertHarness({ settings: { bandwidth: { hostBytesPerSecond: 50_000, seconds: 2 } } });
    const busySecond = (second: number) => {
      for (let i = 0; i < 100; i++) {
        lab.send(
          ipFrame({ src: '10.0.0.7', dst: '10.0.0.9', protocol: 'udp', sport: 5000, dport: 5001, payload: 1000 }),
          T0 + second * 1000 + i,
        );
      }
      lab.tick(T0 + second * 1000 + 999);
    };
    for (let second = 1; second <= 3; second++) busySecond(second);
    assert.equal(lab.of('bandwidth-threshold').length, 2, 'both hosts, once');
    lab.engine.settings = {
      ...lab.engine.settings,
      bandwidth: { ...lab.engine.settings.bandwidth, hostBytesPerSecond: 0 },
    };
    busySecond(4);
    lab.engine.settings = {
      ...lab.engine.settings,
      bandwidth: { ...lab.engine.settings.bandwidth, hostBytesPerSecond: 50_000 },
    };
    busySecond(5);
    assert.equal(lab.of('bandwidth-threshold').length, 2, 'a new episode needs its seconds again');
    busySecond(6);
    assert.equal(lab.of('bandwidth-threshold').length, 4, 'then each host once more');
  });
});

describe('traffic spikes', () => {
  it('a jump far above a learnt baseline fires once; not before the baseline has learnt', () => {
    const lab = alertHarness({ settings: { spikes: { baselineMinutes: 1, seconds: 3, minimumBytesPerSecond: 1000 } } });
    // 30 s of learning: a jump then is not a spike yet.
    for (let second = 0; second < 30; second++) lab.engine.bandwidth(reading(second, 10_000 + (second % 3) * 1000));
    for (let second = 30; second < 35; second++) lab.engine.bandwidth(reading(second, 5_000_000));
    assert.deepEqual(lab.of('traffic-spike'), []);
    for (let second = 35; second < 120; second++) lab.engine.bandwidth(reading(second, 10_000 + (second % 3) * 1000));
    for (let second = 120; second < 130; second++) lab.engine.bandwidth(reading(second, 5_000_000));
    const spikes = lab.of('traffic-spike');
    assert.equal(spikes.length, 1);
    assert.equal(spikes[0].time, T0 + 122_000, 'after 3 readings up');
    assert.match(spikes[0].title, /^Traffic spike: download on eth0 at 5(\.0+)? MB\/s, \d+ times its usual/);
    assert.equal(lab.of('traffic-spike').filter((spike) => spike.interface === 'lo').length, 0, 'never loopback');
  });

  it('ordinary variation around the baseline is no spike', () => {
    const lab = alertHarness({ settings: { spikes: { baselineMinutes: 1, seconds: 2, minimumBytesPerSecond: 1000 } } });
    for (let second = 0; second < 600; second++) {
      const burst = second % 17 === 0 ? 4 : 1;
      lab.engine.bandwidth(reading(second, 100_000 * burst, 20_000 * burst));
    }
    assert.deepEqual(lab.of('traffic-spike'), []);
  });

  it("a captured host's jump after quiet minutes", () => {
    const lab = alertHarness({
      settings: { spikes: { baselineMinutes: 1, seconds: 2, minimumBytesPerSecond: 10_000 } },
    });
    const udp = (payload: number) =>
      ipFrame({ src: '10.0.0.7', dst: '10.0.0.9', protocol: 'udp', sport: 5000, dport: 5001, payload });
    for (let second = 0; second < 90; second++) {
      lab.send(udp(100), T0 + second * 1000);
      lab.tick(T0 + second * 1000 + 500);
    }
    for (let second = 90; second < 95; second++) {
      for (let i = 0; i < 50; i++) lab.send(udp(1400), T0 + second * 1000 + i);
      lab.tick(T0 + second * 1000 + 500);
    }
    const spikes = lab.of('traffic-spike');
    assert.deepEqual(
      spikes.map((spike) => spike.title.replace(/ at .*/, '')),
      ['Traffic spike: traffic from 10.0.0.7', 'Traffic spike: traffic to 10.0.0.9'],
    );
  });
});
