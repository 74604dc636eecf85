import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import {
  CancellationTokenSource,
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { startProtocolServer } from '../../../src/helper/server/protocolServer';
import {
  ExitNotification,
  HELPER_PROTOCOL_VERSION,
  HelperErrorCode,
  InitializeRequest,
  InterfacesRequest,
  LogNotification,
  ScanProgressNotification,
  ScanRequestMessage,
  ShutdownRequest,
} from '../../../src/shared/helperProtocol';
import type { LogParams, ScanProgressParams } from '../../../src/shared/helperProtocol';
import type { Device } from '../../../src/shared/model/device';
import type { ScanRequest, ScanResult } from '../../../src/shared/model/scan';
import type { InterfaceSnapshot } from '../../../src/helper/os/interfaces';
import type { ScanContext } from '../../../src/helper/scan/runScan';

const snapshot: InterfaceSnapshot = {
  interfaces: [
    {
      name: 'br-t',
      mac: '02:00:00:00:00:01',
      ipv4: [{ address: '10.213.0.1', prefixLength: 24, cidr: '10.213.0.0/24' }],
      ipv6: [],
      up: true,
      internal: false,
      isDefault: true,
    },
  ],
  defaultInterface: 'br-t',
};

const device = (ip: string): Device => ({
  ip,
  isGateway: false,
  isSelf: false,
  interface: 'br-t',
  subnet: '10.213.0.0/24',
  firstSeen: 1,
  lastSeen: 1,
  methods: ['arp'],
});

/** A scan that reports two hosts, then waits for cancellation (or finishes at once when `quick`). */
async function fakeScan(request: ScanRequest, context: ScanContext): Promise<ScanResult> {
  context.onProgress?.({
    scanId: request.scanId,
    devices: [device('10.213.0.11'), device('10.213.0.12')],
    found: 2,
    probesSent: 253,
    total: 253,
  });
  if (request.cidr === 'wait')
    await new Promise<void>((resolve) => context.signal?.addEventListener('abort', () => resolve()));
  return {
    scanId: request.scanId,
    interface: 'br-t',
    cidr: '10.213.0.0/24',
    method: 'arp',
    partial: false,
    cancelled: context.signal?.aborted ?? false,
    devices: [device('10.213.0.11'), device('10.213.0.12')],
    warnings: [],
    durationMs: 5,
    probesSent: 253,
  };
}

function pair(runScan?: typeof fakeScan) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let exitCode: number | undefined;
  startProtocolServer({
    input: toServer,
    output: toClient,
    exit: (code) => (exitCode ??= code),
    listInterfaces: () => Promise.resolve(snapshot),
    addressedInterfaces: () => Promise.resolve(snapshot),
    runScan,
  });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const logs: LogParams[] = [];
  const progress: ScanProgressParams[] = [];
  client.onNotification(LogNotification.type, (params) => logs.push(params));
  client.onNotification(ScanProgressNotification.type, (params) => progress.push(params));
  client.listen();
  return { client, logs, progress, exitCode: () => exitCode };
}

describe('helper protocol over an in-memory stream', () => {
  it('initializes, lists interfaces, shuts down and exits cleanly', async () => {
    const { client, logs, exitCode } = pair();
    const init = await client.sendRequest(InitializeRequest.type, {
      protocolVersion: HELPER_PROTOCOL_VERSION,
      logLevel: 'info',
    });
    assert.equal(init.protocolVersion, HELPER_PROTOCOL_VERSION);
    assert.equal(init.node.abi, process.versions.modules);
    assert.equal(typeof init.capture.available, 'boolean');
    assert.deepEqual(await client.sendRequest(InterfacesRequest.type), snapshot);
    await client.sendRequest(ShutdownRequest.type);
    await client.sendNotification(ExitNotification.type);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(exitCode(), 0);
    assert.ok(logs.some((line) => line.level === 'info' && /helper .* pid/.test(line.message)));
    client.dispose();
  });

  it('refuses a client of another protocol version', async () => {
    const { client } = pair();
    await assert.rejects(
      client.sendRequest(InitializeRequest.type, { protocolVersion: 999, logLevel: 'info' }),
      (error: ResponseError<unknown>) => error.code === -32602 && /Protocol mismatch/.test(error.message),
    );
    client.dispose();
  });

  it('streams progress and returns the result of a scan', async () => {
    const { client, progress } = pair(fakeScan);
    const result = await client.sendRequest(ScanRequestMessage.type, { scanId: 's1', cidr: '10.213.0.0/24' });
    assert.equal(result.devices.length, 2);
    assert.equal(progress.length, 1);
    assert.equal(progress[0]?.scanId, 's1');
    assert.deepEqual(
      progress[0]?.devices.map((entry) => entry.ip),
      ['10.213.0.11', '10.213.0.12'],
    );
    client.dispose();
  });

  it('cancels a running scan through JSON-RPC cancellation', async () => {
    const { client, progress } = pair(fakeScan);
    const source = new CancellationTokenSource();
    const pending = client.sendRequest(ScanRequestMessage.type, { scanId: 's2', cidr: 'wait' }, source.token);
    while (progress.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    source.cancel();
    // The scan stops and still answers, with what it found so far.
    const result = await pending;
    assert.equal(result.cancelled, true);
    assert.equal(result.devices.length, 2);
    client.dispose();
  });

  const refusals: [string, HelperErrorCode][] = [
    ['10.213.0.0/99', HelperErrorCode.InvalidParams],
    ['10.0.0.0/14', HelperErrorCode.NeedsConfirmation],
    ['10.0.0.0/8', HelperErrorCode.InvalidParams],
    ['8.8.8.0/24', HelperErrorCode.NeedsConfirmation],
  ];
  for (const [cidr, code] of refusals) {
    it(`answers ${cidr} with error ${code} before sending anything`, async () => {
      const { client } = pair();
      await assert.rejects(
        client.sendRequest(ScanRequestMessage.type, { scanId: 'bad', cidr }),
        (error: ResponseError<{ reasons: string[] }>) => error.code === (code as number),
      );
      client.dispose();
    });
  }

  it('answers an unknown interface with UnknownInterface', async () => {
    const { client } = pair();
    await assert.rejects(
      client.sendRequest(ScanRequestMessage.type, { scanId: 'bad', interface: 'nope0' }),
      (error: ResponseError<unknown>) =>
        error.code === (HelperErrorCode.UnknownInterface as number) && /nope0/.test(error.message),
    );
    client.dispose();
  });
});
