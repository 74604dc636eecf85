import { invalidParams, onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import { BandwidthNotification, BandwidthWatchRequest } from '../../shared/helperProtocol';
import type { CounterReader } from '../os/bandwidthWatcher';
import { BandwidthWatcher, MAX_BANDWIDTH_INTERVAL_MS, MIN_BANDWIDTH_INTERVAL_MS } from '../os/bandwidthWatcher';

/** A failing read repeats every interval: the log gets the first few, not an endless stream. */
const LOGGED_READ_ERRORS = 3;

/**
 * Serves `bandwidth/watch` on a connection: readings of the OS counters (no privilege) sent as
 * `bandwidth/didUpdate` notifications. Returns the watcher so the server stops it on shutdown.
 */
export function serveBandwidth(context: ServerContext, read: CounterReader): BandwidthWatcher {
  const { connection, logger } = context;
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
  // Stopping (intervalMs 0) is still served during shutdown; starting is not.
  const policy = { params: checkInterval, refuseWhileShuttingDown: (intervalMs: number) => intervalMs > 0 };
  onRequest(context, BandwidthWatchRequest.type, policy, (intervalMs) => watcher.watch(intervalMs));
  return watcher;
}

/** The interval of a `bandwidth/watch` request, checked. */
function checkInterval(params: { intervalMs: number } | undefined): number {
  const intervalMs = (params as { intervalMs?: unknown } | undefined)?.intervalMs;
  const valid =
    typeof intervalMs === 'number' &&
    Number.isInteger(intervalMs) &&
    (intervalMs === 0 || (intervalMs >= MIN_BANDWIDTH_INTERVAL_MS && intervalMs <= MAX_BANDWIDTH_INTERVAL_MS));
  if (!valid) {
    throw invalidParams(
      `bandwidth/watch: intervalMs must be 0 (stop) or a whole number of milliseconds from ${MIN_BANDWIDTH_INTERVAL_MS} to ${MAX_BANDWIDTH_INTERVAL_MS}, not ${JSON.stringify(intervalMs)}.`,
    );
  }
  return intervalMs;
}
