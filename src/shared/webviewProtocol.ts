/**
 * The extension host ⇄ traffic dashboard protocol (the "Show Traffic" panel and the .pcap/.pcapng
 * custom editor), declared once. Each message is a namespace with its literal method name and a
 * typed descriptor, as in helperProtocol.ts; `webviewTransport.ts` carries them over postMessage.
 *
 * Lifecycle: the view sends `view/ready` and is answered with the whole `DashboardState`; after that
 * the host sends one `traffic/didTick` per second (capture delta and/or bandwidth sample). When the
 * capture behind the view changes (started, stopped, a file opened) the host sends
 * `traffic/didReset` with a new state. A view that sees a gap in tick numbers asks `traffic/snapshot`.
 * The theme is not a message: the view reads VS Code's body classes and CSS variables.
 * Strings that came from the network (names, banners, HTTP paths, Info columns) are hostile: the
 * view renders them as text only.
 */
import type { CaptureStatus } from './model/capture';
import type { NetworkInterfaceInfo } from './model/network';
import type { BandwidthSample, PacketDetail, PacketSummary, TrafficDelta, TrafficSnapshot } from './model/traffic';

/** Bumped whenever a message changes shape. */
export const WEBVIEW_PROTOCOL_VERSION = 2;

/** A request the view or the host can send; the type parameters only carry the shapes. */
export class WebviewRequestType<P, R> {
  /** never set: lets the compiler infer P and R from a descriptor */
  declare readonly _types?: [P, R];
  constructor(readonly method: string) {}
}

/** A notification (no answer) the view or the host can send. */
export class WebviewNotificationType<P> {
  declare readonly _types?: [P];
  constructor(readonly method: string) {}
}

// ─── Shapes ──────────────────────────────────────────────────────────────────────────────────

/** What the dashboard shows: a live capture panel, or a capture file in the custom editor. */
export type DashboardMode = 'live' | 'file';

/** A name the Devices list (ARP/TCP scans) knows for an address; used to label hosts in the charts. */
export interface DeviceName {
  ip: string;
  /** lower case with colons */
  mac?: string;
  /** reverse DNS or mDNS name (hostile) */
  hostname?: string;
  /** organisation of the MAC's OUI */
  vendor?: string;
  isGateway?: boolean;
  isSelf?: boolean;
}

/** Everything the view needs to draw itself from nothing. */
export interface DashboardState {
  mode: DashboardMode;
  /** the capture or file shown; absent in live mode before any capture was started */
  traffic?: TrafficSnapshot;
  /** per-interface bandwidth readings, oldest first (the host keeps the last 5 minutes at 1 s) */
  bandwidth: BandwidthSample[];
  /** interfaces a capture can be started on (live mode; empty in file mode) */
  interfaces: NetworkInterfaceInfo[];
  /** interface to preselect: the active one (the status bar's), else the default route's */
  activeInterface?: string;
  /** whether a live capture can start, and if not why and how to fix it */
  captureStatus: CaptureStatus;
  /** whether the running or stopped capture keeps a pcap that `capture/save` can write */
  recording: boolean;
  devices: DeviceName[];
  /** total packets in the file or recording that `packets/page` can return (file mode; 0 otherwise) */
  packetCount: number;
  /**
   * file mode: the file is still being read, so there are no statistics yet (`traffic` is absent);
   * its packets can be paged as far as read (`packets/page` says `reading`); a `traffic/didReset`
   * brings the statistics
   */
  reading?: { path: string };
}

/** One second: what the capture changed (when one runs) and the latest bandwidth reading. */
export interface DashboardTick {
  traffic?: TrafficDelta;
  bandwidth?: BandwidthSample;
}

/** Parameters of `view/ready`. */
export interface ReadyParams {
  /** WEBVIEW_PROTOCOL_VERSION the view was built with */
  protocolVersion: number;
  /** the capture the view showed before a reload (from its persisted state), so the host can restore it */
  restoredCaptureId?: string;
}

/** Parameters of `capture/start` from the view's controls. */
export interface StartCaptureParams {
  interface: string;
  /** BPF filter in tcpdump syntax, '' for none */
  filter: string;
}

/** What `capture/save` and `export/run` did; `path` absent when the user cancelled the dialog. */
export interface SavedFile {
  /** absolute path written */
  path?: string;
  /** rows or packets written */
  count: number;
}

/** A table the dashboard can export. */
export type ExportTable = 'flows' | 'hosts' | 'packets';
/** An export file format. */
export type ExportFormat = 'csv' | 'json';

