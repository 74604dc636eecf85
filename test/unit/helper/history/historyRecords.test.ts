import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureHistory } from '../../../../src/helper/history/captureHistory';
import { PRESENCE_GAP_MS } from '../../../../src/helper/history/deviceWriter';
import { HistoryWriter } from '../../../../src/helper/history/historyWriter';
import type { HistoryWrite } from '../../../../src/helper/history/historyWriter';
import { exclusiveProtocols } from '../../../../src/helper/history/protocolMix';
import { portScanWrite, scanWrite } from '../../../../src/helper/history/scanHistory';
import type { SqlDatabase } from '../../../../src/helper/history/sqlite';
import type { HostPorts, PortScanResult } from '../../../../src/shared/model/ports';
import { device } from '../../extension/deviceFixtures';
import { delta, flow, host, passive } from '../../shared/trafficFixtures';
import { local, openTempHistory, scanResult } from './historyFixtures';

const T0 = local(2024, 5, 15, 10, 0);
const MIN = 60_000;

function ports(hosts: HostPorts[]): PortScanResult {
  return { scanId: 'p', method: 'syn', hosts, cancelled: false, warnings: [], durationMs: 900, probesSent: 1000 };
}

function run(db: SqlDatabase, ...writes: HistoryWrite[]): void {
  const writer = new HistoryWriter(db);
  for (const write of writes) write(writer);
}

const json = (value: unknown): Record<string, unknown> => JSON.parse(String(value)) as Record<string, unknown>;
const rows = (db: SqlDatabase, sql: string, ...params: (string | number)[]) =>
  db
    .prepare(sql)
    .all(...params)
    .map((row) => ({ ...row }));

describe('devices in the history', () => {
  it('keeps a device per MAC with every address it held, its names, and one change when new', () => {
    const { db } = openTempHistory();
    const mac = '00:11:32:aa:bb:cc';
    run(
      db,
      scanWrite(
        scanResult([
          device({
            ip: '10.213.0.5',
            mac,
            vendor: 'Synology',
            hostname: 'nas.lan',
            hostnameSource: 'dns',
            lastSeen: T0,
          }),
        ]),
        T0,
      ),
      scanWrite(
        scanResult([
          device({ ip: '10.213.0.9', mac, hostname: 'nas', hostnameSource: 'mdns', lastSeen: T0 + 5 * MIN }),
        ]),
        T0 + 5 * MIN,
      ),
    );
    assert.deepEqual(rows(db, 'SELECT key, mac, vendor, first_seen, last_seen FROM devices'), [
      { key: mac, mac, vendor: 'Synology', first_seen: T0, last_seen: T0 + 5 * MIN },
    ]);
    assert.deepEqual(rows(db, 'SELECT ip, interface, subnet, first_seen, last_seen FROM device_ips ORDER BY ip'), [
      { ip: '10.213.0.5', interface: 'br-t', subnet: '10.213.0.0/24', first_seen: T0, last_seen: T0 },
      {
        ip: '10.213.0.9',
        interface: 'br-t',
        subnet: '10.213.0.0/24',
        first_seen: T0 + 5 * MIN,
        last_seen: T0 + 5 * MIN,
      },
    ]);
    assert.deepEqual(rows(db, 'SELECT source, name FROM device_names ORDER BY source'), [
      { source: 'dns', name: 'nas.lan' },
      { source: 'mdns', name: 'nas' },
    ]);
    assert.deepEqual(
      rows(db, 'SELECT kind, detail FROM changes ORDER BY id').map((row) => [row.kind, json(row.detail)]),
      [
        ['device-new', { ip: '10.213.0.5', mac }],
        ['address-new', { ip: '10.213.0.9' }],
      ],
    );
    assert.equal(rows(db, "SELECT * FROM activities WHERE kind = 'scan'").length, 2);
  });

  it('joins sightings into one presence while they come within the gap, and starts another after it', () => {
    const { db } = openTempHistory();
    const seen = (time: number) =>
      scanWrite(scanResult([device({ ip: '10.213.0.7', mac: '02:00:00:00:00:07', lastSeen: time })]), time);
    run(db, seen(T0), seen(T0 + 10 * MIN), seen(T0 + 10 * MIN + PRESENCE_GAP_MS + 1), seen(T0 + 5 * MIN));
    assert.deepEqual(rows(db, 'SELECT first_seen, last_seen FROM presence ORDER BY first_seen'), [
      { first_seen: T0, last_seen: T0 + 10 * MIN },
      { first_seen: T0 + 10 * MIN + PRESENCE_GAP_MS + 1, last_seen: T0 + 10 * MIN + PRESENCE_GAP_MS + 1 },
    ]);
  });

  it('makes a host known by its address alone the same device once its MAC is seen', () => {
    const { db } = openTempHistory();
    run(
      db,
      scanWrite(scanResult([device({ ip: '10.213.0.20', lastSeen: T0 })]), T0),
      scanWrite(scanResult([device({ ip: '10.213.0.20', mac: '02:00:00:00:00:20', lastSeen: T0 + MIN })]), T0 + MIN),
    );
    assert.deepEqual(rows(db, 'SELECT key, mac FROM devices'), [
      { key: '02:00:00:00:00:20', mac: '02:00:00:00:00:20' },
    ]);
  });
});

