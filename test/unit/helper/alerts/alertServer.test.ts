import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { openHistory } from '../../../../src/helper/history/historyDatabase';
import { startProtocolServer } from '../../../../src/helper/server/protocolServer';
import {
  AlertsAcknowledgeRequest,
  AlertsClearRequest,
  AlertsConfigureRequest,
  AlertsFiredNotification,
  AlertsListRequest,
} from '../../../../src/shared/alertsProtocol';
import { HelperErrorCode, PortScanRequestMessage, ShutdownRequest } from '../../../../src/shared/helperProtocol';
import { HistoryOpenRequest } from '../../../../src/shared/historyProtocol';
import type { Alert } from '../../../../src/shared/model/alerts';
import type { PortScanResult } from '../../../../src/shared/model/ports';
import { networkInterface } from '../../../fixtures/interfaceFixtures';
import { tempDbPath } from '../history/historyFixtures';
import { T0, settingsWith } from './alertHarness';

const INTERFACES = [networkInterface('eth0', { isDefault: true, mac: '02:00:00:00:00:02', gateway: '10.0.0.1' })];

/** A server whose port scans find one host, on a clock the test moves. */
function server(clock: { now: number }) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const result: PortScanResult = {
    scanId: 'p1',
    method: 'connect',
    cancelled: false,
    warnings: [],
    durationMs: 5,
    probesSent: 1,
    hosts: [{ ip: '10.0.0.5', mac: '02:00:00:00:00:05', up: true, ports: [], notShown: { closed: 1 } }],
  };
  startProtocolServer({
    input: toServer,
    output: toClient,
    exit: () => undefined,
    readCounters: () => Promise.resolve([]),
    addressedInterfaces: () => Promise.resolve({ interfaces: INTERFACES, defaultInterface: 'eth0' }),
    runPortScan: () => Promise.resolve(result),
    now: () => clock.now,
  });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const fired: Alert[] = [];
  client.onNotification(AlertsFiredNotification.type, ({ alerts }) => fired.push(...alerts));
  client.listen();
  const scan = () =>
    client.sendRequest(PortScanRequestMessage.type, {
      scanId: 'p1',
      targets: ['10.0.0.5'],
      tcp: { kind: 'top', count: 1 },
    } as never);
  return { client, fired, scan };
}

const settings = settingsWith({ newDevice: { learningSeconds: 1 } });

describe('alerts over the protocol', () => {
  it('a device found after learning raises one alert, stored with its acknowledgement; the next helper knows the device', async () => {
    const path = tempDbPath();
    const clock = { now: T0 };
    const first = server(clock);
    await first.client.sendRequest(HistoryOpenRequest.type, { path, settings: { retentionDays: 30, maxSizeMiB: 64 } });
    const status = await first.client.sendRequest(AlertsConfigureRequest.type, { settings });
    assert.deepEqual(status, { learningUntil: T0 + 1000, knownDevices: 0, stored: true });
    clock.now = T0 + 5000;
    await first.scan();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(
      first.fired.map((alert) => alert.title),
      ['New device: 10.0.0.5 (02:00:00:00:00:05)'],
    );
    const [fired] = first.fired;
    await first.client.sendRequest(AlertsAcknowledgeRequest.type, { ids: [fired.id] });
    const listed = (await first.client.sendRequest(AlertsListRequest.type, {})).alerts;
    assert.deepEqual(listed, [{ ...fired, acknowledged: T0 + 5000 }]);
    await first.client.sendRequest(ShutdownRequest.type);
    first.client.dispose();

    const second = server(clock);
    await second.client.sendRequest(HistoryOpenRequest.type, { path, settings: { retentionDays: 30, maxSizeMiB: 64 } });
    const again = await second.client.sendRequest(AlertsConfigureRequest.type, { settings });
    assert.equal(again.knownDevices, 1);
    await second.scan();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(second.fired, [], 'a known device is not new again');
    assert.equal((await second.client.sendRequest(AlertsListRequest.type, { limit: 10 })).alerts.length, 1);
    await second.client.sendRequest(AlertsClearRequest.type, {});
    assert.deepEqual((await second.client.sendRequest(AlertsListRequest.type, {})).alerts, []);
    await second.client.sendRequest(ShutdownRequest.type);
    second.client.dispose();

    const opened = openHistory(path);
    assert.ok('history' in opened);
    const rows = opened.history.db.prepare('SELECT rule, acknowledged, cleared FROM alerts').all();
    assert.deepEqual(
      rows.map((row) => ({ ...row })),
      [{ rule: 'new-device', acknowledged: T0 + 5000, cleared: T0 + 5000 }],
    );
    opened.history.db.close();
  });

  it('keeps alerts in memory while no history is open', async () => {
    const clock = { now: T0 };
    const { client, fired, scan } = server(clock);
    await client.sendRequest(AlertsConfigureRequest.type, {
      settings: settingsWith({ newDevice: { learningSeconds: 1 } }),
    });
    clock.now = T0 + 5000;
    await scan();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fired.length, 1);
    const listed = await client.sendRequest(AlertsListRequest.type, {});
    assert.deepEqual(listed.alerts, fired);
    await client.sendRequest(ShutdownRequest.type);
    client.dispose();
  });

  const bad: [string, string, unknown, RegExp][] = [
    [
      'settings out of bounds',
      AlertsConfigureRequest.method,
      { settings: { portScan: { ports: 1 } } },
      /lanLens\.alerts\.portScan\.ports must be a whole number from 2/,
    ],
    ['no settings', AlertsConfigureRequest.method, {}, /needs settings/],
    [
      'a watched device that is not one',
      AlertsConfigureRequest.method,
      { settings: { watchedDevices: { devices: ['x'] } } },
      /neither an IPv4 address nor a MAC/,
    ],
    ['a limit of 0', AlertsListRequest.method, { limit: 0 }, /limit must be a whole number from 1 to 1000/],
    ['ids that are not a list', AlertsAcknowledgeRequest.method, { ids: 'all' }, /ids must be a list/],
    ['an id that is too long', AlertsClearRequest.method, { ids: ['x'.repeat(101)] }, /ids must be a list/],
  ];
  for (const [what, method, params, message] of bad) {
    it(`refuses ${what}`, async () => {
      const { client } = server({ now: T0 });
      await assert.rejects(client.sendRequest(method, params), (error: ResponseError<unknown>) => {
        assert.equal(error.code, HelperErrorCode.InvalidParams);
        assert.match(error.message, message);
        return true;
      });
      client.dispose();
    });
  }
});