/** Parameters of `export/run`: the host asks where to save and writes the whole table. */
export interface ExportParams {
  table: ExportTable;
  format: ExportFormat;
}

/** Parameters of `packets/page`. */
export interface PacketPageParams {
  /** 1-based position among the packets the filter keeps (the frame number when there is no filter) */
  from: number;
  /** how many at most (the view asks for at most 1,000) */
  count: number;
  /** display filter, as `capture/packets` takes it ('' for none) */
  filter: string;
}

/** A page of the packet list. */
export interface PacketPage {
  packets: PacketSummary[];
  /** packets matching the filter in the whole file or recording (while `reading`, in what is read so far) */
  total: number;
  /** the file is still being read: `total` grows */
  reading?: boolean;
}

/** Why a request failed, as the view shows it (the transport's error answer). */
export interface WebviewError {
  /** one sentence */
  message: string;
  /** the command or step that fixes it, when there is one */
  fix?: string;
}

/** What the traffic view persists with setState; the host's panel serializer may read `captureId`. */
export interface TrafficViewPersistedState {
  captureId?: string;
  /** the view's own UI state (tabs, sort, filters, zoom); opaque to the host */
  ui?: unknown;
}

// ─── View → host requests ────────────────────────────────────────────────────────────────────

/** The view has loaded; answered with everything it needs to draw. */
export namespace ReadyRequest {
  export const method = 'view/ready' as const;
  export const type = new WebviewRequestType<ReadyParams, DashboardState>(method);
}

/** The view missed a tick (a gap in `tick`); answered with the current state. */
export namespace SnapshotRequest {
  export const method = 'traffic/snapshot' as const;
  export const type = new WebviewRequestType<Record<string, never>, DashboardState>(method);
}

/** Starts a live capture; the host answers once it runs and sends `traffic/didReset`. Errors carry the fix. */
export namespace StartCaptureRequest {
  export const method = 'capture/start' as const;
  export const type = new WebviewRequestType<StartCaptureParams, void>(method);
}

/** Stops the live capture; the final state follows as `traffic/didReset`. Safe to repeat. */
export namespace StopCaptureRequest {
  export const method = 'capture/stop' as const;
  export const type = new WebviewRequestType<Record<string, never>, void>(method);
}

/** Saves the capture's recording as a pcap; the host asks where. */
export namespace SaveCaptureRequest {
  export const method = 'capture/save' as const;
  export const type = new WebviewRequestType<Record<string, never>, SavedFile>(method);
}

/** Exports a table as CSV or JSON; the host asks where. */
export namespace ExportRequest {
  export const method = 'export/run' as const;
  export const type = new WebviewRequestType<ExportParams, SavedFile>(method);
}

/** A page of the packet list of the file or recording shown. */
export namespace PacketPageRequest {
  export const method = 'packets/page' as const;
  export const type = new WebviewRequestType<PacketPageParams, PacketPage>(method);
}

/** One packet dissected, with its bytes, for the details and hex panes. */
export namespace PacketDetailRequest {
  export const method = 'packets/detail' as const;
  export const type = new WebviewRequestType<{ index: number }, PacketDetail>(method);
}

// ─── View → host notifications ───────────────────────────────────────────────────────────────

/** Something failed inside the view; the host logs it. */
export namespace ViewErrorNotification {
  export const method = 'view/didError' as const;
  export const type = new WebviewNotificationType<{ message: string; stack?: string }>(method);
}

// ─── Host → view notifications ───────────────────────────────────────────────────────────────

/** Once per second: a capture delta and/or a bandwidth reading. */
export namespace TickNotification {
  export const method = 'traffic/didTick' as const;
  export const type = new WebviewNotificationType<DashboardTick>(method);
}

/** The capture shown changed (started, stopped, file reopened): draw this state instead. */
export namespace ResetNotification {
  export const method = 'traffic/didReset' as const;
  export const type = new WebviewNotificationType<DashboardState>(method);
}

/** The Devices list changed: new names for hosts. */
export namespace DevicesNotification {
  export const method = 'devices/didChange' as const;
  export const type = new WebviewNotificationType<{ devices: DeviceName[] }>(method);
}

/** Capture availability or the interface list changed. */
export namespace StatusNotification {
  export const method = 'status/didChange' as const;
  export const type = new WebviewNotificationType<{
    captureStatus: CaptureStatus;
    interfaces: NetworkInterfaceInfo[];
    activeInterface?: string;
  }>(method);
}
