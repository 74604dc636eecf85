// A rate's moving baseline: an exponentially weighted mean and variance whose memory is a span of
// time (not a count of readings), so irregular readings and idle gaps weigh what they lasted.
import { Episode } from './thresholdAlert';

/** How far above the mean, in standard deviations, a rate must also be to be a spike. */
const DEVIATIONS = 6;

/** The moving mean and spread of one rate. */
export class MovingBaseline {
  mean = 0;
  variance = 0;
  /** ms of readings folded in */
  learnedMs = 0;

  /** Folds in a rate that lasted `durationMs`, with a memory of `spanMs`. */
  observe(rate: number, durationMs: number, spanMs: number): void {
    const weight = 1 - Math.exp(-durationMs / spanMs);
    const difference = rate - this.mean;
    this.mean += weight * difference;
    this.variance = (1 - weight) * (this.variance + weight * difference * difference);
    this.learnedMs += durationMs;
  }

  /** Whether it has learnt for a whole span. */
  ready(spanMs: number): boolean {
    return this.learnedMs >= spanMs;
  }

  /** The rate above which a reading is a spike: `factor` times the mean, well outside its spread, and at least `minimum`. */
  limit(factor: number, minimum: number): number {
    return Math.max(minimum, factor * this.mean, this.mean + DEVIATIONS * Math.sqrt(this.variance));
  }
}

/** One rate followed for spikes: its baseline, its episode, and when it was last read (ms since the Unix epoch). */
export interface SpikeSubject {
  baseline: MovingBaseline;
  episode: Episode;
  time: number;
}

/** A rate not followed before, read first at `time`. */
export function newSpikeSubject(time: number, seconds: number): SpikeSubject {
  return { baseline: new MovingBaseline(), episode: new Episode(seconds), time: time - 1000 };
}
