// The extension's side of the helper's alert engine: the rules' settings sent at every helper start
// and settings change (which also starts a helper that is not running, so the rules watch in the
// background), and new alerts handed on to the views and notifications. No vscode here.
import type { HelperClient } from '../helperClient/helperClient';
import { errorMessage } from '../userFacingError';
import { formatMinute } from '../../shared/format/displayText';
import type { AlertSettings } from '../../shared/alerts/alertRules';
import {
  AlertsAcknowledgeRequest,
  AlertsClearRequest,
  AlertsConfigureRequest,
  AlertsFiredNotification,
  AlertsListRequest,
} from '../../shared/alertsProtocol';
import type { AlertsStatus } from '../../shared/alertsProtocol';
import type { Alert } from '../../shared/model/alerts';

/** Where the connection logs. */
export interface AlertsLog {
  warn(message: string): void;
}

/** Sends the rules to the helper and hears its alerts. */
export class AlertsConnection {
  private readonly listeners = new Set<(alerts: Alert[]) => void>();
  private readonly configured = new Set<(status: AlertsStatus) => void>();
  private readonly subscriptions: { dispose(): void }[];
  private lastStatus: AlertsStatus | undefined;

  constructor(
    private readonly helper: HelperClient,
    private readonly settings: () => AlertSettings,
    private readonly log: AlertsLog,
  ) {
    this.subscriptions = [
      helper.onDidStart(() => void this.configure()),
      helper.onNotification(AlertsFiredNotification.type, ({ alerts }) => {
        for (const listener of [...this.listeners]) listener(alerts);
      }),
    ];
  }

  /** What the engine said at the last configure. */
  get status(): AlertsStatus | undefined {
    return this.lastStatus;
  }

  /** Calls `listener` with each batch of new alerts; dispose to stop. */
  onDidFire(listener: (alerts: Alert[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Calls `listener` after each configure the helper answered (every helper start brings one); dispose to stop. */
  onDidConfigure(listener: (status: AlertsStatus) => void): { dispose(): void } {
    this.configured.add(listener);
    return { dispose: () => this.configured.delete(listener) };
  }

  /** Sends the settings (starting the helper when it is not running). */
  async configure(): Promise<AlertsStatus | undefined> {
    try {
      const status = await this.helper.request(AlertsConfigureRequest.type, { settings: this.settings() });
      this.lastStatus = status;
      for (const listener of [...this.configured]) listener(status);
    } catch (error) {
      this.log.warn(`Alerts could not be configured: ${errorMessage(error)}`);
    }
    return this.lastStatus;
  }

  /** The alerts not cleared, newest first. */
  async list(limit = 500): Promise<Alert[]> {
    return (await this.helper.request(AlertsListRequest.type, { limit })).alerts;
  }

  acknowledge(ids?: string[]): Promise<void> {
    return this.helper.request(AlertsAcknowledgeRequest.type, ids ? { ids } : {});
  }

  clear(ids?: string[]): Promise<void> {
    return this.helper.request(AlertsClearRequest.type, ids ? { ids } : {});
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.listeners.clear();
    this.configured.clear();
  }
}

/**
 * What the engine said at a configure, for the log: whether new devices alert yet, and from when.
 * It shows that the rules' settings reached the helper (a learning period changed in the settings
 * moves the time at once).
 */
export function alertsStatusLine(status: AlertsStatus, now: number): string {
  const known = `${status.knownDevices} device${status.knownDevices === 1 ? '' : 's'} known`;
  const learning =
    status.learningUntil > now
      ? `learning the network until ${formatMinute(status.learningUntil)}, then new devices alert`
      : `new devices alert (learnt until ${formatMinute(status.learningUntil)})`;
  return `Alerts: ${learning}; ${known}.`;
}
