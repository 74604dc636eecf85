import type { RateSample } from '../../shared/model/traffic';

/** Packets and bytes per second of capture time, the last `maxSamples` seconds kept in a ring. */
export class RateSeries {
  private readonly packets: Float64Array;
  private readonly bytes: Float64Array;
  /** ring position of the current second */
  private head = 0;
  /** seconds held, up to maxSamples */
  private held = 0;
  /** the current second (capture time / 1000, floored); -1 before the first packet */
  private current = -1;
  /** the earliest second that changed since the last `takeChanged` */
  private changedFrom = Infinity;

  constructor(private readonly maxSamples: number) {
    if (maxSamples < 1) throw new RangeError(`at least one rate sample must be kept, not ${maxSamples}`);
    this.packets = new Float64Array(maxSamples);
    this.bytes = new Float64Array(maxSamples);
    if (!primed) primeNewSeconds();
  }

  add(timeMs: number, length: number): void {
    this.addCounts(timeMs, 1, length);
  }

  /** folds in the seconds of the part of the capture that came after this one's (`all()` there) */
  absorb(part: readonly RateSample[]): void {
    for (const sample of part) this.addCounts(sample.time, sample.packets, sample.bytes);
  }

  private addCounts(timeMs: number, packets: number, bytes: number): void {
    const second = Math.floor(timeMs / 1000);
    let at = this.head;
    if (second !== this.current) {
      if (second > this.current) at = this.advance(second);
      else if (this.current - second < this.held) {
        // A packet a little out of order goes to its own second while that is still kept.
        at = (this.head - (this.current - second) + this.maxSamples) % this.maxSamples;
        if (second < this.changedFrom) this.changedFrom = second;
      }
    }
    this.packets[at] = this.packets[at]! + packets;
    this.bytes[at] = this.bytes[at]! + bytes;
    if (this.changedFrom === Infinity) this.changedFrom = this.current;
  }

  /** every second kept, oldest first */
  all(): RateSample[] {
    return this.samples(this.current - this.held + 1);
  }

  /** seconds that changed since the previous call (the current one included), oldest first */
  takeChanged(): RateSample[] {
    if (this.changedFrom === Infinity) return [];
    const from = Math.max(this.changedFrom, this.current - this.held + 1);
    this.changedFrom = Infinity;
    return this.samples(from);
  }

  private samples(from: number): RateSample[] {
    const samples: RateSample[] = [];
    for (let second = from; second <= this.current; second++) {
      const at = (this.head - (this.current - second) + this.maxSamples) % this.maxSamples;
      samples.push({ time: second * 1000, durationMs: 1000, packets: this.packets[at]!, bytes: this.bytes[at]! });
    }
    return samples;
  }

  /** moves to `second`, with empty seconds for any gap; returns its ring position */
  private advance(second: number): number {
    if (this.current < 0 || second - this.current >= this.maxSamples) {
      this.packets.fill(0);
      this.bytes.fill(0);
      this.held = 1;
      this.head = 0;
      this.changedFrom = second;
    } else {
      if (this.changedFrom === Infinity) this.changedFrom = this.current + 1;
      for (let step = this.current; step < second; step++) {
        this.head = (this.head + 1) % this.maxSamples;
        this.packets[this.head] = 0;
        this.bytes[this.head] = 0;
        if (this.held < this.maxSamples) this.held++;
      }
    }
    this.current = second;
    return this.head;
  }
}

let primed = false;

/**
 * Runs a throwaway series through new and late seconds, once per thread. V8 keeps feedback for a
 * function only after a few calls, so the first packet's step into a new second leaves none; the
 * next step comes a capture second later, after V8 has optimised the per-packet path that inlines
 * `add`, and code it never saw run would throw that whole path back to the interpreter.
 */
function primeNewSeconds(): void {
  primed = true;
  const series = new RateSeries(4);
  for (let i = 0; i < 64; i++) series.add(i * 250 - (i % 8 === 7 ? 1000 : 0), 1);
}
