import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InterfaceCounters } from '../../../../src/helper/os/bandwidthRates';
import { startProtocolServer } from '../../../../src/helper/server/protocolServer';
import type { ServerIo } from '../../../../src/helper/server/protocolServer';
import { HelperErrorCode, ScanRequestMessage, ShutdownRequest } from '../../../../src/shared/helperProtocol';
import { HistoryOpenRequest, HistoryReportRequest } from '../../../../src/shared/historyProtocol';
import { networkInterface } from '../../../fixtures/interfaceFixtures';
import { device } from '../../extension/deviceFixtures';
import { openTempHistory, tempDbPath } from './historyFixtures';

const link = networkInterface;

const INTERFACES = [
  link('eth0', { isDefault: true, type: 'wired' }),
  link('lo', { internal: true, ipv4: [{ address: '127.0.0.1', prefixLength: 8, cidr: '127.0.0.0/8' }] }),
  link('veth9', { type: 'virtual' }),
  link('br-lab', { type: 'virtual', ipv4: [{ address: '10.213.0.1', prefixLength: 24, cidr: '10.213.0.0/24' }] }),
];

/** A server whose counters grow by 1000 bytes received and 100 sent on every interface at each read. */
function server(runScan?: ServerIo['runScan']) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let reads = 0;
  const counters = (): InterfaceCounters[] =>
    INTERFACES.map((entry) => ({ interface: entry.name, rxBytes: 1000 * reads, txBytes: 100 * reads }));
  startProtocolServer({
    input: toServer,
    output: toClient,
    exit: () => undefined,
    readCounters: () => (reads++, Promise.resolve(counters())),
    listInterfaces: () => Promise.resolve({ interfaces: INTERFACES, defaultInterface: 'eth0' }),
    historyTimings: { sampleMs: 20, flushMs: 40 },
    addressedInterfaces: () => Promise.resolve({ interfaces: INTERFACES, defaultInterface: 'eth0' }),
    runScan,
  });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  return { client, reads: () => reads };
}

const settings = { retentionDays: 30, maxSizeMiB: 64 };

describe('history/open over the protocol', () => {
  it('records bandwidth of links and addressed bridges, not loopback or bare veths, until shutdown', async () => {
    const path = tempDbPath();
    const { client, reads } = server();
    const status = await client.sendRequest(HistoryOpenRequest.type, { path, settings });
    assert.equal(status.state, 'open');
    while (reads() < 6) await new Promise((resolve) => setTimeout(resolve, 10));
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
    const history = openTempHistory({}, path);
    const rows = history.db
      .prepare("SELECT interface, sum(rx) AS rx, sum(tx) AS tx FROM bandwidth WHERE tier = 'day' GROUP BY interface")
      .all();
    assert.deepEqual(rows.map((row) => row.interface).sort(), ['br-lab', 'eth0']);
    const eth0 = rows.find((row) => row.interface === 'eth0');
    // Every read after the first adds 1000/100 bytes: the day holds exactly what the counters counted.
    assert.equal(Number(eth0?.rx) % 1000, 0);
    assert.ok(Number(eth0?.rx) >= 4000, JSON.stringify(rows));
    assert.equal(Number(eth0?.tx) * 10, Number(eth0?.rx));
    history.db.close();
  });

  it('remembers a scan the moment it finishes, its devices with it', async () => {
    const path = tempDbPath();
    const { client } = server((request) =>
      Promise.resolve({
        scanId: request.scanId,
        interface: 'br-lab',
        cidr: '10.213.0.0/24',
        method: 'arp',
        partial: false,
        cancelled: false,
        devices: [
          device({
            ip: '10.213.0.11',
            mac: '02:00:00:00:00:11',
            interface: 'br-lab',
            hostname: 'printer',
            hostnameSource: 'mdns',
          }),
        ],
        warnings: [],
        durationMs: 5,
        probesSent: 254,
      }),
    );
    await client.sendRequest(HistoryOpenRequest.type, { path, settings });
    await client.sendRequest(ScanRequestMessage.type, { scanId: 's1', cidr: '10.213.0.0/24' });
    // Read while the helper still runs: the scan is committed already.
    const history = openTempHistory({}, path);
    const row = history.db
      .prepare(
        'SELECT d.key, i.ip, n.name FROM devices d JOIN device_ips i ON i.device_id = d.id JOIN device_names n ON n.device_id = d.id',
      )
      .get();
    assert.deepEqual({ ...row }, { key: '02:00:00:00:00:11', ip: '10.213.0.11', name: 'printer' });
    history.db.close();
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
  });

  it('answers a damaged file with its problem, then starts afresh when asked', async () => {
    const path = tempDbPath();
    writeFileSync(path, 'garbage '.repeat(200));
    const { client } = server();
    const status = await client.sendRequest(HistoryOpenRequest.type, { path, settings });
    assert.ok(status.state === 'problem' && status.kind === 'corrupt', JSON.stringify(status));
    const again = await client.sendRequest(HistoryOpenRequest.type, { path, settings, startAfresh: true });
    assert.ok(again.state === 'open' && again.movedAsideTo?.startsWith(`${path}.damaged-`), JSON.stringify(again));
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
  });

  it('writes a report of the period so far, and refuses a bad unit or format with InvalidParams', async () => {
    const path = tempDbPath();
    const { client } = server();
    const status = await client.sendRequest(HistoryOpenRequest.type, { path, settings });
    assert.equal(status.state, 'open');
    const report = await client.sendRequest(HistoryReportRequest.type, { unit: 'day', format: 'md' });
    assert.match(report.text, /^# LAN Lens report: \d{4}-\d{2}-\d{2}\n/);
    assert.match(report.fileName, /^lanlens-day-\d{4}-\d{2}-\d{2}\.md$/);
    assert.ok(report.from <= Date.now() && Date.now() < report.to);
    for (const params of [
      { unit: 'year', format: 'md' },
      { unit: 'day', format: 'pdf' },
      { unit: 'day', format: 'html', at: 'yesterday' },
    ]) {
      await assert.rejects(
        client.sendRequest(HistoryReportRequest.type, params as never),
        (error: ResponseError<unknown>) => error.code === (HelperErrorCode.InvalidParams as number),
      );
    }
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
  });

  const bad: [string, unknown][] = [
    ['a relative path', { path: 'history.sqlite', settings }],
    ['no settings', { path: '/tmp/x.sqlite' }],
    ['a retention of 0 days', { path: '/tmp/x.sqlite', settings: { ...settings, retentionDays: 0 } }],
    ['a fractional size cap', { path: '/tmp/x.sqlite', settings: { ...settings, maxSizeMiB: 20.5 } }],
  ];
  for (const [name, params] of bad) {
    it(`refuses ${name} with InvalidParams`, async () => {
      const { client } = server();
      await assert.rejects(
        client.sendRequest(HistoryOpenRequest.type, params as never),
        (error: ResponseError<unknown>) => error.code === (HelperErrorCode.InvalidParams as number),
      );
      client.dispose();
    });
  }
});
