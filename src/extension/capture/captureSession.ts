import { randomUUID } from 'node:crypto';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { CaptureStartParams, ConversationKey } from '../../shared/helperProtocol';
import { HelperErrorCode } from '../../shared/helperProtocol';
import type { PassiveDevice, TrafficDelta, TrafficSnapshot } from '../../shared/model/traffic';
import { mergeDelta } from '../../shared/traffic/mergeDelta';
import type { TrafficViewLimits } from '../../shared/traffic/trafficLimits';
import { TRAFFIC_VIEW_LIMITS } from '../../shared/traffic/trafficLimits';
import { helperSaveFailure } from '../export/saveFailure';
import { UserFacingError } from '../userFacingError';
import type { CaptureBackend } from './captureBackend';
import type { Disposable } from './emitter';
import { Emitter } from './emitter';

/** Where the one live capture is in its life. */
export type CapturePhase = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/** The live capture as the UI shows it. */
export interface CaptureState {
  phase: CapturePhase;
  captureId?: string;
  /** interface name or 'any' */
  interface?: string;
  /** BPF filter, '' for none */
  filter?: string;
  /** when the capture started running, ms since the Unix epoch */
  startedAt?: number;
  /** why a capture ended without being asked to (the helper stopped it or went away) */
  endReason?: string;
  /** the helper still holds its recording, so "Save Capture…" can write it */
  canSave: boolean;
}

/** What a capture is started with; the store fills in the capture id. */
export type CaptureOptions = Omit<CaptureStartParams, 'captureId'>;

/** The state after a change: the whole snapshot, and the tick that made it when it was one. */
export interface TrafficUpdate {
  snapshot: TrafficSnapshot;
  /** the delta just merged; absent when the snapshot was replaced whole (start, resync, stop) */
  delta?: TrafficDelta;
}

/**
 * The extension's one store of live-capture state: it starts and stops the capture through the
 * helper, folds each tick into a bounded snapshot (asking for a full one when a tick was missed),
 * and tells listeners (status bar, Devices tree, traffic dashboard) what changed.
 */
export class CaptureSession implements Disposable {
  private readonly stateChanged = new Emitter<CaptureState>();
  private readonly updated = new Emitter<TrafficUpdate>();
  private readonly devicesSeen = new Emitter<PassiveDevice[]>();
  private readonly subscriptions: Disposable[];
  private current: CaptureState = { phase: 'idle', canSave: false };
  private traffic: TrafficSnapshot | undefined;
  /** ticks that arrived while there was no snapshot to fold them into (starting, resyncing) */
  private pending: TrafficDelta[] = [];
  private resyncing = false;
  private starting: Promise<unknown> | undefined;
  /** the capture whose recording was last written to a file */
  private savedId: string | undefined;

  /** Fires on every phase change. */
  readonly onDidChangeState = this.stateChanged.event;
  /** Fires once per tick merged and whenever the snapshot is replaced. */
  readonly onDidUpdate = this.updated.event;
  /** Fires with devices seen passively (ARP, DHCP, mDNS, NDP) that are new or changed. */
  readonly onDidSeeDevices = this.devicesSeen.event;

  constructor(
    private readonly backend: CaptureBackend,
    /**
     * How captures open (the `lanLens.capture.*` settings), read at every start: whoever starts
     * one, the Start Capture command or the dashboard's button, gets the same settings.
     */
    private readonly captureSettings: () => Partial<CaptureOptions> = () => ({}),
    private readonly limits: TrafficViewLimits = TRAFFIC_VIEW_LIMITS,
    private readonly newId: () => string = randomUUID,
  ) {
    this.subscriptions = [
      backend.onTick((delta) => this.onTick(delta)),
      backend.onHelperGone((reason) => this.onHelperGone(reason)),
    ];
  }

  get state(): Readonly<CaptureState> {
    return this.current;
  }

  /** The merged state of the current (or last) capture. */
  get snapshot(): TrafficSnapshot | undefined {
    return this.traffic;
  }

  /** Whether a stopped capture holds a recording that was never saved (a new one would lose it). */
  get unsaved(): boolean {
    return !this.active && this.current.canSave && this.current.captureId !== this.savedId;
  }

  /** Whether a capture is starting, running or stopping. */
  get active(): boolean {
    return this.current.phase === 'starting' || this.current.phase === 'running' || this.current.phase === 'stopping';
  }

  /** Starts a live capture; rejects (leaving the store as it was) with the helper's error, e.g. CaptureUnavailable. */
  async start(options: CaptureOptions): Promise<TrafficSnapshot> {
    if (this.active) {
      throw new UserFacingError(
        `LAN Lens is already capturing on ${this.current.interface ?? '?'}. Stop that capture first.`,
      );
    }
    // Read first: settings that refuse (a bad IPFIX collector) leave the store as it was.
    const settings = this.captureSettings();
    const before = { state: this.current, traffic: this.traffic };
    const previous = this.current.canSave ? this.current.captureId : undefined;
    const captureId = this.newId();
    this.traffic = undefined;
    this.pending = [];
    this.setState({
      phase: 'starting',
      captureId,
      interface: options.interface,
      filter: options.filter ?? '',
      canSave: false,
    });
    const started = this.backend.start({ ...settings, ...options, captureId });
    this.starting = started.catch(() => undefined);
    let snapshot: TrafficSnapshot;
    try {
      snapshot = await started;
    } catch (error) {
      // The previous capture, if any, is still the helper's and still saveable: show it again.
      if (this.current.captureId === captureId) {
        this.traffic = before.traffic;
        this.setState(before.state);
      }
      throw error;
    } finally {
      this.starting = undefined;
    }
    if (this.current.captureId !== captureId || this.current.phase !== 'starting') return snapshot; // the helper went away meanwhile
    this.replace(snapshot);
    this.setState({
      ...this.current,
      phase: snapshot.running ? 'running' : 'stopped',
      startedAt: Date.now(),
      // Nothing to save when the settings keep no recording, or its file could not be made.
      canSave: hasRecording(snapshot),
    });
    // The helper forgets the previous capture's recording only now, so a failed start loses nothing.
    if (previous) this.backend.close(previous).catch(() => undefined);
    return snapshot;
  }

