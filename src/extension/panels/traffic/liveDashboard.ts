import { CapturePacketDetailRequest, CapturePacketsRequest } from '../../../shared/captureFileProtocol';
import type { BandwidthSample, PacketDetail, TrafficDelta } from '../../../shared/model/traffic';
import type { NetworkInterfaceInfo } from '../../../shared/model/network';
import type {
  DashboardState,
  DashboardTick,
  DeviceName,
  ExportParams,
  PacketPage,
  PacketPageParams,
  SavedFile,
  StartCaptureParams,
} from '../../../shared/webviewProtocol';
import { WebviewRequestError } from '../../../shared/webviewTransport';
import type { CaptureSession } from '../../capture/captureSession';
import type { SavedCaptureFile } from '../../capture/captureCommands';
import { Emitter } from '../../capture/emitter';
import { exportToFile } from '../../export/exportToFile';
import { liveExportSource } from '../../export/liveExportSource';
import type { HelperClient } from '../../helperClient/helperClient';
import type { BandwidthMonitor } from '../../traffic/bandwidthMonitor';
import type { DashboardBackend, DashboardStatus, Disposable, Listen } from '../dashboard/dashboardBackend';

/** A bandwidth reading waits this long for a capture tick to travel with before it goes alone, in ms. */
const BANDWIDTH_WAIT_MS = 1500;

/** What the live dashboard is built from; each part is owned elsewhere and outlives the panel. */
export interface LiveDashboardParts {
  client: HelperClient;
  captures: CaptureSession;
  bandwidth: BandwidthMonitor;
  devices: () => DeviceName[];
  onDidChangeDevices: Listen<DeviceName[]>;
  /** asks before a new capture replaces an unsaved one; true when it may start */
  confirmNewCapture: () => Promise<boolean>;
  /** Save Capture, as the command does it (dialog, `.pcap`, progress); undefined when cancelled */
  saveCapture: () => Promise<SavedCaptureFile | undefined>;
}

/**
 * The "Show Traffic" panel's data: the live capture (the extension's one CaptureSession), the
 * bandwidth history and the Devices list's names. Sends one tick per second: a capture delta with
 * the latest bandwidth reading riding along, or the reading alone when no capture runs.
 */
export class LiveDashboard implements DashboardBackend {
  readonly mode = 'live' as const;
  private readonly ticks = new Emitter<DashboardTick>();
  private readonly resets = new Emitter<DashboardState>();
  private readonly statuses = new Emitter<DashboardStatus>();
  private readonly subscriptions: Disposable[];
  private pendingBandwidth: BandwidthSample | undefined;
  private bandwidthTimer: NodeJS.Timeout | undefined;
  private interfaces: NetworkInterfaceInfo[] = [];
  private readonly bandwidthLease: Disposable;

  readonly onDidTick = this.ticks.event;
  readonly onDidReset = this.resets.event;
  readonly onDidChangeStatus = this.statuses.event;
  readonly onDidChangeDevices: Listen<DeviceName[]>;

  constructor(private readonly parts: LiveDashboardParts) {
    this.onDidChangeDevices = parts.onDidChangeDevices;
    // The throughput chart needs readings while the panel is open, status bar or not.
    this.bandwidthLease = parts.bandwidth.acquire();
    this.subscriptions = [
      parts.bandwidth.onDidUpdate((sample) => this.onBandwidth(sample)),
      parts.captures.onDidUpdate(({ delta }) => {
        if (delta) this.onDelta(delta);
        else void this.reset();
      }),
      parts.captures.onDidChangeState(() => void this.reset()),
    ];
  }

