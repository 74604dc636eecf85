/**
 * The extension host ⇄ sockets view protocol: "Show Process Traffic" (every process of the user)
 * and the debug session's traffic panel (the debuggee's process tree), one view in two modes,
 * carried by webviewTransport.ts like the dashboard's.
 *
 * Lifecycle: the view sends `sockets/ready` and is answered with the whole `SocketsViewState`;
 * then one `sockets/didTick` per reading of the helper's watch. When the watch behind the view
 * changes (a debug session starts, the helper restarted) the host sends `sockets/didReset`. A gap
 * in tick numbers asks `sockets/snapshot`. Names and addresses from the network are hostile: the
 * view renders them as text only.
 */
import type { SocketsTick } from './model/sockets';
import type { RatePoint } from './sockets/socketsState';
import type { SavedFile } from './webviewProtocol';
import { WebviewNotificationType, WebviewRequestType } from './webviewProtocol';

/** Bumped whenever a message changes shape. */
export const SOCKETS_VIEW_PROTOCOL_VERSION = 2;

/** Which view: every process of the user, or a debug session's tree. */
export type SocketsViewMode = 'processes' | 'debug';

/**
 * How the debuggee's traffic is told from the rest: `exact` (its sockets, with capture attributing
 * packets to them), `by-socket` (its sockets, from the process tree), `sockets-only` (no capture:
 * the kernel's socket table alone), `unscoped` (no process known, or a remote one: all traffic).
 */
export type AttributionMode = 'exact' | 'by-socket' | 'sockets-only' | 'unscoped';

/** A span when the debuggee was paused at a breakpoint (ms since the Unix epoch). */
export interface PauseBand {
  start: number;
  /** absent while it is still paused */
  end?: number;
}

/** What a capture saw on the program's connections (attributed by their sockets' addresses and ports). */
export interface CapturedTraffic {
  /** per connection row (by its id): its flow in the capture */
  flows: { id: string; app?: string; serverName?: string; reset: boolean; packets: number }[];
  /** DNS answers that named the hosts the program contacted (hostile text) */
  names: { name: string; address: string }[];
  /** TLS handshakes on its connections: the server name each asked for */
  tls: { time: number; pid?: number; remote: string; serverName: string }[];
  /** HTTP/1.x request and status lines on its connections (hostile text) */
  http: { time: number; pid?: number; remote: string; line: string }[];
}

/** What the debug panel says about its session. */
export interface DebugSessionView {
  /** the session's name, as the Run and Debug view shows it */
  name: string;
  /** the debug type (node, pwa-node, debugpy, cppdbg, go…) */
  type: string;
  attribution: AttributionMode;
  /** one sentence: how the processes were found, or why none could be */
  attributionNote: string;
  /** the roots learnt so far, with how each was learnt (process event, attach arguments…) */
  roots: { pid: number; how: string }[];
  pauses: PauseBand[];
  /** the session ended (the panel keeps what it showed) */
  ended?: boolean;
  /** while a capture runs: what it saw on the program's connections */
  captured?: CapturedTraffic;
}

/** Everything the view needs to draw itself from nothing. */
export interface SocketsViewState {
  mode: SocketsViewMode;
  /** the whole watch so far; absent before its first reading */
  snapshot?: SocketsTick;
  /** total rates so far, oldest first, for the chart */
  series?: RatePoint[];
  /** debug mode */
  debug?: DebugSessionView;
  /** why there is nothing to show (the helper failed…), with what to do */
  problem?: string;
}

/** Parameters of `sockets/ready`. */
export interface SocketsReadyParams {
  protocolVersion: number;
}

/** The view has loaded: answered with its whole state. */
export namespace SocketsReadyRequest {
  export const method = 'sockets/ready' as const;
  export const type = new WebviewRequestType<SocketsReadyParams, SocketsViewState>(method);
}

/** The view missed ticks: the whole state again. */
export namespace SocketsSnapshotRequest {
  export const method = 'sockets/snapshot' as const;
  export const type = new WebviewRequestType<Record<string, never>, SocketsViewState>(method);
}

/** Exports the connections (every row kept, closed ones too) as CSV or JSON; the host asks where. */
export namespace SocketsExportRequest {
  export const method = 'sockets/export' as const;
  export const type = new WebviewRequestType<{ format: 'csv' | 'json' }, SavedFile>(method);
}

/**
 * Debug mode: saves the packets of the session's connections that the live capture recorded as a
 * pcap; the host asks where. Refused (with what to do) when no capture recorded them.
 */
export namespace DebugPcapExportRequest {
  export const method = 'debug/exportPcap' as const;
  export const type = new WebviewRequestType<Record<string, never>, SavedFile>(method);
}

/** One reading of the watch. */
export namespace SocketsTickViewNotification {
  export const method = 'sockets/didTick' as const;
  export const type = new WebviewNotificationType<SocketsTick>(method);
}

/** The watch behind the view changed: draw this state instead. */
export namespace SocketsResetNotification {
  export const method = 'sockets/didReset' as const;
  export const type = new WebviewNotificationType<SocketsViewState>(method);
}

/** The debug session changed: a root learnt, a pause began or ended, the session ended. */
export namespace DebugSessionNotification {
  export const method = 'debug/didChange' as const;
  export const type = new WebviewNotificationType<DebugSessionView>(method);
}
