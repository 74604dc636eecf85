/**
 * The extension ⇄ helper protocol, declared once. Each message is a namespace holding its literal
 * method name and its typed request/notification object, in the style of the LSP. Imports come
 * from vscode-jsonrpc's platform-neutral half so that this file sees neither Node nor the DOM.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-jsonrpc/lib/common/api';
import type { CaptureStatus } from './model/capture';
import type { Device } from './model/device';
import type { NetworkInterfaceInfo } from './model/network';
import type { PrivilegeStatus } from './model/privilege';
import type { PortScanRequest, PortScanResult, HostPorts } from './model/ports';
import type { ScanRequest, ScanResult } from './model/scan';
import type { BandwidthSample, TrafficDelta, TrafficSnapshot } from './model/traffic';
import type { HopRecord } from './topology/topologyModel';

/**
 * Bumped whenever a message changes shape (here, in socketsProtocol.ts, the sockets area's messages,
 * or in captureFileProtocol.ts, the packets and tables of files and recordings); the extension
 * refuses a helper that differs.
 */
export const HELPER_PROTOCOL_VERSION = 9;

/** Error codes the helper puts in `ResponseError.code` (JSON-RPC reserves −32768…−32000). */
export enum HelperErrorCode {
  /** the helper failed unexpectedly; the message says how (JSON-RPC's InternalError) */
  InternalError = -32603,
  /** a CIDR, interface name or other parameter is malformed */
  InvalidParams = -32602,
  /** the client cancelled the request before it finished (JSON-RPC's RequestCancelled) */
  RequestCancelled = -32800,
  /** the named interface does not exist or has no IPv4 subnet */
  UnknownInterface = 1001,
  /** the range is larger than /16 or not private/link-local, and `confirmed` was not set; `data` is NeedsConfirmationData */
  NeedsConfirmation = 1002,
  /** the helper is shutting down */
  ShuttingDown = 1003,
  /** capture cannot start (privilege, libpcap, module, bad filter…); `data` is the CaptureStatus with the fix */
  CaptureUnavailable = 1004,
  /** a capture file is not a valid pcap/pcapng; the message names the byte offset */
  BadCaptureFile = 1005,
  /** no capture or opened file has that id */
  UnknownCapture = 1006,
  /** the capture grant or revoke did not happen (prompt dismissed, no pkexec…); the message says why */
  GrantFailed = 1007,
  /** a capture's IPFIX collector cannot be reached (its host does not resolve); nothing was opened */
  FlowExportUnavailable = 1008,
  /** no history database is open (none asked for, or it failed); `data` is the HistoryStatus */
  HistoryUnavailable = 1009,
  /** a test delivery of alerts (webhook, e-mail) failed; the message says why */
  DeliveryFailed = 1010,
  /** capture/save could not write its file (a read-only folder, a full disk); the message is the system's, `data` is FileNotWrittenData */
  FileNotWritten = 1011,
}

/** The `data` of a FileNotWritten error: which failure the system met, for the client to say in words. */
export interface FileNotWrittenData {
  /** the errno name, e.g. "EROFS" or "ENOSPC" */
  code: string;
}

/** The `data` of a NeedsConfirmation error: what the user is asked to confirm. */
export interface NeedsConfirmationData {
  /** one sentence per reason, e.g. "8.8.8.0/24 is outside private … space" */
  reasons: string[];
}

/** Parameters of `helper/initialize`. */
export interface InitializeParams {
  /** the client's protocol version; must equal HELPER_PROTOCOL_VERSION */
  protocolVersion: number;
  /** lowest log level the client wants forwarded */
  logLevel: LogLevel;
}

/** The runtime the helper runs on: a Node, or VS Code's Electron acting as Node (ELECTRON_RUN_AS_NODE). */
export interface HelperRuntimeInfo {
  /** Node's version, e.g. `v24.22.3` */
  version: string;
  /** NODE_MODULE_VERSION (the capture module is Node-API, so it loads whatever this is) */
  abi: string;
  execPath: string;
  /** Electron's version when the runtime is VS Code's Electron; absent on a plain Node */
  electron?: string;
}

/** Names a runtime for logs: `Electron 37.2.0 (Node v22.17.0, ABI 136) at …` or `Node v24.22.3 (ABI 137) at …`. */
export function describeRuntime(runtime: HelperRuntimeInfo): string {
  const node = `Node ${runtime.version}`;
  const what = runtime.electron
    ? `Electron ${runtime.electron} (${node}, ABI ${runtime.abi})`
    : `${node} (ABI ${runtime.abi})`;
  return `${what} at ${runtime.execPath}`;
}

/** What the helper is and can do. */
export interface InitializeResult {
  protocolVersion: number;
  /** LAN Lens version the helper was built from */
  version: string;
  pid: number;
  node: HelperRuntimeInfo;
  /** whether the native capture module loads; privilege is only known once an interface is opened */
  capture: CaptureStatus;
}

/** First request after spawn: versions and capabilities. */
export namespace InitializeRequest {
  export const method = 'helper/initialize' as const;
  export const type = new RequestType<InitializeParams, InitializeResult, void>(method);
}

