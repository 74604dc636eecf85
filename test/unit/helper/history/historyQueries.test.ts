import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../../../../src/helper/cli/commands';
import { queryChanges } from '../../../../src/helper/history/queries/changeQuery';
import { forgetDevice, queryDevices } from '../../../../src/helper/history/queries/deviceQuery';
import { queryPresence, queryPresentDevices } from '../../../../src/helper/history/queries/presenceQuery';
import { queryTopTraffic } from '../../../../src/helper/history/queries/trafficQuery';
import { describeChange, formatAgo } from '../../../../src/shared/history/historyText';
import { smallLan } from './smallLan';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.now();

describe('history queries', () => {
  it('lists known devices, the last seen first, with their latest name, address and open ports', () => {
    const { db } = smallLan(NOW);
    const known = queryDevices(db);
    assert.deepEqual(
      known.map((entry) => [
        entry.mac,
        entry.ip,
        entry.name,
        entry.nameSource,
        entry.openPorts.map((port) => port.port),
      ]),
      [
        ['02:00:00:00:00:11', '10.213.0.11', 'printer', 'mdns', [631, 9100]],
        ['02:00:00:00:00:12', '10.213.0.12', '<img src=x onerror=alert(1)>', 'dhcp', []],
      ],
    );
    assert.deepEqual(
      queryDevices(db, { since: NOW - DAY }).map((entry) => entry.ip),
      ['10.213.0.11'],
    );
    assert.ok(forgetDevice(db, known[1].id));
    assert.equal(queryDevices(db).length, 1);
    assert.equal(Number(db.prepare('SELECT count(*) AS n FROM changes WHERE device_id = ?').get(known[1].id)?.n), 0);
  });

  it('tells what changed: new devices, ports opened, and a device gone while its subnet was scanned', () => {
    const { db } = smallLan(NOW);
    const lastTwoDays = queryChanges(db, NOW - 2.5 * DAY, NOW);
    assert.deepEqual(lastTwoDays.map(describeChange), [
      '<img src=x onerror=alert(1)> (10.213.0.12) not seen since',
      'Port 631/tcp opened on printer (10.213.0.11)',
      'Port 9100/tcp opened on printer (10.213.0.11)',
    ]);
    const all = queryChanges(db, NOW - 4 * DAY, NOW);
    assert.deepEqual(
      all.slice(0, 2).map((change) => change.kind),
      ['device-new', 'device-new'],
    );
  });

  it('sums the busiest hosts, protocols and flows of a span', () => {
    const { db } = smallLan(NOW);
    const day = queryTopTraffic(db, { from: NOW - DAY, to: NOW, limit: 5 });
    assert.equal(day.tier, 'hour');
    assert.deepEqual(
      day.hosts.map((entry) => [entry.addr, entry.bytesIn + entry.bytesOut]),
      [
        ['10.213.0.11', 10_000],
        ['10.213.0.99', 50],
      ],
    );
    assert.deepEqual(day.protocols, [{ protocol: 'tcp', frames: 100, bytes: 6000 }]);
    assert.equal(day.flows[0]?.serverName, 'printer.lan');
    const month = queryTopTraffic(db, { from: NOW - 30 * DAY, to: NOW, limit: 5 });
    assert.equal(month.tier, 'day');
    assert.deepEqual(month.hosts, day.hosts);
    // A whole day (the view's period) is read from its day rows: the same sums, a row per flow.
    const midnight = new Date(NOW - 3 * HOUR).setHours(0, 0, 0, 0);
    const wholeDay = queryTopTraffic(db, {
      from: midnight,
      to: new Date(midnight + 36 * HOUR).setHours(0, 0, 0, 0),
      limit: 5,
    });
    assert.equal(wholeDay.tier, 'day');
    assert.deepEqual(wholeDay.hosts, day.hosts);
    assert.deepEqual(wholeDay.flows, day.flows);
    // A whole month (the view's month) from its month rows.
    const monthStart = new Date(midnight).setDate(1);
    const wholeMonth = queryTopTraffic(db, {
      from: monthStart,
      to: new Date(new Date(monthStart).setMonth(new Date(monthStart).getMonth() + 1)).getTime(),
      limit: 5,
    });
    assert.equal(wholeMonth.tier, 'month');
    assert.deepEqual(wholeMonth.hosts, day.hosts);
    assert.deepEqual(wholeMonth.protocols, day.protocols);
  });

  it('gives each device its presences in a span', () => {
    const { db } = smallLan(NOW);
    const spans = queryPresence(db, NOW - 4 * DAY, NOW);
    assert.equal(
      spans.length,
      5,
      'the printer three and two days ago, two hours and one hour ago; the phone three days ago',
    );
    assert.equal(queryPresence(db, NOW - DAY, NOW).length, 2);
    const printer = spans.find((span) => span.from === NOW - HOUR)?.deviceId;
    const phone = spans.find((span) => span.deviceId !== printer)?.deviceId;
    assert.deepEqual(queryPresentDevices(db, NOW - 4 * DAY, NOW), [printer, phone], 'the last seen first');
    assert.deepEqual(queryPresentDevices(db, NOW - 2.5 * DAY, NOW - DAY), [printer]);
    // Seen before and after, but not in between: not present.
    assert.deepEqual(queryPresentDevices(db, NOW - 2.9 * DAY, NOW - 2.1 * DAY), []);
    assert.deepEqual(queryPresence(db, NOW - 4 * DAY, NOW, [phone!]).length, 1);
  });

  it('says how long ago', () => {
    const cases: [number, string][] = [
      [10_000, 'just now'],
      [5 * 60_000, '5 minutes ago'],
      [HOUR, '1 hour ago'],
      [3 * DAY + HOUR, '3 days ago'],
      [40 * DAY, '5 weeks ago'],
    ];
    for (const [ago, text] of cases) assert.equal(formatAgo(NOW - ago, NOW), text);
  });
});

describe('lanlens history devices, top and changes', () => {
  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('prints the devices, the busiest traffic and the changes as tables and as JSON', async () => {
    const history = smallLan(NOW);
    history.db.close();
    const db = ['--db', history.path];
    const devices = await cli('history', 'devices', ...db);
    assert.equal(devices.code, 0, devices.err);
    assert.match(devices.out, /02:00:00:00:00:11 +10\.213\.0\.11 +printer .*631\/tcp,9100\/tcp .*1 hour ago/);
    assert.match(devices.out, /2 devices$/);
    const top = await cli('history', 'top', ...db);
    assert.match(top.out, /10\.213\.0\.11 +- +9\.00 kB +1\.00 kB +10\.0 kB/);
    assert.match(top.out, /tcp +10\.0\.0\.1:40000 +10\.0\.0\.2:80 +printer\.lan/);
    const changes = await cli('history', 'changes', '--since', '4d', ...db);
    assert.match(changes.out, /New device printer \(10\.213\.0\.11\), 02:00:00:00:00:11/);
    const json = await cli('history', 'changes', '--json', ...db);
    assert.ok(Array.isArray(JSON.parse(json.out)));
  });
});
