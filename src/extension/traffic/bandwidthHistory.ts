import type { BandwidthSample, InterfaceBandwidth } from '../../shared/model/traffic';

/** Five minutes of one-second readings: what the dashboard's throughput chart shows. */
export const BANDWIDTH_HISTORY_SAMPLES = 300;

/**
 * The last readings of every interface, oldest first, in a fixed-size ring: memory stays flat
 * however long VS Code runs. Pure (no `vscode`), so it is unit-tested under plain Node.
 */
export class BandwidthHistory {
  private readonly ring: (BandwidthSample | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity = BANDWIDTH_HISTORY_SAMPLES) {
    this.ring = new Array<BandwidthSample | undefined>(capacity);
  }

  add(sample: BandwidthSample): void {
    this.ring[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Every sample held, oldest first. */
  samples(): BandwidthSample[] {
    const start = (this.next - this.size + this.capacity) % this.capacity;
    const out: BandwidthSample[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.ring[(start + i) % this.capacity]!);
    return out;
  }

  /** The newest sample, if any. */
  latest(): BandwidthSample | undefined {
    return this.size === 0 ? undefined : this.ring[(this.next - 1 + this.capacity) % this.capacity];
  }

  /** One interface's readings in the newest sample. */
  latestOf(name: string): InterfaceBandwidth | undefined {
    return this.latest()?.interfaces.find((entry) => entry.interface === name);
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}
