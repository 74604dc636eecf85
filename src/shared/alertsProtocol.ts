/**
 * The extension ⇄ helper messages of the alerts, declared in the style of helperProtocol.ts. The
 * helper's engine evaluates the rules on what it captures, scans and reads; the extension sends the
 * rules' settings (`alerts/configure`) at each helper start and when they change, and receives each
 * batch of new alerts (`alerts/didFire`). Alerts are stored in the history database when one is open.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc/lib/common/api';
import type { AlertSettings } from './alerts/alertRules';
import type { DeliveryChannel, DeliverySettings, DeliveryStatus } from './alerts/deliverySettings';
import type { Alert } from './model/alerts';

/** What the engine has learnt, as `alerts/configure` answers it. */
export interface AlertsStatus {
  /** new devices raise alerts from this time on (ms since the Unix epoch) */
  learningUntil: number;
  /** devices the engine knows */
  knownDevices: number;
  /** alerts are stored in the history database (else kept in memory while the helper runs) */
  stored: boolean;
}

/** Sets every rule's settings (checked against the rule table); answers what the engine has learnt. */
export namespace AlertsConfigureRequest {
  export const method = 'alerts/configure' as const;
  export const type = new RequestType<{ settings: AlertSettings }, AlertsStatus, void>(method);
}

/** The most alerts one `alerts/list` answers. */
export const MAX_LISTED_ALERTS = 1000;

/** Parameters of `alerts/list`. */
export interface AlertsListParams {
  /** only alerts from this time on (ms since the Unix epoch; default: all) */
  since?: number;
  /** at most this many, newest first (1 to MAX_LISTED_ALERTS; default 200) */
  limit?: number;
}

/** The alerts not cleared, newest first. */
export namespace AlertsListRequest {
  export const method = 'alerts/list' as const;
  export const type = new RequestType<AlertsListParams, { alerts: Alert[] }, void>(method);
}

/** Which alerts an acknowledgement or a clearing is for. */
export interface AlertIdsParams {
  /** their ids (at most MAX_LISTED_ALERTS); absent: every alert */
  ids?: string[];
}

/** Marks alerts as seen by the user. */
export namespace AlertsAcknowledgeRequest {
  export const method = 'alerts/acknowledge' as const;
  export const type = new RequestType<AlertIdsParams, void, void>(method);
}

/** Takes alerts out of the list (the history keeps them, marked cleared). */
export namespace AlertsClearRequest {
  export const method = 'alerts/clear' as const;
  export const type = new RequestType<AlertIdsParams, void, void>(method);
}

/** New alerts, a batch at a time (at most one batch per input: a capture tick, a scan, a reading). */
export namespace AlertsFiredNotification {
  export const method = 'alerts/didFire' as const;
  export const type = new NotificationType<{ alerts: Alert[] }>(method);
}

/** Sets where alerts are delivered (the e-mail password comes from VS Code's SecretStorage); answers each channel's state. */
export namespace AlertsDeliveryRequest {
  export const method = 'alerts/configureDelivery' as const;
  export const type = new RequestType<{ delivery: DeliverySettings }, DeliveryStatus[], void>(method);
}

/** Sends a test message through one channel now (not queued); fails with the server's or network's reason. */
export namespace AlertsTestDeliveryRequest {
  export const method = 'alerts/testDelivery' as const;
  export const type = new RequestType<{ channel: DeliveryChannel }, void, void>(method);
}

/** A channel's state changed: it began failing (with its queue), recovered, or dropped alerts. */
export namespace AlertsDeliveryNotification {
  export const method = 'alerts/didDeliver' as const;
  export const type = new NotificationType<DeliveryStatus>(method);
}