/** Asks the helper to stop its work; `ExitNotification` follows. */
export namespace ShutdownRequest {
  export const method = 'helper/shutdown' as const;
  export const type = new RequestType0<void, void>(method);
}

/** Tells the helper to exit now. */
export namespace ExitNotification {
  export const method = 'helper/exit' as const;
  export const type = new NotificationType0(method);
}

/** Result of `interfaces/list`. */
export interface InterfacesResult {
  interfaces: NetworkInterfaceInfo[];
  /** name of the interface carrying the default route, when there is one */
  defaultInterface?: string;
}

/** Lists the machine's network interfaces (unprivileged). */
export namespace InterfacesRequest {
  export const method = 'interfaces/list' as const;
  export const type = new RequestType0<InterfacesResult, void>(method);
}

/** Sweeps a subnet for hosts; cancellable through JSON-RPC cancellation. */
export namespace ScanRequestMessage {
  export const method = 'scan/run' as const;
  export const type = new RequestType<ScanRequest, ScanResult, void>(method);
}

/** Progress of a running scan. */
export interface ScanProgressParams {
  scanId: string;
  /** devices found or updated since the previous notification */
  devices: Device[];
  /** hosts found so far in this scan */
  found: number;
  /** probes sent so far */
  probesSent: number;
  /** hosts the scan will probe in all */
  total: number;
}

/** Sent at most a few times a second while a scan runs, never once per packet. */
export namespace ScanProgressNotification {
  export const method = 'scan/didProgress' as const;
  export const type = new NotificationType<ScanProgressParams>(method);
}

/** Severity of a helper log line, as VS Code's LogOutputChannel names them. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** One line for the "LAN Lens" log. */
export interface LogParams {
  level: LogLevel;
  message: string;
}

/** The helper never writes to stdout or stderr for logs: they travel here. */
export namespace LogNotification {
  export const method = 'log/didLog' as const;
  export const type = new NotificationType<LogParams>(method);
}

// ─── Capture (live and files) ────────────────────────────────────────────────────────────────

/** Parameters of `capture/start`. */
export interface CaptureStartParams {
  /** chosen by the caller; names the capture in ticks and later requests */
  captureId: string;
  /** interface name, or 'any' for every interface (Linux cooked capture) */
  interface: string;
  /** BPF filter in tcpdump syntax, '' or absent for none */
  filter?: string;
  /** bytes kept of each frame (default 262144) */
  snaplen?: number;
  /** put the interface in promiscuous mode (default true) */
  promiscuous?: boolean;
  /** kernel buffer size in bytes (default 16 MiB) */
  bufferSizeBytes?: number;
  /** tick period in ms (default 1000) */
  tickMs?: number;
  /** keep a pcap of the capture so it can be saved (default true); bounded by `maxFileBytes` */
  record?: boolean;
  /** stop recording (not capturing) once the pcap reaches this size in bytes (default 1 GiB) */
  maxFileBytes?: number;
  /** export the capture's flows as IPFIX to a collector (absent: no export) */
  ipfix?: FlowExportParams;
}

/** Where and how a live capture exports its flows as IPFIX (RFC 7011) over UDP. */
export interface FlowExportParams {
  /** the collector as HOST:PORT (`[v6]:PORT`); a host name is resolved once, at the start */
  collector: string;
  /** a flow still active is reported after this many seconds, then again each period (default 300) */
  activeTimeoutS?: number;
  /** a flow without packets for this many seconds ends (default 60) */
  idleTimeoutS?: number;
}

/** Starts a live capture; a snapshot-free start: ticks (`capture/didTick`) follow. */
export namespace CaptureStartRequest {
  export const method = 'capture/start' as const;
  export const type = new RequestType<CaptureStartParams, TrafficSnapshot, void>(method);
}

/** Stops a live capture; answers with its final state. Safe to repeat. */
export namespace CaptureStopRequest {
  export const method = 'capture/stop' as const;
  export const type = new RequestType<{ captureId: string }, TrafficSnapshot, void>(method);
}

/** The full current state of a live capture or an opened file (a receiver that missed a tick asks for this). */
export namespace CaptureSnapshotRequest {
  export const method = 'capture/snapshot' as const;
  export const type = new RequestType<{ captureId: string }, TrafficSnapshot, void>(method);
}

/** Once per tick while a capture runs (and once after it stops): what changed. Never per packet. */
export namespace CaptureTickNotification {
  export const method = 'capture/didTick' as const;
  export const type = new NotificationType<TrafficDelta>(method);
}

/** A TCP or UDP conversation by its 5-tuple (either way round matches). */
export interface ConversationKey {
  transport: 'tcp' | 'udp';
  a: string;
  aPort: number;
  b: string;
  bPort: number;
}

/** Parameters of `capture/save`. */
export interface CaptureSaveParams {
  captureId: string;
  /** absolute path of the pcap to write; written as the user the helper was started for, never as root */
  path: string;
  /** only the packets of these conversations (a debug session's connections); absent: every packet */
  conversations?: ConversationKey[];
}

