import { invalidParams, onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import type { SocketsTick, SocketSourceKind } from '../../shared/model/sockets';
import {
  MAX_SOCKETS_INTERVAL_MS,
  MAX_WATCHED_ROOTS,
  MIN_SOCKETS_INTERVAL_MS,
  PortOwnerRequest,
  SocketsSnapshotRequest,
  SocketsTickNotification,
  SocketsUnwatchRequest,
  SocketsWatchRequest,
} from '../../shared/socketsProtocol';
import type { SocketsWatchParams } from '../../shared/socketsProtocol';
import { findPortOwner } from '../sockets/portOwner';
import type { ProcessReader } from '../sockets/processTable';
import type { SocketSource } from '../sockets/socketSource';
import { SocketWatch } from '../sockets/socketWatch';
import { runWatchTicks } from '../sockets/watchTicks';
import type { WatchTicks } from '../sockets/watchTicks';

/** What the sockets handlers need besides the server: the OS, injected in tests. */
export interface SocketsIo {
  openSource: (prefer?: SocketSourceKind) => SocketSource;
  reader: ProcessReader;
}

interface RunningWatch {
  watch: SocketWatch;
  ticks: WatchTicks;
}

/** The watches a connection runs, so the server stops them on shutdown. */
export interface SocketWatches {
  stopAll(): void;
}

/** A failing reading repeats every tick: the log gets the first few. */
const LOGGED_READ_ERRORS = 3;

/** Serves `sockets/watch`, `sockets/unwatch`, `sockets/snapshot` and `sockets/portOwner`; ticks go out as `sockets/didTick`. */
export function registerSocketHandlers(context: ServerContext, io: SocketsIo): SocketWatches {
  const watches = new Map<string, RunningWatch>();
  let readErrors = 0;
  const stop = (watchId: string): void => {
    const running = watches.get(watchId);
    if (!running) return;
    running.ticks.stop();
    running.watch.close();
    watches.delete(watchId);
  };
  const start = (params: Required<SocketsWatchParams>): SocketsTick => {
    const existing = watches.get(params.watchId);
    if (existing) {
      existing.watch.addRoots(params.pids);
      return existing.watch.snapshot();
    }
    const source = io.openSource(params.source === 'proc' ? 'proc' : undefined);
    if (source.note) context.logger.log('info', `sockets: ${source.note}`);
    const watch = new SocketWatch(params, source, io.reader);
    const first = watch.read();
    const ticks = runWatchTicks(
      watch,
      { intervalMs: params.intervalMs },
      (tick) => void context.connection.sendNotification(SocketsTickNotification.type, tick),
      (error) => {
        if (++readErrors <= LOGGED_READ_ERRORS)
          context.logger.log(
            'warn',
            `sockets: a reading failed: ${error instanceof Error ? error.message : String(error)}`,
          );
      },
    );
    watches.set(params.watchId, { watch, ticks });
    return first;
  };
  onRequest(context, SocketsWatchRequest.type, { params: checkWatch, refuseWhileShuttingDown: true }, start);
  onRequest(context, SocketsUnwatchRequest.type, { params: checkWatchId }, (watchId) => stop(watchId));
  onRequest(context, SocketsSnapshotRequest.type, { params: checkWatchId }, (watchId) => {
    const running = watches.get(watchId);
    if (!running) throw invalidParams(`No socket watch has the id "${watchId}".`);
    return running.watch.snapshot();
  });
  onRequest(context, PortOwnerRequest.type, { params: checkPort }, (port) => {
    const source = io.openSource();
    try {
      return findPortOwner(port, source, io.reader) ?? {};
    } finally {
      source.close();
    }
  });
  return { stopAll: () => [...watches.keys()].forEach(stop) };
}

function checkWatchId(params: { watchId: string } | undefined): string {
  const watchId = (params as { watchId?: unknown } | undefined)?.watchId;
  if (typeof watchId !== 'string' || watchId.length === 0 || watchId.length > 200)
    throw invalidParams(`sockets: watchId must be a non-empty string, not ${JSON.stringify(watchId)}.`);
  return watchId;
}

const isPid = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 0x3fffffff;

/** The params of `sockets/watch`, checked, with their defaults. */
export function checkWatch(params: SocketsWatchParams | undefined): Required<SocketsWatchParams> {
  const watchId = checkWatchId(params);
  const raw = params as Partial<Record<keyof SocketsWatchParams, unknown>>;
  const pids = raw.pids ?? [];
  if (!Array.isArray(pids) || pids.length > MAX_WATCHED_ROOTS || !pids.every(isPid))
    throw invalidParams(
      `sockets/watch: pids must be at most ${MAX_WATCHED_ROOTS} process ids, not ${JSON.stringify(pids)}.`,
    );
  const intervalMs = raw.intervalMs ?? 1000;
  if (
    typeof intervalMs !== 'number' ||
    !Number.isInteger(intervalMs) ||
    intervalMs < MIN_SOCKETS_INTERVAL_MS ||
    intervalMs > MAX_SOCKETS_INTERVAL_MS
  )
    throw invalidParams(
      `sockets/watch: intervalMs must be a whole number of ms from ${MIN_SOCKETS_INTERVAL_MS} to ${MAX_SOCKETS_INTERVAL_MS}, not ${JSON.stringify(intervalMs)}.`,
    );
  for (const flag of ['tree', 'allProcesses'] as const) {
    if (raw[flag] !== undefined && typeof raw[flag] !== 'boolean')
      throw invalidParams(`sockets/watch: ${flag} must be true or false, not ${JSON.stringify(raw[flag])}.`);
  }
  const source = raw.source ?? 'sock_diag';
  if (source !== 'sock_diag' && source !== 'proc')
    throw invalidParams(`sockets/watch: source must be "sock_diag" or "proc", not ${JSON.stringify(source)}.`);
  const allProcesses = raw.allProcesses === true;
  if (!allProcesses && pids.length === 0) throw invalidParams('sockets/watch: name at least one pid, or allProcesses.');
  return { watchId, pids, tree: raw.tree !== false, allProcesses, intervalMs, source };
}

function checkPort(params: { port: number } | undefined): number {
  const port = (params as { port?: unknown } | undefined)?.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    throw invalidParams(`sockets/portOwner: port must be a TCP port from 1 to 65535, not ${JSON.stringify(port)}.`);
  return port;
}
