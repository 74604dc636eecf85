/**
 * The extension ⇄ helper protocol, declared once. Each message is a namespace holding its literal
 * method name and its typed request/notification object, in the style of the LSP. Imports come
 * from vscode-jsonrpc's platform-neutral half so that this file sees neither Node nor the DOM.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-jsonrpc/lib/common/api';
import type { CaptureStatus } from './model/capture';
import type { Device } from './model/device';
import type { NetworkInterfaceInfo } from './model/network';
import type { ScanRequest, ScanResult } from './model/scan';

/** Bumped whenever a message changes shape; the extension refuses a helper that differs. */
export const HELPER_PROTOCOL_VERSION = 1;

/** Error codes the helper puts in `ResponseError.code` (JSON-RPC reserves −32768…−32000). */
export enum HelperErrorCode {
  /** a CIDR, interface name or other parameter is malformed */
  InvalidParams = -32602,
  /** the named interface does not exist or has no IPv4 subnet */
  UnknownInterface = 1001,
  /** the range is larger than /16 or not private/link-local, and `confirmed` was not set; `data` is NeedsConfirmationData */
  NeedsConfirmation = 1002,
  /** the helper is shutting down */
  ShuttingDown = 1003,
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

/** What the helper is and can do. */
export interface InitializeResult {
  protocolVersion: number;
  /** LAN Lens version the helper was built from */
  version: string;
  pid: number;
  node: {
    version: string;
    /** NODE_MODULE_VERSION: native modules must have been built for this ABI */
    abi: string;
    execPath: string;
  };
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