  /** The whole state; the interface list is asked afresh unless `cachedInterfaces` (resets). */
  async state(cachedInterfaces = false): Promise<DashboardState> {
    const { client, captures, bandwidth } = this.parts;
    if (!cachedInterfaces || this.interfaces.length === 0) {
      try {
        this.interfaces = (await client.listInterfaces()).interfaces;
      } catch {
        // The view still draws bandwidth and says capture is unavailable; the log has the reason.
      }
    }
    const latest = bandwidth.history.latest();
    const phase = captures.state.phase;
    return {
      mode: 'live',
      traffic: phase === 'idle' ? undefined : captures.snapshot,
      bandwidth: bandwidth.history.samples(),
      interfaces: this.interfaces,
      activeInterface: latest ? bandwidth.activeInterface(latest) : undefined,
      captureStatus: client.captureStatus ?? { available: false },
      recording: captures.state.canSave,
      devices: this.parts.devices(),
      // A stopped capture's recording is paged whole, as a file is.
      packetCount:
        phase === 'stopped' && captures.state.canSave ? (captures.snapshot?.counters.recording?.packets ?? 0) : 0,
    };
  }

  async startCapture({ interface: name, filter }: StartCaptureParams): Promise<void> {
    if (!(await this.parts.confirmNewCapture())) return;
    await this.parts.captures.start({ interface: name, filter });
  }

  stopCapture(): Promise<void> {
    return this.parts.captures.stop();
  }

  /** The command refuses when nothing was recorded (its words reach the view through viewError). */
  async saveCapture(): Promise<SavedFile> {
    const saved = await this.parts.saveCapture();
    return saved ? { path: saved.file, count: saved.packets } : { count: 0 };
  }

  exportTable({ table, format }: ExportParams): Promise<SavedFile> {
    const { client, captures, devices } = this.parts;
    return exportToFile(liveExportSource(client, captures, devices), table, format);
  }

  packetPage({ from, count, filter }: PacketPageParams): Promise<PacketPage> {
    const captureId = this.recordingId();
    return this.parts.client.request(CapturePacketsRequest.type, {
      captureId,
      from,
      count,
      filter: filter || undefined,
    });
  }

  packetDetail(index: number): Promise<PacketDetail> {
    return this.parts.client.request(CapturePacketDetailRequest.type, { captureId: this.recordingId(), index });
  }

  /** The capture whose recording pages and details come from. */
  private recordingId(): string {
    const { captureId, canSave } = this.parts.captures.state;
    if (!captureId || !canSave) throw new WebviewRequestError('No capture has been recorded yet.');
    return captureId;
  }

  private onDelta(delta: TrafficDelta): void {
    const bandwidth = this.pendingBandwidth;
    this.clearPendingBandwidth();
    this.ticks.fire({ traffic: delta, bandwidth });
  }

  private onBandwidth(sample: BandwidthSample): void {
    if (!this.parts.captures.active) {
      this.ticks.fire({ bandwidth: sample });
      return;
    }
    // While a capture runs its ticks carry the reading. Two readings between ticks: the older goes alone.
    const older = this.pendingBandwidth;
    this.clearPendingBandwidth();
    if (older) this.ticks.fire({ bandwidth: older });
    this.pendingBandwidth = sample;
    this.bandwidthTimer = setTimeout(() => {
      const alone = this.pendingBandwidth;
      this.clearPendingBandwidth();
      if (alone) this.ticks.fire({ bandwidth: alone });
    }, BANDWIDTH_WAIT_MS);
  }

  private clearPendingBandwidth(): void {
    if (this.bandwidthTimer) clearTimeout(this.bandwidthTimer);
    this.bandwidthTimer = undefined;
    this.pendingBandwidth = undefined;
  }

  private async reset(): Promise<void> {
    const state = await this.state(true);
    this.resets.fire(state);
    this.statuses.fire({
      captureStatus: state.captureStatus,
      interfaces: state.interfaces,
      activeInterface: state.activeInterface,
    });
  }

  dispose(): void {
    this.clearPendingBandwidth();
    this.bandwidthLease.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.ticks.dispose();
    this.resets.dispose();
    this.statuses.dispose();
  }
}
