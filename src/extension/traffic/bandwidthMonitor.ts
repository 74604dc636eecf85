import * as vscode from 'vscode';
import { BandwidthNotification, BandwidthWatchRequest } from '../../shared/helperProtocol';
import type { BandwidthSample } from '../../shared/model/traffic';
import type { HelperClient } from '../helperClient/helperClient';
import { errorMessage } from '../userFacingError';
import { activeInterface } from '../../shared/traffic/activeInterface';
import { BandwidthHistory } from './bandwidthHistory';

/** One reading a second, as the status bar and the dashboard's throughput chart show them. */
export const BANDWIDTH_INTERVAL_MS = 1000;

/**
 * The helper's bandwidth readings for the extension: asks for them while anyone holds a lease
 * (the status bar, an open dashboard), keeps five minutes of history, and renews the watch when
 * the helper restarts. Needs no capture privilege.
 */
export class BandwidthMonitor implements vscode.Disposable {
  readonly history = new BandwidthHistory();
  private readonly updated = new vscode.EventEmitter<BandwidthSample>();
  /** fires after each reading has joined the history */
  readonly onDidUpdate = this.updated.event;
  private readonly disposables: vscode.Disposable[] = [this.updated];
  private leases = 0;
  private defaultRoute: string | undefined;

  constructor(
    private readonly client: HelperClient,
    private readonly log: vscode.LogOutputChannel,
    private readonly configuredInterface: () => string,
  ) {
    this.disposables.push(
      client.onNotification(BandwidthNotification.type, (sample) => {
        this.history.add(sample);
        this.updated.fire(sample);
      }),
      client.onDidStart(() => {
        if (this.leases > 0) this.renew();
      }),
    );
  }

  /** Readings flow while at least one lease is held; dispose the lease to let them stop. */
  acquire(): vscode.Disposable {
    this.leases += 1;
    // A helper that is not running yet starts with this request, and its start renews the rest.
    if (this.leases === 1) {
      if (this.client.running) this.renew();
      else void this.send(BANDWIDTH_INTERVAL_MS);
    }
    let released = false;
    return new vscode.Disposable(() => {
      if (released) return;
      released = true;
      this.leases -= 1;
      if (this.leases === 0 && this.client.running) void this.send(0);
    });
  }

  /** Asks again (after the helper was stopped on purpose, e.g. a changed Node setting). */
  resume(): void {
    if (this.leases > 0) this.renew();
  }

  /** The interface the status bar and alerts follow in `sample`. */
  activeInterface(sample: BandwidthSample): string | undefined {
    return activeInterface(sample, this.configuredInterface(), this.defaultRoute);
  }

  private renew(): void {
    void this.send(BANDWIDTH_INTERVAL_MS);
    this.client.listInterfaces().then(
      (result) => (this.defaultRoute = result.defaultInterface),
      (error: unknown) => this.log.warn(`Listing interfaces for the bandwidth meter failed: ${errorMessage(error)}`),
    );
  }

  private async send(intervalMs: number): Promise<void> {
    try {
      await this.client.request(BandwidthWatchRequest.type, { intervalMs });
    } catch (error) {
      this.log.warn(`bandwidth/watch ${intervalMs} ms failed: ${errorMessage(error)}`);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
