import type { HistorySource } from './historyRecorder';
import type { HistoryWrite } from './historyWriter';
import { MinuteBuckets } from './minuteBuckets';
import { BandwidthRates } from '../os/bandwidthRates';
import type { CounterReader } from '../os/bandwidthWatcher';
import { isListedInterface } from '../../shared/interfaceKinds';
import type { NetworkInterfaceInfo } from '../../shared/model/network';

/** The OS counters are read this often, in ms. */
export const SAMPLE_MS = 15_000;
/** Which interfaces exist is asked again this often, in ms. */
const LIST_MS = 10 * 60_000;

/** What the sampler reads. */
export interface SamplerIo {
  readCounters: CounterReader;
  listInterfaces: () => Promise<NetworkInterfaceInfo[]>;
  now: () => number;
  /** a reading failed (logged by the owner, a few times at most) */
  onError: (error: unknown) => void;
}

/**
 * Bandwidth for the history, whenever the helper runs: the OS counters (no privilege) read every
 * SAMPLE_MS, folded into minutes of the interfaces worth recording (links, and virtual ones with
 * an address: not loopback, not address-less veths), handed to the recorder minute by minute.
 */
export class BandwidthSampler implements HistorySource {
  private readonly rates = new BandwidthRates();
  private readonly minutes = new MinuteBuckets();
  private recorded = new Set<string>();
  private listedAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;

  constructor(private readonly io: SamplerIo) {}

  /** Reads now and every `sampleMs` until `stop`. */
  start(sampleMs = SAMPLE_MS): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), sampleMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One reading of the counters (a reading still in flight is not doubled). */
  async sample(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const now = this.io.now();
      if (now - this.listedAt >= LIST_MS) {
        const interfaces = await this.io.listInterfaces();
        this.recorded = new Set(
          interfaces.filter((info) => !info.internal && isListedInterface(info)).map((i) => i.name),
        );
        this.listedAt = now;
      }
      const readings = await this.io.readCounters();
      const time = this.io.now();
      for (const delta of this.rates.deltas(readings, time)) {
        if (this.recorded.has(delta.interface))
          this.minutes.add(delta.interface, delta.from, delta.to, delta.rxBytes, delta.txBytes);
      }
    } catch (error) {
      this.io.onError(error);
    } finally {
      this.reading = false;
    }
  }

  take(now: number): HistoryWrite[] {
    const minutes = this.minutes.take(now);
    return minutes.length === 0 ? [] : [(writer) => writer.addMinutes(minutes)];
  }
}
