import type { CaptureSource } from './captureSource';
import type { TrafficAggregator } from '../aggregate/trafficAggregator';
import type { SessionFlowExport } from '../ipfix/captureFlowExport';
import { decodePacket } from '../decode/decodePacket';
import { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';
import type { RecordingState, TrafficDelta, TrafficSnapshot, TrafficSource } from '../../shared/model/traffic';
import type { TrafficViewLimits } from '../../shared/traffic/trafficLimits';

/** Takes a copy of each frame as it passes (a pcap being written). */
export interface FrameRecorder {
  write(
    data: Buffer,
    offset: number,
    capturedLength: number,
    wireLength: number,
    seconds: number,
    nanoseconds: number,
  ): void;
  /** what it holds, when it is a recording `capture/save` can copy */
  readonly recording?: RecordingState;
  /** writes out what it buffers; called once per tick, so readers of the file lag at most a tick */
  flush?(): void;
}

/** How a session runs. */
export interface CaptureSessionOptions {
  captureId: string;
  source: CaptureSource;
  /** how the source is described in snapshots */
  sourceInfo: TrafficSource;
  aggregator: TrafficAggregator;
  recorder?: FrameRecorder;
  /** exports the aggregator's flows (IPFIX): read once per tick, and all of them when the session ends */
  flowExport?: SessionFlowExport;
  /** tick period in ms; 0 for no ticks */
  tickMs: number;
  /** one batched delta per tick, and a last one (running false) once the session ends */
  onTick?: (delta: TrafficDelta) => void;
  /** the source ended on its own (a file's end, a failed interface, `maxPackets` reached) or was stopped */
  onEnd?: (error?: Error) => void;
  /** stop after this many packets, as `tcpdump -c` does */
  maxPackets?: number;
  /**
   * A frame made the aggregator or recorder throw (a bug: decoders never throw). The frame is
   * skipped and the capture goes on; called for the first fault, then every 1000th.
   */
  onFault?: (error: unknown, faults: number) => void;
}

/**
 * Runs a capture source through the decoder into the aggregator: every frame is decoded and
 * folded in synchronously as the source delivers it (the source reuses its buffer), optionally
 * copied to a recorder, and once per tick one delta goes out. Never one message per packet.
 */
export class CaptureSession {
  readonly captureId: string;
  /** frames delivered so far */
  packets = 0;
  /** frames skipped because folding them in threw */
  faults = 0;
  private readonly options: CaptureSessionOptions;
  private readonly decoded = new DecodedPacket();
  private timer: NodeJS.Timeout | undefined;
  private state: 'idle' | 'running' | 'ended' = 'idle';
  private stopReason: string | undefined;
  private stopping: Promise<void> | undefined;
  private readonly endedPromise: Promise<void>;
  private resolveEnded: () => void = () => undefined;

  constructor(options: CaptureSessionOptions) {
    this.options = options;
    this.captureId = options.captureId;
    this.endedPromise = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** why the session ended on its own, when it did */
  get endReason(): string | undefined {
    return this.stopReason;
  }

  /** resolves when the session has ended (its last tick sent) */
  get ended(): Promise<void> {
    return this.endedPromise;
  }

  start(): void {
    if (this.state !== 'idle') return;
    this.state = 'running';
    const { source, aggregator, recorder } = this.options;
    const decoded = this.decoded;
    const limit = this.options.maxPackets ?? Infinity;
    source.start(
      (linkType, data, offset, capturedLength, wireLength, seconds, nanoseconds) => {
        if (this.packets >= limit) return;
        // One frame that trips a bug must not take the capture (or the helper) down with it.
        try {
          decodePacket(decoded, linkType, data, offset, capturedLength);
          aggregator.add(decoded, seconds * 1000 + nanoseconds / 1e6, wireLength);
          recorder?.write(data, offset, capturedLength, wireLength, seconds, nanoseconds);
        } catch (error) {
          if (++this.faults % 1000 === 1) this.options.onFault?.(error, this.faults);
        }
        if (++this.packets === limit) void this.stop();
      },
      (error) => this.finish(error),
    );
    if (this.options.tickMs > 0) this.timer = setInterval(() => this.safeTick(), this.options.tickMs);
  }

  /** Stops the source (delivering what it still held) and sends the last tick. Safe to repeat. */
  async stop(): Promise<void> {
    if (this.state === 'idle') this.finish();
    this.stopping ??= this.options.source.stop();
    await this.stopping;
    await this.endedPromise;
  }

  /** How a TCP segment of this capture is numbered (relative sequence numbers, scaled window), when known. */
  tcpView(packet: DecodedPacket): TcpView | undefined {
    return this.options.aggregator.tcpView?.(packet);
  }

  /** The full state now; with `cut`, each table only as far as a receiver keeping those limits keeps it. */
  snapshot(cut?: TrafficViewLimits): TrafficSnapshot {
    const { aggregator, source, sourceInfo } = this.options;
    const drops = source.drops();
    aggregator.setDrops(drops.kernel, drops.interface);
    const snapshot = aggregator.snapshot(sourceInfo, this.running, true, cut);
    this.decorate(snapshot.counters);
    return snapshot;
  }

  /** A tick from the timer: whatever it throws is a fault, never the helper's end. */
  private safeTick(): void {
    try {
      this.tick();
    } catch (error) {
      this.options.onFault?.(error, ++this.faults);
    }
  }

  private tick(): void {
    const { aggregator, source, recorder } = this.options;
    recorder?.flush?.();
    if (this.running) this.options.flowExport?.tick();
    const drops = source.drops();
    aggregator.setDrops(drops.kernel, drops.interface);
    const delta = aggregator.takeDelta(this.captureId, this.running);
    this.decorate(delta.counters);
    if (!this.running && this.stopReason) delta.stopReason = this.stopReason;
    this.options.onTick?.(delta);
  }

  private decorate(counters: TrafficSnapshot['counters']): void {
    const recording = this.options.recorder?.recording;
    if (recording) counters.recording = recording;
    const flowExport = this.options.flowExport;
    if (flowExport) counters.ipfix = flowExport.counters();
  }

  /** Reports the flows still open: the capture ended (a fault here must not keep the session from ending). */
  private finishExport(): void {
    try {
      this.options.flowExport?.finish();
    } catch (error) {
      this.options.onFault?.(error, ++this.faults);
    }
  }

  private finish(error?: Error): void {
    if (this.state === 'ended') return;
    const wasRunning = this.state === 'running';
    this.state = 'ended';
    if (error) this.stopReason = error.message;
    clearInterval(this.timer);
    this.finishExport();
    if (wasRunning && this.options.tickMs > 0) this.tick();
    this.options.onEnd?.(error);
    this.resolveEnded();
  }
}
