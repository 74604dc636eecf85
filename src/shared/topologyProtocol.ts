/**
 * The extension host ⇄ "Show Topology" view protocol, declared once in the style of
 * webviewProtocol.ts and carried by the same transport (webviewTransport.ts).
 *
 * Lifecycle: the view sends `topology/ready` and is answered with the whole `TopologyState`; then
 * the host sends one `topology/didTick` per capture tick, and `topology/didChangeDevices` or
 * `topology/didChangeHops` when scans or traces change what is known. The view builds the graph
 * itself with the shared builder (src/shared/topology), so its graph and `lanlens topology`'s agree.
 * A gap in ticks asks `topology/snapshot`. Selection travels both ways (`topology/didSelect`).
 * Names and neighbour fields came from the network: the view draws them as text only.
 */
import type { TrafficDelta, TrafficSnapshot } from './model/traffic';
import type { HopRecord, TopologyDevice } from './topology/topologyModel';
import type { SavedFile } from './webviewProtocol';
import { WebviewNotificationType, WebviewRequestType } from './webviewProtocol';

/** Bumped whenever a message changes shape. */
export const TOPOLOGY_PROTOCOL_VERSION = 1;

/** A node the user pinned, by the MAC of its device (positions in layout units). */
export interface PinnedPosition {
  /** lower case with colons */
  mac: string;
  x: number;
  y: number;
}

/** Everything the view needs to draw itself from nothing. */
export interface TopologyState {
  devices: TopologyDevice[];
  /** the live capture (running or stopped); absent before any */
  traffic?: TrafficSnapshot;
  hops: HopRecord[];
  pins: PinnedPosition[];
  /** the address the Devices tree has selected, if any */
  selected?: string;
  /** the host's clock, ms since the Unix epoch (staleness is judged against it) */
  now: number;
}

/** The Devices tree's context actions, offered on the view's nodes too. */
export type TopologyAction = 'copyIp' | 'scanPorts' | 'rescan' | 'trace';

/** Parameters of `topology/ready`. */
export interface TopologyReadyParams {
  /** TOPOLOGY_PROTOCOL_VERSION the view was built with */
  protocolVersion: number;
}

/** Parameters of `topology/export`: the view draws the file, the host asks where to save it. */
export interface TopologyExportParams {
  format: 'svg' | 'png';
  /** SVG text, or the PNG as base64 */
  data: string;
}

// ─── View → host requests ────────────────────────────────────────────────────────────────────

/** The view has loaded; answered with everything it needs. */
export namespace TopologyReadyRequest {
  export const method = 'topology/ready' as const;
  export const type = new WebviewRequestType<TopologyReadyParams, TopologyState>(method);
}

/** The view missed a tick; answered with the current state. */
export namespace TopologySnapshotRequest {
  export const method = 'topology/snapshot' as const;
  export const type = new WebviewRequestType<Record<string, never>, TopologyState>(method);
}

/** Runs a Devices-tree action on the device with this address (`trace`: hops to it and its subnet). */
export namespace TopologyActionRequest {
  export const method = 'topology/action' as const;
  export const type = new WebviewRequestType<{ action: TopologyAction; ip: string }, void>(method);
}

/** Saves the drawn map; the host asks where (a save dialog). */
export namespace TopologyExportRequest {
  export const method = 'topology/export' as const;
  export const type = new WebviewRequestType<TopologyExportParams, SavedFile>(method);
}

// ─── Notifications, both ways ────────────────────────────────────────────────────────────────

/** A node was selected (view → host: reveal it in the Devices tree; host → view: the tree's selection). */
export namespace TopologySelectNotification {
  export const method = 'topology/didSelect' as const;
  export const type = new WebviewNotificationType<{ ip?: string }>(method);
}

/** View → host: a node was pinned where the user dropped it (or unpinned: no position). */
export namespace TopologyPinNotification {
  export const method = 'topology/didPin' as const;
  export const type = new WebviewNotificationType<{ mac: string; x?: number; y?: number }>(method);
}

/** Host → view: one capture tick. */
export namespace TopologyTickNotification {
  export const method = 'topology/didTick' as const;
  export const type = new WebviewNotificationType<{ traffic: TrafficDelta; now: number }>(method);
}

/** Host → view: the capture changed (started, stopped): draw from this state. */
export namespace TopologyResetNotification {
  export const method = 'topology/didReset' as const;
  export const type = new WebviewNotificationType<TopologyState>(method);
}

/** Host → view: the Devices list changed (a scan, a port scan, a passive sighting). */
export namespace TopologyDevicesNotification {
  export const method = 'topology/didChangeDevices' as const;
  export const type = new WebviewNotificationType<{ devices: TopologyDevice[]; now: number }>(method);
}

/** Host → view: traces found hops. */
export namespace TopologyHopsNotification {
  export const method = 'topology/didChangeHops' as const;
  export const type = new WebviewNotificationType<{ hops: HopRecord[] }>(method);
}
