// The one request wrapper of the helper server: validation, shutdown guard, cancellation and error
// mapping, over an in-memory connection with requests made up for the test.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { ResponseError } from 'vscode-jsonrpc/node';
import {
  CancellationTokenSource,
  createMessageConnection,
  RequestType,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { CaptureFileError } from '../../../src/helper/captureFile/analyseCaptureFile';
import { ScanInputError } from '../../../src/helper/scan/scanTarget';
import { checkedByWork, invalidParams, onRequest } from '../../../src/helper/server/requestHandler';
import type { RequestPolicy, RequestWork } from '../../../src/helper/server/requestHandler';
import { HelperErrorCode } from '../../../src/shared/helperProtocol';

const Echo = new RequestType<{ value: number }, number, void>('test/echo');

/** A server with one `test/echo` request served by `work` under `policy`, and its client. */
function serve(
  policy: RequestPolicy<{ value: number }, { value: number }>,
  work: RequestWork<{ value: number }, number>,
) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const connection = createMessageConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  const logs: string[] = [];
  const state = { shuttingDown: false };
  const logger = { log: (level: string, message: string) => logs.push(`${level}: ${message}`) };
  onRequest({ connection, logger, isShuttingDown: () => state.shuttingDown }, Echo, policy, work);
  connection.listen();
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  client.listen();
  const dispose = () => (client.dispose(), connection.dispose());
  return { client, logs, state, dispose };
}

async function refusal(pending: Promise<unknown>): Promise<ResponseError<unknown>> {
  try {
    await pending;
  } catch (error) {
    return error as ResponseError<unknown>;
  }
  assert.fail('the request was answered');
}

const positive = (params: { value: number }) => {
  if (!(params.value > 0)) throw invalidParams(`value must be positive, not ${params.value}.`);
  return params;
};

test('params are checked before the work runs', async () => {
  let ran = false;
  const { client, dispose } = serve({ params: positive }, ({ value }) => ((ran = true), value));
  assert.equal(await client.sendRequest(Echo, { value: 2 }), 2);
  ran = false;
  const error = await refusal(client.sendRequest(Echo, { value: -1 }));
  assert.deepEqual(
    [error.code, error.message, ran],
    [HelperErrorCode.InvalidParams, 'value must be positive, not -1.', false],
  );
  dispose();
});

test('shutdown refuses work: always, or as the checked params say', async () => {
  const always = serve({ params: checkedByWork, refuseWhileShuttingDown: true }, ({ value }) => value);
  always.state.shuttingDown = true;
  const error = await refusal(always.client.sendRequest(Echo, { value: 1 }));
  assert.deepEqual([error.code, error.message], [HelperErrorCode.ShuttingDown, 'The helper is shutting down.']);
  always.dispose();

  const starts = serve({ params: positive, refuseWhileShuttingDown: ({ value }) => value > 1 }, ({ value }) => value);
  starts.state.shuttingDown = true;
  assert.equal(await starts.client.sendRequest(Echo, { value: 1 }), 1);
  assert.equal((await refusal(starts.client.sendRequest(Echo, { value: 5 }))).code, HelperErrorCode.ShuttingDown);
  assert.equal((await refusal(starts.client.sendRequest(Echo, { value: 0 }))).code, HelperErrorCode.InvalidParams);
  starts.dispose();
});

test("the client's cancellation aborts the work's signal", async () => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const { client, dispose } = serve({ params: checkedByWork }, (_, signal) => {
    started();
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(-1)));
  });
  const source = new CancellationTokenSource();
  const pending = client.sendRequest(Echo, { value: 1 }, source.token);
  await running;
  source.cancel();
  assert.equal(await pending, -1);
  dispose();
});

test("the helper's errors keep their codes; others are InternalError, logged when the work is named", async () => {
  const errors: Record<number, Error> = {
    1: new ScanInputError('Needs a yes.', HelperErrorCode.NeedsConfirmation, ['8.8.8.8 is public']),
    2: new CaptureFileError('not a pcap or pcapng file at offset 0'),
    3: new Error('disk on fire'),
  };
  const work = ({ value }: { value: number }) => {
    throw errors[value];
  };
  const named = serve({ params: checkedByWork, failure: ({ value }) => `echo ${value}` }, work);
  const confirm = (await refusal(named.client.sendRequest(Echo, { value: 1 }))) as ResponseError<{ reasons: string[] }>;
  assert.deepEqual(
    [confirm.code, confirm.message, confirm.data],
    [HelperErrorCode.NeedsConfirmation, 'Needs a yes.', { reasons: ['8.8.8.8 is public'] }],
  );
  const bad = await refusal(named.client.sendRequest(Echo, { value: 2 }));
  assert.equal(bad.code, HelperErrorCode.BadCaptureFile);
  const internal = await refusal(named.client.sendRequest(Echo, { value: 3 }));
  assert.deepEqual([internal.code, internal.message], [HelperErrorCode.InternalError, 'disk on fire']);
  assert.equal(HelperErrorCode.InternalError, -32603, "JSON-RPC's own number");
  assert.ok(
    named.logs.some((line) => /^error: echo 3 failed: Error: disk on fire/.test(line)),
    named.logs.join('\n'),
  );
  assert.equal(named.logs.length, 1, 'only the unexpected failure is logged');
  named.dispose();

  const unnamed = serve({ params: checkedByWork }, work);
  const plain = await refusal(unnamed.client.sendRequest(Echo, { value: 3 }));
  assert.equal(plain.code, HelperErrorCode.InternalError);
  assert.match(plain.message, /disk on fire/);
  assert.deepEqual(unnamed.logs, []);
  unnamed.dispose();
});
