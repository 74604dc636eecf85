// Alerts delivered off the machine, on loopback only: e-mail through nodemailer to Debian's
// python3-aiosmtpd (STARTTLS required, AUTH only after it, a self-signed certificate the helper is
// told to trust), and a webhook to an HTTP server in this process. A receiver that is down gets
// retries and a visible failure, and what waits is kept across a restart of the helper.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { startProtocolServer } from '../../src/helper/server/protocolServer';
import type { DeliverySettings, DeliveryStatus } from '../../src/shared/alerts/deliverySettings';
import {
  AlertsConfigureRequest,
  AlertsDeliveryNotification,
  AlertsDeliveryRequest,
  AlertsFiredNotification,
  AlertsTestDeliveryRequest,
} from '../../src/shared/alertsProtocol';
import { HelperErrorCode, PortScanRequestMessage, ShutdownRequest } from '../../src/shared/helperProtocol';
import { HistoryOpenRequest } from '../../src/shared/historyProtocol';
import type { Alert } from '../../src/shared/model/alerts';
import type { PortScanResult } from '../../src/shared/model/ports';
import { smtpSinkSkipReason, startSmtpSink } from '../lab/smtpSink';
import type { SmtpSink } from '../lab/smtpSink';
import { defaultAlertSettings } from '../../src/shared/alerts/alertRules';

const skip = smtpSinkSkipReason();
const T0 = 1_700_000_000_000;

const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A history database path in a fresh folder. */
function tempDbPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'lanlens-delivery-'));
  folders.push(folder);
  return join(folder, 'history.sqlite');
}

/** The default rules, with new devices alerting one second after learning began. */
function settingsWith() {
  const settings = defaultAlertSettings();
  settings.newDevice.learningSeconds = 1;
  return settings;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A webhook receiver on loopback: every body it got, parsed. */
function webhookReceiver(port = 0): Promise<{ server: Server; port: number; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push({ contentType: request.headers['content-type'], body: JSON.parse(body) as unknown });
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, bodies })),
  );
}

/** A helper over in-memory streams whose port scans find `hosts` new devices, on a clock the test moves. */
function helper(clock: { now: number }) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let scans = 0;
  startProtocolServer({
    input: toServer,
    output: toClient,
    exit: () => undefined,
    readCounters: () => Promise.resolve([]),
    addressedInterfaces: () => Promise.resolve({ interfaces: [] }),
    runPortScan: () => {
      scans += 1;
      const result: PortScanResult = {
        scanId: `p${scans}`,
        method: 'connect',
        cancelled: false,
        warnings: [],
        durationMs: 1,
        probesSent: 1,
        hosts: [{ ip: `10.0.0.${scans}`, mac: `02:00:00:00:00:0${scans}`, up: true, ports: [], notShown: {} }],
      };
      return Promise.resolve(result);
    },
    now: () => clock.now,
  });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const fired: Alert[] = [];
  const statuses: DeliveryStatus[] = [];
  client.onNotification(AlertsFiredNotification.type, ({ alerts }) => fired.push(...alerts));
  client.onNotification(AlertsDeliveryNotification.type, (status) => statuses.push(status));
  client.listen();
  const newDevice = () =>
    client.sendRequest(PortScanRequestMessage.type, {
      scanId: 'x',
      targets: ['10.0.0.1'],
      tcp: { kind: 'top', count: 1 },
    } as never);
  return { client, fired, statuses, newDevice };
}

