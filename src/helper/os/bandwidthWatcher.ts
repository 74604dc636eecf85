import { networkInterfaces } from 'node:os';
import * as si from 'systeminformation';
import type { BandwidthSample } from '../../shared/model/traffic';
import type { InterfaceCounters } from './bandwidthRates';
import { BandwidthRates } from './bandwidthRates';

/** Reads every interface's byte counters once. */
export type CounterReader = () => Promise<InterfaceCounters[]>;

/** Shortest interval accepted: systeminformation answers from its cache when asked again within 500 ms. */
export const MIN_BANDWIDTH_INTERVAL_MS = 500;
export const MAX_BANDWIDTH_INTERVAL_MS = 60_000;

/**
 * The OS counters (no privilege needed) of every interface Node lists, through one
 * systeminformation call (on Linux it reads /sys/class/net/<name>/statistics).
 */
export async function readInterfaceCounters(): Promise<InterfaceCounters[]> {
  const names = Object.keys(networkInterfaces());
  if (names.length === 0) return [];
  const stats = await si.networkStats(names.join(','));
  return stats
    .filter((entry) => Number.isFinite(entry.rx_bytes) && Number.isFinite(entry.tx_bytes))
    .map((entry) => ({ interface: entry.iface, rxBytes: entry.rx_bytes, txBytes: entry.tx_bytes }));
}

/**
 * Reads the counters every `intervalMs` and hands on one sample per reading. The next reading is
 * scheduled only once the previous one finished, so a slow read never piles up.
 */
export class BandwidthWatcher {
  private rates = new BandwidthRates();
  private timer: NodeJS.Timeout | undefined;
  private intervalMs = 0;
  /** bumped on every (re)start and stop, so a reading in flight from an older generation is dropped */
  private generation = 0;

  constructor(
    private readonly read: CounterReader,
    private readonly onSample: (sample: BandwidthSample) => void,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts, retunes (`intervalMs` > 0) or stops (0) the readings; a start reads at once. */
  watch(intervalMs: number): void {
    if (intervalMs === this.intervalMs) return;
    this.stop();
    this.intervalMs = intervalMs;
    if (intervalMs > 0) this.tick(this.generation);
  }

  /** Whether readings are running. */
  get watching(): boolean {
    return this.intervalMs > 0;
  }

  stop(): void {
    this.generation += 1;
    this.intervalMs = 0;
    this.rates = new BandwidthRates();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(generation: number): void {
    this.read().then(
      (readings) => {
        if (generation !== this.generation) return;
        this.onSample(this.rates.next(readings, this.now()));
        this.schedule(generation);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.onError(error);
        this.schedule(generation);
      },
    );
  }

  private schedule(generation: number): void {
    this.timer = setTimeout(() => this.tick(generation), this.intervalMs);
    // A watcher alone must not keep the CLI or a test process alive.
    this.timer.unref();
  }
}
