import { ResponseError } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { BandwidthNotification, BandwidthWatchRequest, HelperErrorCode } from '../../shared/helperProtocol';
import type { Logger } from '../log';
import type { CounterReader } from '../os/bandwidthWatcher';
import { BandwidthWatcher, MAX_BANDWIDTH_INTERVAL_MS, MIN_BANDWIDTH_INTERVAL_MS } from '../os/bandwidthWatcher';

/** A failing read repeats every interval: the log gets the first few, not an endless stream. */
const LOGGED_READ_ERRORS = 3;

/**
 * Serves `bandwidth/watch` on a connection: readings of the OS counters (no privilege) sent as
 * `bandwidth/didUpdate` notifications. Returns the watcher so the server stops it on shutdown.
 */
export function serveBandwidth(
  connection: MessageConnection,
  read: CounterReader,
  logger: Logger,
  shuttingDown: () => boolean,
): BandwidthWatcher {
  let readErrors = 0;
  const watcher = new BandwidthWatcher(
    read,
    (sample) => void connection.sendNotification(BandwidthNotification.type, sample),
    (error) => {
      readErrors += 1;
      if (readErrors <= LOGGED_READ_ERRORS)
        logger.log(
          'warn',
          `reading interface counters failed: ${error instanceof Error ? error.message : String(error)}`,
        );
    },
  );
  connection.onRequest(BandwidthWatchRequest.type, (params) => {
    const intervalMs = (params as { intervalMs?: unknown } | undefined)?.intervalMs;
    const valid =
      typeof intervalMs === 'number' &&
      Number.isInteger(intervalMs) &&
      (intervalMs === 0 || (intervalMs >= MIN_BANDWIDTH_INTERVAL_MS && intervalMs <= MAX_BANDWIDTH_INTERVAL_MS));
    if (!valid) {
      throw new ResponseError(
        HelperErrorCode.InvalidParams,
        `bandwidth/watch: intervalMs must be 0 (stop) or a whole number of milliseconds from ${MIN_BANDWIDTH_INTERVAL_MS} to ${MAX_BANDWIDTH_INTERVAL_MS}, not ${JSON.stringify(intervalMs)}.`,
      );
    }
    if (shuttingDown() && intervalMs > 0)
      throw new ResponseError(HelperErrorCode.ShuttingDown, 'The helper is shutting down.');
    watcher.watch(intervalMs);
  });
  return watcher;
}