  /** Stops the live capture (waits for one that is starting); its recording stays saveable. */
  async stop(): Promise<void> {
    if (this.starting) await this.starting;
    const { captureId, phase } = this.current;
    if (!captureId || phase !== 'running') return;
    this.setState({ ...this.current, phase: 'stopping' });
    try {
      const final = await this.backend.stop(captureId);
      if (this.current.captureId === captureId) this.replace(final);
    } catch (error) {
      if (!(error instanceof ResponseError && error.code === Number(HelperErrorCode.UnknownCapture))) {
        if (this.current.captureId === captureId) this.setState({ ...this.current, phase: 'stopped' });
        throw error;
      }
      // The helper no longer knows it (it restarted): stopped already, and nothing left to save.
      this.setState({ ...this.current, phase: 'stopped', canSave: false });
      return;
    }
    if (this.current.captureId === captureId) this.setState({ ...this.current, phase: 'stopped' });
  }

  /** Writes what the capture recorded to a pcap file. */
  async save(path: string): Promise<{ packets: number; bytes: number }> {
    const { captureId, canSave } = this.current;
    if (!captureId || !canSave) {
      throw new UserFacingError('There is no capture to save. Start one with "LAN Lens: Start Capture" first.');
    }
    const saved = await this.backend.save(captureId, path).catch((error: unknown) => {
      throw helperSaveFailure('the capture', path, error);
    });
    this.savedId = captureId;
    return saved;
  }

  /**
   * Writes the packets of `conversations` the capture recorded to a pcap file (a debug session's);
   * the whole recording still counts as unsaved.
   */
  async saveConversations(path: string, conversations: ConversationKey[]): Promise<{ packets: number; bytes: number }> {
    const { captureId, canSave } = this.current;
    if (!captureId || !canSave) {
      throw new UserFacingError(
        'No capture recorded the session’s packets. Start one with "LAN Lens: Start Capture" before the session, then export again.',
      );
    }
    return this.backend.save(captureId, path, conversations).catch((error: unknown) => {
      throw helperSaveFailure('the session’s packets', path, error);
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.stateChanged.dispose();
    this.updated.dispose();
    this.devicesSeen.dispose();
  }

  private onTick(delta: TrafficDelta): void {
    if (delta.captureId !== this.current.captureId) return;
    if (!this.traffic || this.resyncing) {
      this.pending.push(delta);
      return;
    }
    this.fold(delta);
  }

  private fold(delta: TrafficDelta): void {
    if (!this.traffic) return;
    const result = mergeDelta(this.traffic, delta, this.limits);
    if (result.kind === 'stale') return;
    if (result.kind === 'missed') {
      this.pending.push(delta);
      void this.resync();
      return;
    }
    this.traffic = result.snapshot;
    this.updated.fire({ snapshot: result.snapshot, delta });
    if (delta.devices.length > 0) this.devicesSeen.fire(delta.devices);
    if (!delta.running && this.current.phase === 'running') {
      const endReason = delta.stopReason ?? 'the helper stopped the capture';
      this.setState({ ...this.current, phase: 'stopped', endReason });
    }
  }

  /** A tick was lost: take a full snapshot, then the ticks that came after it. */
  private async resync(): Promise<void> {
    const captureId = this.current.captureId;
    if (this.resyncing || !captureId) return;
    this.resyncing = true;
    try {
      const snapshot = await this.backend.snapshot(captureId);
      if (this.current.captureId === captureId) this.replace(snapshot);
    } catch {
      // The next tick tries again; a helper that went away is handled by onHelperGone.
      this.pending = [];
    } finally {
      this.resyncing = false;
    }
  }

  /** Takes a whole snapshot, then folds the ticks that waited for it. */
  private replace(snapshot: TrafficSnapshot): void {
    this.traffic = snapshot;
    this.updated.fire({ snapshot });
    if (snapshot.devices.length > 0) this.devicesSeen.fire(snapshot.devices);
    const waiting = this.pending;
    this.pending = [];
    for (const delta of waiting) this.fold(delta);
  }

  private onHelperGone(reason: string): void {
    if (!this.current.captureId || this.current.phase === 'idle') return;
    const wasActive = this.active;
    this.pending = [];
    // Its last tick said it was running: views that draw the snapshot must see that it no longer is.
    if (wasActive && this.traffic?.running) {
      this.traffic = { ...this.traffic, running: false };
      this.updated.fire({ snapshot: this.traffic });
    }
    this.setState({
      ...this.current,
      phase: this.current.phase === 'starting' ? 'idle' : 'stopped',
      canSave: false,
      endReason: wasActive ? `the LAN Lens helper ended (${reason})` : this.current.endReason,
    });
  }

  private setState(state: CaptureState): void {
    this.current = state;
    this.stateChanged.fire(state);
  }
}

function hasRecording(snapshot: TrafficSnapshot): boolean {
  const recording = snapshot.counters.recording;
  return recording !== undefined && recording.bytes > 0;
}
