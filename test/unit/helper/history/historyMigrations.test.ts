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

  it('keeps only the busiest flows of each finished hour and day', () => {
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
    trimFlows(history.db, local(2024, 6, 30, 10, 30), { perHour: 3, perDay: 5 });
    const ports = (tier: string) =>
      history.db
        .prepare('SELECT b_port FROM flow_traffic WHERE tier = ? ORDER BY b_port')
        .all(tier)
        .map((row) => Number(row.b_port));
    assert.deepEqual(ports('hour'), [8, 9, 10], 'the finished hour keeps its three busiest');
    assert.equal(ports('day').length, 10, 'the day is not over yet');
    trimFlows(history.db, local(2024, 7, 1, 0, 30), { perHour: 3, perDay: 5 });
    assert.deepEqual(ports('day'), [6, 7, 8, 9, 10]);
    history.db.close();
  });
});
