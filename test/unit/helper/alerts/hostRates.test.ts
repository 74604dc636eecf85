import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaptureTick } from '../../../../src/helper/alerts/alertInputs';
import { HostRates } from '../../../../src/helper/alerts/hostRates';
import type { HostTraffic, TrafficDelta } from '../../../../src/shared/model/traffic';
import { T0 } from './alertHarness';

const GATEWAY_MAC = '02:00:00:00:00:01';

/** A tick at `second` on `iface` whose delta holds `hosts`. */
function tick(second: number, hosts: Partial<HostTraffic>[], iface = 'eth0'): CaptureTick {
  const rows = hosts.map((host) => ({
    addr: '10.0.0.1',
    packetsIn: 1,
    bytesIn: 0,
    packetsOut: 1,
    bytesOut: 0,
    firstSeen: T0,
    lastSeen: T0 + second * 1000,
    ...host,
  }));
  return { time: T0 + second * 1000, interface: iface, delta: { hosts: rows } as unknown as TrafficDelta, arp: [] };
}

describe('captured hosts’ rates', () => {
  it('a host’s rate is its bytes since the tick before; a new host’s is spread over its life so far', () => {
    const rates = new HostRates();
    const none = new Set<string>();
    const cases: { second: number; bytesIn: number; bytesOut: number; in: number; out: number; firstSeen?: number }[] =
      [
        // New, seen for 4 s: its 8,000 bytes in over 4 s.
        { second: 4, bytesIn: 8_000, bytesOut: 400, in: 2_000, out: 100 },
        { second: 5, bytesIn: 9_000, bytesOut: 400, in: 1_000, out: 0 },
        // Two ticks apart: over 2 s.
        { second: 7, bytesIn: 13_000, bytesOut: 1_400, in: 2_000, out: 500 },
        // Counts that fall are a new capture: its whole count, over its life.
        { second: 9, bytesIn: 600, bytesOut: 0, in: 300, out: 0, firstSeen: T0 + 7_000 },
      ];
    const records = cases.map(({ second, bytesIn, bytesOut, firstSeen }) => {
      const [rate] = rates.update(tick(second, [{ bytesIn, bytesOut, firstSeen: firstSeen ?? T0 }]), none);
      return { ...rate };
    });
    assert.deepEqual(
      records.map((rate) => [rate.inBytesPerSecond, rate.outBytesPerSecond]),
      cases.map((row) => [row.in, row.out]),
    );
  });

  it('keeps one record per host and interface across ticks (what the rules keep on it stays)', () => {
    const rates = new HostRates();
    const none = new Set<string>();
    const [first] = rates.update(tick(1, [{ addr: '10.0.0.7', bytesIn: 10 }]), none);
    first.threshold = { epoch: 0, alert: undefined as never };
    const [again] = rates.update(tick(2, [{ addr: '10.0.0.7', bytesIn: 20 }]), none);
    const [elsewhere] = rates.update(tick(2, [{ addr: '10.0.0.7', bytesIn: 20 }], 'eth1'), none);
    assert.equal(again, first);
    assert.notEqual(elsewhere, first);
    assert.equal(elsewhere.threshold, undefined);
  });

  it('leaves out hosts reached through a gateway', () => {
    const rates = new HostRates();
    const hosts = [
      { addr: '10.0.0.7', mac: '02:00:00:00:00:07' },
      { addr: '93.184.216.34', mac: GATEWAY_MAC },
      { addr: '10.0.0.8' },
    ];
    assert.deepEqual(
      rates.update(tick(1, hosts), new Set([GATEWAY_MAC])).map((rate) => rate.addr),
      ['10.0.0.7', '10.0.0.8'],
    );
  });

  it('forgets the least recently active host past its bound, with its rules’ state', () => {
    const rates = new HostRates();
    const none = new Set<string>();
    const [oldest] = rates.update(tick(1, [{ addr: '10.9.0.1', bytesIn: 100 }]), none);
    const [active] = rates.update(tick(1, [{ addr: '10.9.0.2', bytesIn: 100 }]), none);
    const many = Array.from({ length: 16_383 }, (_, i) => ({ addr: `10.8.${i >> 8}.${i & 255}`, bytesIn: 100 }));
    // 16,385 hosts, the one not seen since tick 1 the least recently active: it goes (with a quarter of the rest).
    rates.update(tick(2, [...many, { addr: '10.9.0.2', bytesIn: 200 }]), none);
    const [activeAgain] = rates.update(tick(4, [{ addr: '10.9.0.2', bytesIn: 300 }]), none);
    const [oldestAgain] = rates.update(tick(4, [{ addr: '10.9.0.1', bytesIn: 300 }]), none);
    assert.equal(activeAgain, active);
    assert.notEqual(oldestAgain, oldest, 'forgotten, so a new record');
  });
});
