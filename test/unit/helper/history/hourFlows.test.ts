import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HourFlows } from '../../../../src/helper/history/hourFlows';
import type { FlowSummary } from '../../../../src/shared/model/traffic';
import { flow } from '../../shared/trafficFixtures';

/** a flow to port `port` (its 5-tuple) */
const f = (port: number, patch: Partial<FlowSummary> = {}): FlowSummary => ({
  ...flow(`f${port}`, 0),
  bPort: port,
  ...patch,
});
/** bytes A→B, bytes B→A, packets A→B, packets B→A gained */
const g = (bytes: number, packets = 1, back = 0) => Float64Array.of(bytes, back, packets, 0);

describe('HourFlows', () => {
  it('sums each 5-tuple, and writes the busiest with what they gained since last written', () => {
    const hour = new HourFlows(100);
    const v6 = f(53, { transport: 'udp', aAddr: 'fd00::1', aPort: 5353, bAddr: 'fe80::2', app: 'dns' });
    hour.add(f(80), g(100));
    hour.add(v6, g(60));
    hour.add(f(443, { serverName: 'example.org' }), g(10));
    hour.add(f(80, { id: 'again' }), g(50, 1, 7));
    assert.deepEqual(hour.busiest(2), [
      { ...tuple(f(80)), bytesAtoB: 150, bytesBtoA: 7, packetsAtoB: 2, packetsBtoA: 0 },
      { ...tuple(v6), app: 'dns', bytesAtoB: 60, bytesBtoA: 0, packetsAtoB: 1, packetsBtoA: 0 },
    ]);
    hour.add(f(443), g(500, 3));
    hour.add(v6, g(5));
    // Port 80 gained nothing since it was written: not written again.
    assert.deepEqual(hour.busiest(3), [
      { ...tuple(f(443)), serverName: 'example.org', bytesAtoB: 510, bytesBtoA: 0, packetsAtoB: 4, packetsBtoA: 0 },
      { ...tuple(v6), app: 'dns', bytesAtoB: 5, bytesBtoA: 0, packetsAtoB: 1, packetsBtoA: 0 },
    ]);
  });

  it('past its limit, drops the smaller half of the flows never written, the first of equals first', () => {
    const hour = new HourFlows(6);
    hour.add(f(1), g(1));
    hour.busiest(1); // port 1 is written: it stays, however small
    for (const [port, bytes] of [
      [2, 30],
      [3, 10],
      [4, 30],
      [5, 40],
      [6, 20],
    ])
      hour.add(f(port), g(bytes));
    hour.add(f(7), g(5)); // 6 flows, 5 never written: the 3 smallest go, 3, 6 and 2 (which came before 4)
    assert.equal(hour.size, 4);
    const ports = hour.busiest(10).map((row) => row.bPort);
    assert.deepEqual(ports, [5, 4, 7]);
    hour.add(f(3), g(2));
    assert.deepEqual(hour.busiest(10), [
      { ...tuple(f(3)), bytesAtoB: 2, bytesBtoA: 0, packetsAtoB: 1, packetsBtoA: 0 },
    ]);
  });
});

function tuple({ transport, aAddr, aPort, bAddr, bPort }: FlowSummary) {
  return { transport, aAddr, aPort, bAddr, bPort };
}