describe('alert delivery on loopback', { skip }, () => {
  let sink: SmtpSink;
  before(async () => {
    const probe = await webhookReceiver();
    const port = probe.port;
    probe.server.close();
    sink = await startSmtpSink(port);
  });
  after(() => sink?.stop());

  const email = (): NonNullable<DeliverySettings['email']> => ({
    host: '127.0.0.1',
    port: sink.port,
    security: 'starttls',
    user: sink.user,
    password: sink.password,
    from: 'lanlens@lab.invalid',
    to: ['admin@lab.invalid'],
    minimumSeverity: 'medium',
    ca: sink.certificate,
  });

  test(
    'a test e-mail and an alert arrive over STARTTLS with AUTH; the webhook gets the alert as JSON',
    { timeout: 60_000 },
    async () => {
      const receiver = await webhookReceiver();
      const clock = { now: T0 };
      const { client, fired, newDevice } = helper(clock);
      await client.sendRequest(HistoryOpenRequest.type, {
        path: tempDbPath(),
        settings: { retentionDays: 30, maxSizeMiB: 64 },
      });
      await client.sendRequest(AlertsConfigureRequest.type, { settings: settingsWith() });
      const webhook = { url: `http://127.0.0.1:${receiver.port}/hook`, minimumSeverity: 'low' as const };
      const statuses = await client.sendRequest(AlertsDeliveryRequest.type, { delivery: { webhook, email: email() } });
      assert.deepEqual(
        statuses.map((status) => [status.channel, status.state, status.queued]),
        [
          ['webhook', 'ok', 0],
          ['email', 'ok', 0],
        ],
      );

      await client.sendRequest(AlertsTestDeliveryRequest.type, { channel: 'email' });
      await client.sendRequest(AlertsTestDeliveryRequest.type, { channel: 'webhook' });
      const [testMail] = sink.messages();
      assert.ok(testMail, 'the test e-mail arrived');
      assert.equal(testMail.user, sink.user, 'authenticated');
      assert.equal(testMail.tls, true, 'over STARTTLS');
      assert.match(testMail.data, /^Subject: \[LAN Lens\] test e-mail$/m);
      assert.deepEqual(receiver.bodies[0], { contentType: 'application/json', body: { test: true, time: T0 } });

      clock.now = T0 + 5000;
      await newDevice();
      await until(
        () => fired.length === 1 && receiver.bodies.length === 2 && sink.messages().length === 2,
        'the deliveries',
      );
      const [alert] = fired;
      assert.deepEqual(receiver.bodies[1], { contentType: 'application/json', body: { alert } });
      const mail = sink.messages()[1];
      assert.deepEqual(mail.to, ['admin@lab.invalid']);
      assert.match(mail.data, /^Subject: \[LAN Lens\] medium: New device: 10\.0\.0\.1 \(02:00:00:00:00:01\)$/m);
      assert.match(mail.data, /New device, medium severity, /);
      assert.match(mail.data, /device: 10\.0\.0\.1, 02:00:00:00:00:01 \(new\)/);
      await client.sendRequest(ShutdownRequest.type);
      client.dispose();
      receiver.server.close();
    },
  );

  test(
    'a webhook that is down gets retries and a visible failure; what waits survives a restart and arrives',
    { timeout: 90_000 },
    async () => {
      const path = tempDbPath();
      const closed = await webhookReceiver();
      const port = closed.port;
      await new Promise((resolve) => closed.server.close(resolve));
      const clock = { now: T0 };
      const first = helper(clock);
      const open = { path, settings: { retentionDays: 30, maxSizeMiB: 64 } };
      await first.client.sendRequest(HistoryOpenRequest.type, open);
      await first.client.sendRequest(AlertsConfigureRequest.type, { settings: settingsWith() });
      const delivery = { webhook: { url: `http://127.0.0.1:${port}/hook`, minimumSeverity: 'low' as const } };
      await first.client.sendRequest(AlertsDeliveryRequest.type, { delivery });
      clock.now = T0 + 5000;
      await first.newDevice();
      await until(() => first.statuses.length >= 1, 'the failure');
      const failing = first.statuses[0];
      assert.equal(failing.state, 'failing');
      assert.equal(failing.queued, 1);
      assert.match(failing.lastError ?? '', /could not be reached: .*ECONNREFUSED/);
      assert.equal(failing.nextTry, T0 + 5000 + 5000, 'the first retry 5 s later');
      clock.now = T0 + 11_000;
      await until(() => first.statuses.length >= 2, 'the retry');
      assert.equal(first.statuses[1].nextTry, T0 + 11_000 + 10_000, 'then 10 s');
      await first.client.sendRequest(ShutdownRequest.type);
      first.client.dispose();

      const receiver = await webhookReceiver(port);
      const second = helper(clock);
      await second.client.sendRequest(HistoryOpenRequest.type, open);
      await second.client.sendRequest(AlertsConfigureRequest.type, { settings: settingsWith() });
      await second.client.sendRequest(AlertsDeliveryRequest.type, { delivery });
      await until(() => receiver.bodies.length === 1, 'the alert kept across the restart');
      assert.equal((receiver.bodies[0] as { body: { alert: Alert } }).body.alert.title, first.fired[0].title);
      await second.client.sendRequest(ShutdownRequest.type);
      second.client.dispose();
      receiver.server.close();
    },
  );

  test(
    'a wrong password or an untrusted certificate fails the test e-mail with the reason',
    { timeout: 60_000 },
    async () => {
      const { client } = helper({ now: T0 });
      await client.sendRequest(AlertsConfigureRequest.type, { settings: settingsWith() });
      const attempts: [Partial<NonNullable<DeliverySettings['email']>>, RegExp][] = [
        [{ password: 'wrong' }, /refused the e-mail: .*(auth|535)/i],
        [{ ca: undefined }, /refused the e-mail: .*(certificate|self.signed)/i],
      ];
      for (const [change, reason] of attempts) {
        const settings = { ...email(), ...change };
        if (change.ca === undefined && 'ca' in change) delete settings.ca;
        await client.sendRequest(AlertsDeliveryRequest.type, { delivery: { email: settings } });
        await assert.rejects(
          client.sendRequest(AlertsTestDeliveryRequest.type, { channel: 'email' }),
          (error: ResponseError<unknown>) => {
            assert.equal(error.code, HelperErrorCode.DeliveryFailed);
            assert.match(error.message, reason);
            return true;
          },
        );
      }
      client.dispose();
    },
  );
});
