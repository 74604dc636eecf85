import type { BandwidthSample, InterfaceBandwidth } from '../../shared/model/traffic';
import { RingBuffer } from '../../shared/traffic/ringBuffer';
import { TRAFFIC_VIEW_LIMITS } from '../../shared/traffic/trafficLimits';

/** Five minutes of one-second readings: what the dashboard's throughput chart shows (and keeps). */
export const BANDWIDTH_HISTORY_SAMPLES = TRAFFIC_VIEW_LIMITS.rateSamples;

/**
 * The last readings of every interface, oldest first, in a fixed-size ring: memory stays flat
 * however long VS Code runs. Pure (no `vscode`), so it is unit-tested under plain Node.
 */
export class BandwidthHistory {
  private readonly ring: RingBuffer<BandwidthSample>;

  constructor(readonly capacity = BANDWIDTH_HISTORY_SAMPLES) {
    this.ring = new RingBuffer<BandwidthSample>(capacity);
  }

  add(sample: BandwidthSample): void {
    this.ring.push(sample);
  }

  /** Every sample held, oldest first. */
  samples(): BandwidthSample[] {
    return this.ring.toArray();
  }

  /** The newest sample, if any. */
  latest(): BandwidthSample | undefined {
    return this.ring.last();
  }

  /** One interface's readings in the newest sample. */
  latestOf(name: string): InterfaceBandwidth | undefined {
    return this.latest()?.interfaces.find((entry) => entry.interface === name);
  }

  clear(): void {
    this.ring.clear();
  }
}
