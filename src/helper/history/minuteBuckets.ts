import type { BandwidthMinute } from './bandwidthHistory';
import { periodStart } from '../../shared/history/periods';

const MINUTE_MS = 60_000;
/** A gap between readings longer than this (ms) is spread over its last hour only. */
const LONGEST_SPREAD_MS = 60 * MINUTE_MS;

interface Bucket {
  interface: string;
  start: number;
  rx: number;
  tx: number;
  /** what earlier takes already handed out */
  takenRx: number;
  takenTx: number;
}

/**
 * Folds successive readings of the OS byte counters into bytes per interface per minute. A
 * reading's bytes since the one before go to the minute it falls in, or are spread evenly over
 * the minutes in between when readings are further apart (a suspended machine, a stalled helper).
 * Each take hands out what is new, the minute still running included, so a killed helper loses
 * only what came after the last take. Pure: time comes with each reading.
 */
export class MinuteBuckets {
  private readonly open = new Map<string, Bucket>();

  /** Adds `rx`/`tx` bytes counted between `from` and `to` (ms) on `name`. */
  add(name: string, from: number, to: number, rx: number, tx: number): void {
    if (rx <= 0 && tx <= 0) return;
    const last = periodStart(to, 'minute');
    const first = to - from > MINUTE_MS ? periodStart(Math.max(from, to - LONGEST_SPREAD_MS), 'minute') : last;
    const minutes = (last - first) / MINUTE_MS + 1;
    for (let start = first; start <= last; start += MINUTE_MS) {
      const key = `${name}\u0000${start}`;
      let bucket = this.open.get(key);
      if (!bucket) this.open.set(key, (bucket = { interface: name, start, rx: 0, tx: 0, takenRx: 0, takenTx: 0 }));
      bucket.rx += rx / minutes;
      bucket.tx += tx / minutes;
    }
  }

  /**
   * What is new since the last take, oldest first: `rx`/`tx` are the bytes not handed out before,
   * `minuteRx`/`minuteTx` the minute's whole count so far. Minutes that ended before `now` are
   * then forgotten.
   */
  take(now: number): BandwidthMinute[] {
    const current = periodStart(now, 'minute');
    const news: BandwidthMinute[] = [];
    for (const [key, bucket] of this.open) {
      const rx = Math.round(bucket.rx) - bucket.takenRx;
      const tx = Math.round(bucket.tx) - bucket.takenTx;
      if (rx > 0 || tx > 0) {
        news.push({
          interface: bucket.interface,
          start: bucket.start,
          rx,
          tx,
          minuteRx: Math.round(bucket.rx),
          minuteTx: Math.round(bucket.tx),
        });
        bucket.takenRx += rx;
        bucket.takenTx += tx;
      }
      if (bucket.start < current) this.open.delete(key);
    }
    return news.sort((a, b) => a.start - b.start || a.interface.localeCompare(b.interface));
  }
}
