/**
 * The extension host ⇄ "Show History" view protocol, in the style of topologyProtocol.ts and on
 * the same transport (webviewTransport.ts). The view says ready with the period it shows (its
 * persisted state after a reload) and is answered with that period; it asks again for another
 * period. The host tells it when the history changed (a scan finished), and it asks again.
 * Names, vendors and server names came from the network: the view shows them as text only.
 */
import type { HistoryStatus, HistoryUnit, HistoryView } from './model/history';
import { WebviewNotificationType, WebviewRequestType } from './webviewProtocol';

/** Bumped whenever a message changes shape. */
export const HISTORY_VIEW_PROTOCOL_VERSION = 1;

/** Which period the view shows. */
export interface HistoryPeriod {
  unit: HistoryUnit;
  /** any time in the period (absent: the current one) */
  at?: number;
}

/** What the view draws: the period's data, or why there is none (`view` absent). */
export interface HistoryViewState {
  status: HistoryStatus;
  view?: HistoryView;
}

/** The view has loaded; answered with the period it asks for. */
export namespace HistoryViewReadyRequest {
  export const method = 'historyView/ready' as const;
  export const type = new WebviewRequestType<HistoryPeriod & { protocolVersion: number }, HistoryViewState>(method);
}

/** The view shows another period (or the same again). */
export namespace HistoryViewLoadRequest {
  export const method = 'historyView/load' as const;
  export const type = new WebviewRequestType<HistoryPeriod, HistoryViewState>(method);
}

/** Host → view: the history changed (a scan or a capture was recorded, a device forgotten). */
export namespace HistoryViewChangedNotification {
  export const method = 'historyView/didChange' as const;
  export const type = new WebviewNotificationType<Record<string, never>>(method);
}
