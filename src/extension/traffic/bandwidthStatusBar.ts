import * as vscode from 'vscode';
import { formatByteRate, formatBytes } from '../../shared/format/displayFormat';
import type { BandwidthSample } from '../../shared/model/traffic';
import { CommandId } from '../contributionIds';
import type { BandwidthMonitor } from './bandwidthMonitor';

/** The status-bar meter: ↓ download and ↑ upload of the active interface; a click opens the dashboard. */
export class BandwidthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lanLens.bandwidth', vscode.StatusBarAlignment.Right, 100);
  private lease: vscode.Disposable | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly monitor: BandwidthMonitor) {
    this.item.name = 'LAN Lens Bandwidth';
    this.item.command = CommandId.showTraffic;
    this.item.text = '$(pulse) ↓ … ↑ …';
    this.item.tooltip = 'LAN Lens: waiting for the first bandwidth reading';
    this.subscription = monitor.onDidUpdate((sample) => this.render(sample));
  }

  /** Shows or hides the meter (`lanLens.traffic.showStatusBar`); hidden, it stops asking for readings. */
  setVisible(visible: boolean): void {
    if (visible && !this.lease) {
      this.lease = this.monitor.acquire();
      const latest = this.monitor.history.latest();
      if (latest) this.render(latest);
      this.item.show();
    } else if (!visible && this.lease) {
      this.lease.dispose();
      this.lease = undefined;
      this.item.hide();
    }
  }

  /** Redraws from the newest reading (after the interface setting changed). */
  refresh(): void {
    const latest = this.monitor.history.latest();
    if (latest) this.render(latest);
  }

  private render(sample: BandwidthSample): void {
    const name = this.monitor.activeInterface(sample);
    const entry = sample.interfaces.find((candidate) => candidate.interface === name);
    if (!name || !entry) {
      this.item.text = '$(pulse) ↓ – ↑ –';
      this.item.tooltip = name
        ? `LAN Lens: no interface named "${name}" (lanLens.traffic.interface)`
        : 'LAN Lens: no network interface to measure';
      return;
    }
    const rates = `download ${formatByteRate(entry.rxBytesPerSecond)}, upload ${formatByteRate(entry.txBytesPerSecond)}`;
    this.item.text = `$(pulse) ↓ ${formatByteRate(entry.rxBytesPerSecond)} ↑ ${formatByteRate(entry.txBytesPerSecond)}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    // Interface names come from the OS, not the network, but text stays text all the same.
    tooltip.appendText(`${name}: ${rates}\n\n`);
    tooltip.appendText(
      `Received ${formatBytes(entry.rxTotalBytes)}, sent ${formatBytes(entry.txTotalBytes)} since the interface came up\n\n`,
    );
    tooltip.appendMarkdown('Click to show traffic');
    this.item.tooltip = tooltip;
    // Without a label of its own, a screen reader reads the tooltip's Markdown source (`&nbsp;` and all).
    this.item.accessibilityInformation = { label: `LAN Lens bandwidth on ${name}: ${rates}. Click to show traffic.` };
  }

  dispose(): void {
    this.lease?.dispose();
    this.subscription.dispose();
    this.item.dispose();
  }
}
