import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BandwidthWriter } from '../../../../src/helper/history/bandwidthHistory';
import { trimFlows } from '../../../../src/helper/history/flowTrim';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../src/helper/history/historySchema';
import { HistoryWriter } from '../../../../src/helper/history/historyWriter';
import { queryBandwidth } from '../../../../src/helper/history/queries/bandwidthQuery';
import { pruneHistory } from '../../../../src/helper/history/retention';
import { scanWrite } from '../../../../src/helper/history/scanHistory';
import { device } from '../../extension/deviceFixtures';
import { local, openTempHistory, tempDbPath, scanResult } from './historyFixtures';

const DAY = 86_400_000;

describe('schema migrations', () => {
  for (const older of MIGRATIONS.slice(0, -1)) {
    it(`migrates a database of schema ${older.version} to ${SCHEMA_VERSION}, keeping its data`, () => {
      const file = tempDbPath();
      const old = openTempHistory(
        { migrations: MIGRATIONS.filter((migration) => migration.version <= older.version) },
        file,
      );
      assert.equal(old.schemaVersion, older.version);
      const minute = local(2024, 5, 15, 10, 0);
      new BandwidthWriter(old.db).add({
        interface: 'eth0',
        start: minute,
        rx: 500,
        tx: 50,
        minuteRx: 500,
        minuteTx: 50,
      });
      old.db.close();

      const logs: string[] = [];
      const current = openTempHistory({ log: (line) => logs.push(line) }, file);
      assert.equal(current.schemaVersion, SCHEMA_VERSION);
      assert.deepEqual(
        logs.map((line) => /schema (\d+)/.exec(line)?.[1]),
        MIGRATIONS.filter((migration) => migration.version > older.version).map((migration) =>
          String(migration.version),
        ),
      );
      const [day] = queryBandwidth(current.db, { unit: 'day', from: local(2024, 5, 1), to: local(2024, 6, 1) });
      assert.equal(day?.rx, 500, 'the older data is still there');
      // The newer tables work.
      const writer = new HistoryWriter(current.db);
      scanWrite(scanResult([device({ ip: '10.213.0.5', mac: '02:00:00:00:00:05' })]), minute)(writer);
      assert.equal(Number(current.db.prepare('SELECT count(*) AS n FROM devices').get()?.n), 1);
      current.db.close();
    });
  }

  it('sums the captured days an older database holds into months (schema 4), local calendar months', () => {
    const file = tempDbPath();
    const old = openTempHistory({ migrations: MIGRATIONS.filter((migration) => migration.version <= 3) }, file);
    const insert = old.db.prepare(
      "INSERT INTO host_traffic (tier, start, interface, addr, mac, bytes_in, bytes_out, packets_in, packets_out) VALUES ('day', ?, 'eth0', '10.0.0.1', NULL, ?, 1, 1, 1)",
    );
    for (const [day, bytes] of [
      [local(2024, 5, 1), 100],
      [local(2024, 5, 31), 200],
      [local(2024, 6, 1), 400],
    ] as const)
      insert.run(day, bytes);
    const flow = old.db.prepare(
      "INSERT INTO flow_traffic (tier, start, interface, transport, a_addr, a_port, b_addr, b_port, app, server_name, bytes_ab, bytes_ba, packets_ab, packets_ba) VALUES ('day', ?, 'eth0', 'tcp', '10.0.0.1', 40000, '10.0.0.2', 443, 'tls', ?, ?, 0, 1, 0)",
    );
    flow.run(local(2024, 5, 2), null, 10);
    flow.run(local(2024, 5, 3), 'example.org', 20);
    old.db
      .prepare(
        "INSERT INTO protocol_traffic (tier, start, interface, protocol, frames, bytes) VALUES ('day', ?, 'eth0', 'tls', 2, 30)",
      )
      .run(local(2024, 5, 9));
    old.db.close();
    const current = openTempHistory({}, file);
    const months = (table: string, column: string) =>
      current.db
        .prepare(`SELECT start, sum(${column}) AS n FROM ${table} WHERE tier = 'month' GROUP BY start ORDER BY start`)
        .all()
        .map((row) => [Number(row.start), Number(row.n)]);
    assert.deepEqual(months('host_traffic', 'bytes_in'), [
      [local(2024, 5, 1), 300],
      [local(2024, 6, 1), 400],
    ]);
    assert.deepEqual(months('flow_traffic', 'bytes_ab'), [[local(2024, 5, 1), 30]]);
    assert.equal(
      current.db.prepare("SELECT server_name FROM flow_traffic WHERE tier = 'month'").get()?.server_name,
      'example.org',
    );
    assert.deepEqual(months('protocol_traffic', 'bytes'), [[local(2024, 5, 1), 30]]);
    current.db.close();
  });

  it('numbers its migrations 1, 2, 3… with nothing skipped', () => {
    assert.deepEqual(
      MIGRATIONS.map((migration) => migration.version),
      MIGRATIONS.map((_, index) => index + 1),
    );
  });
});

describe('retention of devices and traffic', () => {
  it('forgets a device unseen for longer than the retention, with all it had', () => {
    const history = openTempHistory();
    const now = local(2024, 6, 30, 12);
    const writer = new HistoryWriter(history.db);
    for (const [ip, ago] of [
      ['10.213.0.5', 10],
      ['10.213.0.6', 40],
    ] as const) {
      const time = now - ago * DAY;
      writer.devices.sight({
        ip,
        mac: `02:00:00:00:00:0${ip.slice(-1)}`,
        interface: 'br-t',
        subnet: '10.213.0.0/24',
        time,
        names: [{ name: 'x', source: 'dns' }],
      });
    }
    pruneHistory(history.db, { retentionDays: 30, maxSizeMiB: 512 }, now);
    const count = (table: string) => Number(history.db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n);
    assert.deepEqual(['devices', 'device_ips', 'device_names', 'presence', 'changes'].map(count), [1, 1, 1, 1, 1]);
    history.db.close();
  });

  it('keeps only the busiest flows of each finished hour, day and month', () => {
    const history = openTempHistory();
    const writer = new HistoryWriter(history.db);
    const hour = local(2024, 6, 30, 9);
    for (let port = 1; port <= 10; port++) {
      writer.traffic.addFlow('eth0', hour, {
        transport: 'tcp',
        aAddr: '10.0.0.1',
        aPort: 40000,
        bAddr: '10.0.0.2',
        bPort: port,
        bytesAtoB: port * 100,
        bytesBtoA: 0,
        packetsAtoB: port,
        packetsBtoA: 0,
      });
    }
    const limits = { perHour: 3, perDay: 5, perMonth: 7 };
    trimFlows(history.db, local(2024, 6, 30, 10, 30), limits);
    const ports = (tier: string) =>
      history.db
        .prepare('SELECT b_port FROM flow_traffic WHERE tier = ? ORDER BY b_port')
        .all(tier)
        .map((row) => Number(row.b_port));
    assert.deepEqual(ports('hour'), [8, 9, 10], 'the finished hour keeps its three busiest');
    assert.equal(ports('day').length, 10, 'the day is not over yet');
    assert.equal(ports('month').length, 10, 'the month is not over yet');
    trimFlows(history.db, local(2024, 7, 1, 0, 30), limits);
    assert.deepEqual(ports('day'), [6, 7, 8, 9, 10]);
    assert.deepEqual(ports('month'), [4, 5, 6, 7, 8, 9, 10]);
    history.db.close();
  });
});
