import * as vscode from 'vscode';
import type { AlertsConnection } from '../alerts/alertsConnection';
import { CommandId } from '../contributionIds';
import type { Alert } from '../../shared/model/alerts';

const SHOW_TRAFFIC = 'Show Traffic';

/** What an alert said, for the log and the tests. */
export interface BandwidthAlertEvent {
  direction: 'download' | 'upload';
  interface: string;
  bytesPerSecond: number;
  message: string;
}

/**
 * Notifies when the helper's alert engine says the followed interface's download or upload stayed
 * above its threshold (`lanLens.traffic.alert*`), with a "Show Traffic" action. The engine keeps
 * the episodes (one alert per episode); this only shows them.
 */
export class BandwidthAlerts implements vscode.Disposable {
  private readonly subscription: { dispose(): void };
  private readonly raised = new vscode.EventEmitter<BandwidthAlertEvent>();
  /** fires when a notification is shown */
  readonly onDidAlert = this.raised.event;

  constructor(
    alerts: AlertsConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = alerts.onDidFire((batch) => {
      for (const alert of batch) {
        const event = bandwidthEvent(alert);
        if (event) this.notify(event);
      }
    });
  }

  private notify(event: BandwidthAlertEvent): void {
    this.log.info(event.message);
    this.raised.fire(event);
    void vscode.window.showInformationMessage(event.message, SHOW_TRAFFIC).then((choice) => {
      if (choice === SHOW_TRAFFIC) void vscode.commands.executeCommand(CommandId.showTraffic);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.raised.dispose();
  }
}

/** The interface threshold alert as the traffic features tell it; undefined for any other alert. */
export function bandwidthEvent(alert: Alert): BandwidthAlertEvent | undefined {
  const direction = alert.data?.direction;
  if (alert.rule !== 'bandwidth-threshold' || (direction !== 'download' && direction !== 'upload')) return undefined;
  return {
    direction,
    interface: alert.interface ?? '',
    bytesPerSecond: Number(alert.data?.bytesPerSecond ?? 0),
    message: `LAN Lens: ${alert.title}.`,
  };
}
