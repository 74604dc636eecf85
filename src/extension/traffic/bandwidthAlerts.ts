import * as vscode from 'vscode';
import { formatByteRate } from '../../shared/format/displayFormat';
import type { BandwidthSample } from '../../shared/model/traffic';
import { CommandId } from '../contributionIds';
import type { LanLensSettings } from '../settingsParser';
import type { BandwidthMonitor } from './bandwidthMonitor';
import { ThresholdAlert } from './thresholdAlert';

const SHOW_TRAFFIC = 'Show Traffic';

/** What an alert said, for the log and the tests. */
export interface BandwidthAlertEvent {
  direction: 'download' | 'upload';
  interface: string;
  bytesPerSecond: number;
  message: string;
}

/**
 * Notifies once when the active interface's download or upload stays above its threshold
 * (`lanLens.traffic.alert*`), with a "Show Traffic" action. Watches readings only while a
 * threshold is set.
 */
export class BandwidthAlerts implements vscode.Disposable {
  private readonly down = new ThresholdAlert({ bytesPerSecond: 0, seconds: 10 });
  private readonly up = new ThresholdAlert({ bytesPerSecond: 0, seconds: 10 });
  private lease: vscode.Disposable | undefined;
  private readonly subscription: vscode.Disposable;
  private readonly raised = new vscode.EventEmitter<BandwidthAlertEvent>();
  /** fires when a notification is shown */
  readonly onDidAlert = this.raised.event;
  private watched: string | undefined;

  constructor(
    private readonly monitor: BandwidthMonitor,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = monitor.onDidUpdate((sample) => this.observe(sample));
  }

  /** Applies the alert settings. */
  configure(settings: LanLensSettings): void {
    const seconds = settings.trafficAlertSeconds;
    this.down.setRule({ bytesPerSecond: settings.trafficAlertDownBytesPerSecond, seconds });
    this.up.setRule({ bytesPerSecond: settings.trafficAlertUpBytesPerSecond, seconds });
    const active = settings.trafficAlertDownBytesPerSecond > 0 || settings.trafficAlertUpBytesPerSecond > 0;
    if (active && !this.lease) this.lease = this.monitor.acquire();
    if (!active && this.lease) {
      this.lease.dispose();
      this.lease = undefined;
    }
  }

  private observe(sample: BandwidthSample): void {
    const name = this.monitor.activeInterface(sample);
    const entry = sample.interfaces.find((candidate) => candidate.interface === name);
    if (!name || !entry) return;
    if (name !== this.watched) {
      // Another interface is another episode.
      this.watched = name;
      this.down.reset();
      this.up.reset();
    }
    if (this.down.observe(entry.rxBytesPerSecond)) this.notify('download', name, entry.rxBytesPerSecond);
    if (this.up.observe(entry.txBytesPerSecond)) this.notify('upload', name, entry.txBytesPerSecond);
  }

  private notify(direction: BandwidthAlertEvent['direction'], name: string, bytesPerSecond: number): void {
    const settingsNote = direction === 'download' ? 'alertDownBytesPerSecond' : 'alertUpBytesPerSecond';
    const message = `LAN Lens: ${direction} on ${name} has been above its alert threshold for a while (now ${formatByteRate(bytesPerSecond)}; lanLens.traffic.${settingsNote}).`;
    this.log.info(message);
    this.raised.fire({ direction, interface: name, bytesPerSecond, message });
    void vscode.window.showInformationMessage(message, SHOW_TRAFFIC).then((choice) => {
      if (choice === SHOW_TRAFFIC) void vscode.commands.executeCommand(CommandId.showTraffic);
    });
  }

  dispose(): void {
    this.lease?.dispose();
    this.subscription.dispose();
    this.raised.dispose();
  }
}
