// The one wrapper every protocol request goes through: params checked at the boundary, a shutdown
// guard, the client's cancellation as an AbortSignal, and errors mapped to named codes. Handlers
// hold only their work.
import { setMaxListeners } from 'node:events';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { CancellationToken, MessageConnection, RequestType, RequestType0 } from 'vscode-jsonrpc/node';
import { CaptureFileError } from '../captureFile/analyseCaptureFile';
import { ScanInputError } from '../scan/scanTarget';
import { HelperErrorCode } from '../../shared/helperProtocol';
import type { NeedsConfirmationData } from '../../shared/helperProtocol';
import type { Logger } from '../log';

/** What every handler needs from the server. */
export interface ServerContext {
  connection: MessageConnection;
  logger: Logger;
  /** true once `helper/shutdown` has been received */
  isShuttingDown: () => boolean;
}

/** How one request is served, besides its work. */
export interface RequestPolicy<P, V> {
  /** checks the raw params and returns what the work takes; throws invalidParams(…) when they are wrong */
  params: (params: P) => V;
  /**
   * answer ShuttingDown once shutdown has begun: `true` before the params are checked, or a test of
   * the checked params (a request that only stops something may still pass)
   */
  refuseWhileShuttingDown?: true | ((params: V) => boolean);
  /**
   * names the work for the log when it fails unexpectedly; the client then gets InternalError with
   * the error's own message. Without it, vscode-jsonrpc answers InternalError with its wording.
   */
  failure?: (params: V) => string;
}

/** The work of a request: its checked params, and a signal that fires when the client cancels it. */
export type RequestWork<V, R> = (params: V, signal: AbortSignal) => R | Promise<R>;

/** For requests whose work validates its own params (scans: the CLI runs the same checks). */
export const checkedByWork = <P>(params: P): P => params;

/** A malformed parameter, answered as InvalidParams with this message. */
export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(HelperErrorCode.InvalidParams, message);
}

/** Serves a request with params through the wrapper. */
export function onRequest<P, R, V>(
  context: ServerContext,
  type: RequestType<P, R, void>,
  policy: RequestPolicy<P, V>,
  work: RequestWork<V, R>,
): void {
  context.connection.onRequest(type, (params, token) => serve(context, policy, params, token, work));
}

/** Serves a request without params through the wrapper. */
export function onRequest0<R>(
  context: ServerContext,
  type: RequestType0<R, void>,
  work: (signal: AbortSignal) => R | Promise<R>,
): void {
  const policy: RequestPolicy<undefined, undefined> = { params: checkedByWork };
  context.connection.onRequest(type, (token) => serve(context, policy, undefined, token, (_, signal) => work(signal)));
}

async function serve<P, V, R>(
  context: ServerContext,
  policy: RequestPolicy<P, V>,
  raw: P,
  token: CancellationToken,
  work: RequestWork<V, R>,
): Promise<R> {
  const refuse = policy.refuseWhileShuttingDown;
  if (refuse === true && context.isShuttingDown()) throw shuttingDown();
  let params: V;
  try {
    params = policy.params(raw);
  } catch (error) {
    throw mapError(error, context.logger, undefined, undefined);
  }
  if (typeof refuse === 'function' && context.isShuttingDown() && refuse(params)) throw shuttingDown();
  const abort = new AbortController();
  // Service detection listens on the signal once per probe in flight.
  setMaxListeners(0, abort.signal);
  const subscription = token.onCancellationRequested(() => abort.abort());
  try {
    return await work(params, abort.signal);
  } catch (error) {
    throw mapError(error, context.logger, policy.failure, params);
  } finally {
    subscription.dispose();
  }
}

function shuttingDown(): ResponseError<void> {
  return new ResponseError(HelperErrorCode.ShuttingDown, 'The helper is shutting down.');
}

/** The helper's own errors become their codes; anything else is internal (logged when `failure` names the work). */
function mapError<V>(error: unknown, logger: Logger, failure: ((params: V) => string) | undefined, params: V): unknown {
  if (error instanceof ResponseError) return error;
  if (error instanceof ScanInputError) {
    return new ResponseError<NeedsConfirmationData>(error.code, error.message, { reasons: error.reasons });
  }
  if (error instanceof CaptureFileError) return new ResponseError(HelperErrorCode.BadCaptureFile, error.message);
  if (failure === undefined) return error;
  logger.log(
    'error',
    `${failure(params)} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return new ResponseError(HelperErrorCode.InternalError, error instanceof Error ? error.message : String(error));
}
