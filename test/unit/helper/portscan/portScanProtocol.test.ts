// ports/scan over the real protocol server, scanning this machine's loopback only: bad input and
// unconfirmed targets come back as typed errors before anything is sent, a connect scan reports
// open and closed ports with progress, and cancellation returns what was found so far.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { ownInterfaces } from '../../../../src/helper/os/interfaces';
import { connectToServer } from '../captureFile/inProcessServer';
import {
  HelperErrorCode,
  PortScanProgressNotification,
  PortScanRequestMessage,
} from '../../../../src/shared/helperProtocol';
import type { NeedsConfirmationData, PortScanProgressParams } from '../../../../src/shared/helperProtocol';

function pair() {
  const progress: PortScanProgressParams[] = [];
  const client = connectToServer({ addressedInterfaces: () => Promise.resolve(ownInterfaces()) }, (connection) =>
    connection.onNotification(PortScanProgressNotification.type, (params) => progress.push(params)),
  );
  return { client, progress };
}

describe('ports/scan over the helper protocol', () => {
  let server: Server;
  let open: number;
  let closed: number;

  before(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open = (server.address() as AddressInfo).port;
    // A port that was free a moment ago: closed unless something grabs it in between.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closed = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
  });
  after(() => server?.close());

  it('answers a malformed port list with InvalidParams naming the bad part', async () => {
    const { client } = pair();
    await assert.rejects(
      client.sendRequest(PortScanRequestMessage.type, {
        scanId: 'bad',
        targets: ['127.0.0.1'],
        tcp: { set: 'custom', ranges: '22,70000' },
      }),
      (error: ResponseError<unknown>) =>
        error.code === (HelperErrorCode.InvalidParams as number) && /"70000" in "22,70000"/.test(error.message),
    );
    client.dispose();
  });

  it('asks for confirmation of public targets, with the reasons as data', async () => {
    const { client } = pair();
    await assert.rejects(
      client.sendRequest(PortScanRequestMessage.type, {
        scanId: 'pub',
        targets: ['198.51.100.7'],
        tcp: { set: 'top100' },
      }),
      (error: ResponseError<NeedsConfirmationData>) =>
        error.code === (HelperErrorCode.NeedsConfirmation as number) &&
        error.data?.reasons.length === 1 &&
        /outside private/.test(error.data.reasons[0]),
    );
    client.dispose();
  });

  it('connect-scans loopback: open and closed, with progress', async () => {
    const { client, progress } = pair();
    const result = await client.sendRequest(PortScanRequestMessage.type, {
      scanId: 'lo',
      targets: ['127.0.0.1'],
      tcp: { set: 'custom', ranges: `${open},${closed}` },
      method: 'connect',
    });
    assert.equal(result.method, 'connect');
    assert.equal(result.cancelled, false);
    const [host] = result.hosts;
    assert.equal(host?.up, true);
    assert.equal(host?.upReason, 'localhost');
    const states = new Map(host?.ports.map((port) => [port.port, [port.state, port.reason]]));
    assert.deepEqual(states.get(open), ['open', 'syn-ack']);
    assert.deepEqual(states.get(closed), ['closed', 'conn-refused']);
    assert.ok(progress.length >= 1, 'no ports/didProgress');
    assert.ok(progress.every((entry) => entry.scanId === 'lo' && entry.total === 2));
    assert.equal(progress.at(-1)?.done, 2);
    client.dispose();
  });

  it('a cancelled scan returns early, marked cancelled', async () => {
    const { client } = pair();
    const cancel = new CancellationTokenSource();
    const started = performance.now();
    setTimeout(() => cancel.cancel(), 100);
    const result = await client.sendRequest(
      PortScanRequestMessage.type,
      { scanId: 'stop', targets: ['127.0.0.1'], tcp: { set: 'all' }, method: 'connect', maxRate: 2000 },
      cancel.token,
    );
    assert.equal(result.cancelled, true);
    assert.ok(performance.now() - started < 10_000, 'cancellation was not prompt');
    client.dispose();
  });
});
