/**
 * The extension ⇄ helper messages of the sockets area (process sockets and their traffic, without
 * privilege), in the style of helperProtocol.ts, which holds the rest; one file per area keeps each
 * short. Served by src/helper/server/socketHandlers.ts.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc/lib/common/api';
import type { SocketSourceKind, SocketsTick } from './model/sockets';

/** Ticks of a socket watch, in ms: at least MIN_SOCKETS_INTERVAL_MS, at most MAX_SOCKETS_INTERVAL_MS. */
export const MIN_SOCKETS_INTERVAL_MS = 100;
export const MAX_SOCKETS_INTERVAL_MS = 60_000;
/** The most pids one watch names as roots. */
export const MAX_WATCHED_ROOTS = 256;

/** Parameters of `sockets/watch`. */
export interface SocketsWatchParams {
  /** chosen by the caller; names the watch in ticks; watching an id again adds `pids` as roots */
  watchId: string;
  /** roots of the process tree (ignored with `allProcesses`) */
  pids: number[];
  /** follow the roots' descendants (default true) */
  tree?: boolean;
  /** every process this user may read, instead of a tree (Show Process Traffic) */
  allProcesses?: boolean;
  /** ms between ticks (default 1000) */
  intervalMs?: number;
  /** force the /proc/net fallback (default: the kernel's socket diagnostics when they work) */
  source?: SocketSourceKind;
}

/**
 * Starts watching the sockets of a process tree (or of every readable process); answers with the
 * first reading, then `sockets/didTick` each interval. Needs no privilege for the user's own processes.
 */
export namespace SocketsWatchRequest {
  export const method = 'sockets/watch' as const;
  export const type = new RequestType<SocketsWatchParams, SocketsTick, void>(method);
}

/** Stops a watch. Safe to repeat. */
export namespace SocketsUnwatchRequest {
  export const method = 'sockets/unwatch' as const;
  export const type = new RequestType<{ watchId: string }, void, void>(method);
}

/** Everything a watch holds: every open row, the closed rows kept, the tree and the rates. */
export namespace SocketsSnapshotRequest {
  export const method = 'sockets/snapshot' as const;
  export const type = new RequestType<{ watchId: string }, SocketsTick, void>(method);
}

/** One reading of a watch: rows new or changed since the last tick. */
export namespace SocketsTickNotification {
  export const method = 'sockets/didTick' as const;
  export const type = new NotificationType<SocketsTick>(method);
}

/** Parameters of `sockets/portOwner`. */
export interface PortOwnerParams {
  /** a local TCP port, e.g. a debug port such as 9229 */
  port: number;
}

/** The process listening on a local TCP port, when this user may read it: a debug port's owner is the debuggee. */
export namespace PortOwnerRequest {
  export const method = 'sockets/portOwner' as const;
  export const type = new RequestType<PortOwnerParams, { pid?: number; name?: string }, void>(method);
}