describe('port scans in the history', () => {
  const host = (open: number[], extra: Partial<HostPorts> = {}): HostPorts => ({
    ip: '10.213.0.5',
    mac: '02:00:00:00:00:05',
    up: true,
    ports: open.map((port) => ({
      port,
      protocol: 'tcp',
      state: 'open',
      reason: 'syn-ack',
      service: { name: port === 22 ? 'ssh' : 'http', method: 'probe', confidence: 1 },
    })),
    notShown: { closed: 998 },
    notShownPorts: { tcp: { closed: '1-21,23-79,81-1000' } },
    os: { family: 'Linux', kind: 'nas', confidence: 0.9, evidence: [] },
    names: [{ name: 'NAS01', source: 'netbios' }],
    ...extra,
  });

  it('keeps each scan open ports, and a change for each port opened or found closed', () => {
    const { db } = openTempHistory();
    const request = { targets: ['10.213.0.5'] };
    run(
      db,
      portScanWrite(request, ports([host([22, 80])]), T0),
      portScanWrite(
        request,
        ports([host([22, 443], { notShownPorts: { tcp: { closed: '1-21,23-442,444-1000' } } })]),
        T0 + MIN,
      ),
      // A host that did not answer proves nothing about its ports.
      portScanWrite(
        request,
        ports([host([], { up: false, notShownPorts: { tcp: { filtered: '1-1000' } } })]),
        T0 + 2 * MIN,
      ),
    );
    const changes = rows(db, "SELECT time, kind, detail FROM changes WHERE kind LIKE 'port-%' ORDER BY id").map(
      (row) => [Number(row.time) - T0, row.kind, json(row.detail).port],
    );
    assert.deepEqual(changes, [
      [0, 'port-opened', 22],
      [0, 'port-opened', 80],
      [MIN, 'port-opened', 443],
      [MIN, 'port-closed', 80],
    ]);
    assert.deepEqual(rows(db, 'SELECT port, service FROM device_ports ORDER BY port'), [
      { port: 22, service: 'ssh' },
      { port: 443, service: 'http' },
    ]);
    assert.equal(rows(db, 'SELECT * FROM scan_ports').length, 4, 'two ports in each of the first two scans');
    assert.deepEqual(rows(db, 'SELECT os_family, os_kind FROM devices'), [{ os_family: 'Linux', os_kind: 'nas' }]);
    assert.deepEqual(rows(db, 'SELECT source, name FROM device_names'), [{ source: 'netbios', name: 'NAS01' }]);
    const summaries = rows(db, "SELECT summary FROM activities WHERE kind = 'ports' ORDER BY id").map((row) =>
      json(row.summary),
    );
    assert.deepEqual(summaries[0], { method: 'syn', hosts: 1, openPorts: 2, cancelled: false });
  });
});