/** Writes what a live capture recorded (or the packets of some of its conversations) as a classic pcap file Wireshark opens. */
export namespace CaptureSaveRequest {
  export const method = 'capture/save' as const;
  export const type = new RequestType<CaptureSaveParams, { packets: number; bytes: number }, void>(method);
}

/** Forgets an opened file or a stopped capture and its recording. */
export namespace CloseCaptureRequest {
  export const method = 'capture/close' as const;
  export const type = new RequestType<{ captureId: string }, void, void>(method);
}

// ─── Bandwidth (unprivileged) ────────────────────────────────────────────────────────────────

/** Starts (or retunes) the per-interface bandwidth readings; `intervalMs` 0 stops them. */
export namespace BandwidthWatchRequest {
  export const method = 'bandwidth/watch' as const;
  export const type = new RequestType<{ intervalMs: number }, void, void>(method);
}

/** One reading of every interface's upload and download. */
export namespace BandwidthNotification {
  export const method = 'bandwidth/didUpdate' as const;
  export const type = new NotificationType<BandwidthSample>(method);
}

// ─── Port scans ──────────────────────────────────────────────────────────────────────────────

/** Scans ports of one or more hosts; cancellable. Errors: InvalidParams, NeedsConfirmation. */
export namespace PortScanRequestMessage {
  export const method = 'ports/scan' as const;
  export const type = new RequestType<PortScanRequest, PortScanResult, void>(method);
}

/** Progress of a port scan: hosts whose results changed, and how far along it is. */
export interface PortScanProgressParams {
  scanId: string;
  /**
   * hosts whose ports changed since the last notification; each lists only its ports not sent
   * before or whose state changed (fold them in with `mergePortProgress`); the counts not shown are
   * whole. The scan's result has every host whole.
   */
  hosts: HostPorts[];
  /** host×port probes finished so far */
  done: number;
  /** host×port probes in all */
  total: number;
}

/** Sent at most a few times a second while a port scan runs. */
export namespace PortScanProgressNotification {
  export const method = 'ports/didProgress' as const;
  export const type = new NotificationType<PortScanProgressParams>(method);
}

/** What `ports/confirmIdentify` asks about. */
export interface ConfirmIdentifyParams {
  scanId: string;
  /** open ports service detection would probe */
  ports: number;
  /** hosts they are on */
  hosts: number;
}

/**
 * From the helper to the client, during `ports/scan` with service detection: more open ports were
 * found than it probes without asking. True to identify them all; false (or an error) skips
 * service detection for this scan, with a warning in its result.
 */
export namespace ConfirmIdentifyRequest {
  export const method = 'ports/confirmIdentify' as const;
  export const type = new RequestType<ConfirmIdentifyParams, boolean, void>(method);
}

// ─── Topology ────────────────────────────────────────────────────────────────────────────────

/** Parameters of `topology/trace`. */
export interface TraceParams {
  /** IPv4 addresses to trace, at most MAX_TRACE_TARGETS */
  targets: string[];
  /** highest TTL probed, 1 to 30 (default 8) */
  maxTtl?: number;
  /** the user confirmed targets outside private and link-local space */
  confirmed?: boolean;
}

/** What `topology/trace` found. */
export interface TraceResult {
  /** one per target that answered a probe itself, with the routers that answered before it */
  records: HopRecord[];
  /** UDP probes sent */
  probesSent: number;
  /** human sentences: targets that did not answer, and why */
  warnings: string[];
}

/** The most targets one `topology/trace` takes. */
export const MAX_TRACE_TARGETS = 1024;

/**
 * Hop counts and the routers on the way to each target, by TTL-limited UDP probes whose flow
 * identity never changes (Paris traceroute). Needs capture privilege (CaptureUnavailable with the
 * fix otherwise); cancellable. Errors: InvalidParams, NeedsConfirmation.
 */
export namespace TraceRequest {
  export const method = 'topology/trace' as const;
  export const type = new RequestType<TraceParams, TraceResult, void>(method);
}

// ─── Capture privilege ───────────────────────────────────────────────────────────────────────

/** How capture gets its privilege now (this process, the granted lanlens-capd, or not at all), looked at afresh. */
export namespace PrivilegeStatusRequest {
  export const method = 'privilege/status' as const;
  export const type = new RequestType0<PrivilegeStatus, void>(method);
}

/**
 * Grants capture to this user with one OS prompt (pkexec on Linux): installs lanlens-capd with
 * CAP_NET_RAW. Resolves with the new status; errors: GrantFailed. Long-running (the prompt waits
 * for the user) and cancellable.
 */
export namespace PrivilegeGrantRequest {
  export const method = 'privilege/grant' as const;
  export const type = new RequestType0<PrivilegeStatus, void>(method);
}

/** Undoes `privilege/grant` for this user (one OS prompt). Resolves with the new status; errors: GrantFailed. */
export namespace PrivilegeRevokeRequest {
  export const method = 'privilege/revoke' as const;
  export const type = new RequestType0<PrivilegeStatus, void>(method);
}
