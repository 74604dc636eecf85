/**
 * The extension ⇄ helper messages of the history (SQLite, owned by the helper), declared in the
 * style of helperProtocol.ts. The extension opens the database with `history/open` each time a
 * helper starts; the helper then records bandwidth every minute, and scans and captures as they
 * happen. A database that fails later is reported with `history/didFail`.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc/lib/common/api';
import type { HistorySettings, HistoryStatus, HistoryUnit, HistoryView, KnownDevice } from './model/history';
import type { ReportFormat } from './model/report';

/** Parameters of `history/open`. */
export interface HistoryOpenParams {
  /** absolute path of the database file (the extension's global storage); created when missing */
  path: string;
  settings: HistorySettings;
  /** rename a damaged or locked file aside (`<name>.damaged-<time>`) and start a new one */
  startAfresh?: boolean;
}

/** Opens (creating and migrating) the history database and starts recording; answers its state. */
export namespace HistoryOpenRequest {
  export const method = 'history/open' as const;
  export const type = new RequestType<HistoryOpenParams, HistoryStatus, void>(method);
}

/** The database failed while recording (damaged, full, locked for good); recording has stopped. */
export namespace HistoryFailedNotification {
  export const method = 'history/didFail' as const;
  export const type = new NotificationType<HistoryStatus>(method);
}

/** Known devices, the last seen first (those seen since `since`, ms, when given). Errors: HistoryUnavailable. */
export namespace HistoryDevicesRequest {
  export const method = 'history/devices' as const;
  export const type = new RequestType<{ since?: number }, KnownDevice[], void>(method);
}

/** Forgets a device and all the history holds of it; answers whether there was one. */
export namespace HistoryForgetRequest {
  export const method = 'history/forget' as const;
  export const type = new RequestType<{ id: number }, boolean, void>(method);
}

/** Parameters of `history/view`. */
export interface HistoryViewParams {
  unit: HistoryUnit;
  /** any time in the period to show (default: now) */
  at?: number;
}

/** What the history view shows for one period. Errors: HistoryUnavailable. */
export namespace HistoryViewRequest {
  export const method = 'history/view' as const;
  export const type = new RequestType<HistoryViewParams, HistoryView, void>(method);
}

/** Parameters of `history/report`. */
export interface HistoryReportParams {
  unit: HistoryUnit;
  /** any time in the period to report (default: now, the period so far) */
  at?: number;
  format: ReportFormat;
}

/** A report, written out by the extension. */
export interface HistoryReportResult {
  /** the whole file: a self-contained HTML page or Markdown */
  text: string;
  /** its name by period (reportFileName) */
  fileName: string;
  /** the period, ms since the Unix epoch: [from, to) */
  from: number;
  to: number;
}

/** A report of one day, week or month (see docs/history.md#reports). Errors: HistoryUnavailable. */
export namespace HistoryReportRequest {
  export const method = 'history/report' as const;
  export const type = new RequestType<HistoryReportParams, HistoryReportResult, void>(method);
}