describe('captures in the history', () => {
  it('adds the bytes each tick brought to its hour, day and month, never the cumulative rows twice', () => {
    const { db } = openTempHistory();
    const capture = new CaptureHistory('eth0', 'tcp', T0);
    const h = (addr: string, bytesIn: number) => ({ ...host(addr, T0), bytesIn, packetsIn: bytesIn / 60 });
    capture.tick(delta('c', 1, { hosts: [h('10.0.0.2', 600)] }), T0 + 1000);
    capture.tick(delta('c', 2, { hosts: [h('10.0.0.2', 1200), h('10.0.0.3', 60)] }), T0 + 2000);
    run(db, ...capture.take(T0 + 3000, false));
    capture.tick(delta('c', 3, { hosts: [h('10.0.0.2', 1800)] }), T0 + 65 * MIN);
    run(db, ...capture.take(T0 + 66 * MIN, false));
    assert.deepEqual(rows(db, 'SELECT tier, start, addr, bytes_in FROM host_traffic ORDER BY tier, start, addr'), [
      { tier: 'day', start: local(2024, 5, 15), addr: '10.0.0.2', bytes_in: 1800 },
      { tier: 'day', start: local(2024, 5, 15), addr: '10.0.0.3', bytes_in: 60 },
      { tier: 'hour', start: T0, addr: '10.0.0.2', bytes_in: 1200 },
      { tier: 'hour', start: T0, addr: '10.0.0.3', bytes_in: 60 },
      { tier: 'hour', start: T0 + 60 * MIN, addr: '10.0.0.2', bytes_in: 600 },
      { tier: 'month', start: local(2024, 5, 1), addr: '10.0.0.2', bytes_in: 1800 },
      { tier: 'month', start: local(2024, 5, 1), addr: '10.0.0.3', bytes_in: 60 },
    ]);
  });

  it('keeps the busiest flows of the hour, each with what it gained since last written', () => {
    const { db } = openTempHistory();
    const capture = new CaptureHistory('eth0', '', T0, 2);
    const f = (id: string, port: number, packets: number) => ({ ...flow(id, T0, packets), bPort: port });
    capture.tick(delta('c', 1, { flows: [f('a', 80, 10), f('b', 443, 5), f('c', 53, 1)] }), T0 + 1000);
    run(db, ...capture.take(T0 + 2000, false));
    capture.tick(delta('c', 2, { flows: [f('a', 80, 12), f('c', 53, 30)] }), T0 + 3000);
    run(db, ...capture.take(T0 + 4000, false));
    assert.deepEqual(
      rows(db, "SELECT b_port, packets_ab, bytes_ab FROM flow_traffic WHERE tier = 'hour' ORDER BY b_port"),
      [
        { b_port: 53, packets_ab: 30, bytes_ab: 1800 },
        { b_port: 80, packets_ab: 12, bytes_ab: 720 },
        { b_port: 443, packets_ab: 5, bytes_ab: 300 },
      ],
    );
  });

  it('records the protocol mix by innermost protocol, passive sightings, and the capture at its end', () => {
    const { db } = openTempHistory();
    const capture = new CaptureHistory('eth0', 'port 53', T0);
    const protocols = [
      { path: 'eth', frames: 10, bytes: 1000 },
      { path: 'eth:ip', frames: 8, bytes: 900 },
      { path: 'eth:ip:udp', frames: 8, bytes: 900 },
      { path: 'eth:ip:udp:dns', frames: 6, bytes: 700 },
      { path: 'eth:arp', frames: 2, bytes: 100 },
    ];
    const devices = [passive('10.0.0.9', T0 + 500, { mac: '02:00:00:00:00:09', source: 'dhcp', hostname: 'phone' })];
    capture.tick(
      { ...delta('c', 1, { protocols, devices }), counters: { ...delta('c', 1).counters, packets: 10, bytes: 1000 } },
      T0 + 1000,
    );
    capture.end(T0 + 2000);
    run(db, ...capture.take(T0 + 2500, true));
    assert.deepEqual(
      rows(db, "SELECT protocol, frames, bytes FROM protocol_traffic WHERE tier = 'hour' ORDER BY protocol"),
      [
        { protocol: 'arp', frames: 2, bytes: 100 },
        { protocol: 'dns', frames: 6, bytes: 700 },
        { protocol: 'udp', frames: 2, bytes: 200 },
      ],
    );
    assert.deepEqual(rows(db, 'SELECT key FROM devices'), [{ key: '02:00:00:00:00:09' }]);
    assert.deepEqual(rows(db, 'SELECT source, name FROM device_names'), [{ source: 'dhcp', name: 'phone' }]);
    const [activity] = rows(
      db,
      "SELECT started, ended, interface, target, summary FROM activities WHERE kind = 'capture'",
    );
    assert.deepEqual(
      { ...activity, summary: json(activity?.summary) },
      {
        started: T0,
        ended: T0 + 2000,
        interface: 'eth0',
        target: 'port 53',
        summary: { packets: 10, bytes: 1000, drops: 0 },
      },
    );
  });

  it('sums a protocol that appears under several paths', () => {
    const mix = exclusiveProtocols(
      new Map([
        ['eth', { frames: 4, bytes: 400 }],
        ['eth:ip', { frames: 2, bytes: 200 }],
        ['eth:ip:tcp', { frames: 2, bytes: 200 }],
        ['eth:ipv6', { frames: 2, bytes: 200 }],
        ['eth:ipv6:tcp', { frames: 2, bytes: 200 }],
      ]),
    );
    assert.deepEqual(mix, [{ protocol: 'tcp', frames: 4, bytes: 400 }]);
  });
});
