import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureHistory, MAX_HOUR_FLOWS } from '../../../../src/helper/history/captureHistory';
import { HistoryWriter } from '../../../../src/helper/history/historyWriter';
import type { HistoryWrite } from '../../../../src/helper/history/historyWriter';
import type { SqlDatabase } from '../../../../src/helper/history/sqlite';
import { delta, flow, passive } from '../../shared/trafficFixtures';
import { local, openTempHistory } from './historyFixtures';

const T0 = local(2024, 5, 15, 10, 0);

function run(db: SqlDatabase, writes: HistoryWrite[]): void {
  const writer = new HistoryWriter(db);
  for (const write of writes) write(writer);
}

const rows = (db: SqlDatabase, sql: string) =>
  db
    .prepare(sql)
    .all()
    .map((row) => ({ ...row }));

/** flow number `i`: its own port, `packets` packets of 60 bytes so far */
const f = (i: number, packets: number) => ({ ...flow(`f${i}`, T0, packets), bPort: i + 1 });

describe('a live capture in the history', () => {
  it('keeps an hour’s flows exact through trimming: the written stay, a dropped flow counts again from its next gain', () => {
    const { db } = openTempHistory();
    const capture = new CaptureHistory('eth0', '', T0, 2);
    const all = Array.from({ length: MAX_HOUR_FLOWS }, (_, i) => f(i, i + 1));
    capture.tick(delta('c', 1, { flows: all }), T0 + 1000);
    run(db, capture.take(T0 + 2000, false)); // the busiest two are written
    // A new flow past the limit drops the smaller half of those never written (f0 to f9998), so what
    // f5 had before is not in the hour; the written f19999 is kept and gains one packet.
    const more = [f(MAX_HOUR_FLOWS, 1), f(5, 6 + 100_000), f(MAX_HOUR_FLOWS - 1, MAX_HOUR_FLOWS + 1)];
    capture.tick(delta('c', 2, { flows: more }), T0 + 3000);
    run(db, capture.take(T0 + 4000, false));
    assert.deepEqual(
      rows(db, "SELECT b_port, packets_ab, bytes_ab FROM flow_traffic WHERE tier = 'hour' ORDER BY b_port"),
      [
        { b_port: 6, packets_ab: 100_000, bytes_ab: 6_000_000 },
        { b_port: MAX_HOUR_FLOWS - 1, packets_ab: MAX_HOUR_FLOWS - 1, bytes_ab: 60 * (MAX_HOUR_FLOWS - 1) },
        { b_port: MAX_HOUR_FLOWS, packets_ab: MAX_HOUR_FLOWS + 1, bytes_ab: 60 * (MAX_HOUR_FLOWS + 1) },
      ],
    );
  });

  it('writes the last sighting of each device between flushes, with the names it gave itself', () => {
    const { db } = openTempHistory();
    const capture = new CaptureHistory('eth0', '', T0);
    const mac = '02:00:00:00:00:09';
    const phone = (lastSeen: number, hostname?: string) =>
      passive('10.0.0.9', lastSeen, { mac, source: hostname ? 'dhcp' : 'arp', hostname, vendor: 'Acme' });
    const devices = [phone(T0 + 100), passive('10.0.0.8', T0 + 200, { source: 'ndp', hostname: 'not-its-own' })];
    capture.tick(delta('c', 1, { devices }), T0 + 1000);
    capture.tick(delta('c', 2, { devices: [phone(T0 + 1500, 'phone')] }), T0 + 2000);
    run(db, capture.take(T0 + 2500, false));
    assert.deepEqual(rows(db, 'SELECT key, mac, vendor, first_seen, last_seen FROM devices ORDER BY key'), [
      { key: mac, mac, vendor: 'Acme', first_seen: T0 + 1500, last_seen: T0 + 1500 },
      { key: 'ip:10.0.0.8', mac: null, vendor: null, first_seen: T0 + 200, last_seen: T0 + 200 },
    ]);
    assert.deepEqual(rows(db, 'SELECT ip, interface, subnet FROM device_ips ORDER BY ip'), [
      { ip: '10.0.0.8', interface: 'llb-x', subnet: '' },
      { ip: '10.0.0.9', interface: 'llb-x', subnet: '' },
    ]);
    assert.deepEqual(rows(db, 'SELECT source, name FROM device_names'), [{ source: 'dhcp', name: 'phone' }]);
  });
});
