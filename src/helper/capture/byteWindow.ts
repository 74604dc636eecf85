import type { ByteSource } from './byteSource';

/**
 * A sliding window over a byte source: readers look at `buffer` from `start` and move on with
 * `consume`. Records are handed out as offsets into `buffer`, valid until the next `fill`, so
 * no packet is ever copied; the window copies only the unread tail of each chunk when it refills.
 */
export class ByteWindow {
  buffer: Buffer;
  /** first unread byte in `buffer` */
  start = 0;
  /** one past the last byte read into `buffer` */
  end = 0;
  /** file offset of `buffer[0]` */
  private base = 0;
  private atEnd = false;

  constructor(
    private readonly source: ByteSource,
    chunkSize = 1 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkSize);
  }

  /** file offset of `start`, in bytes */
  get position(): number {
    return this.base + this.start;
  }

  /** Makes `count` bytes available from `start` if the source has them; returns how many are (fewer only at its end). */
  fill(count: number): number {
    if (this.end - this.start >= count || this.atEnd) return this.end - this.start;
    if (count > this.buffer.length - this.start) {
      const target =
        count > this.buffer.length ? Buffer.allocUnsafe(Math.max(count, this.buffer.length * 2)) : this.buffer;
      this.buffer.copy(target, 0, this.start, this.end);
      this.buffer = target;
      this.base += this.start;
      this.end -= this.start;
      this.start = 0;
    }
    while (this.end - this.start < count) {
      const got = this.source.read(this.buffer, this.end, this.buffer.length - this.end);
      if (got === 0) {
        this.atEnd = true;
        break;
      }
      this.end += got;
    }
    return this.end - this.start;
  }

  /** Drops what is buffered and goes on from file offset `position` (a source that can seek only). */
  seek(position: number): void {
    if (!this.source.seek) throw new Error('this byte source cannot seek');
    // Packets read again by their index are often near each other: keep what is buffered.
    this.atEnd = false;
    if (position >= this.base && position <= this.base + this.end) {
      this.start = position - this.base;
      return;
    }
    this.source.seek(position);
    this.base = position;
    this.start = 0;
    this.end = 0;
  }

  /** Moves past `count` bytes, reading and dropping any not yet in the window; returns how many it could skip. */
  consume(count: number): number {
    let skipped = 0;
    while (skipped < count) {
      const available = this.end - this.start;
      if (available === 0 && this.fill(1) === 0) break;
      const step = Math.min(count - skipped, this.end - this.start);
      this.start += step;
      skipped += step;
    }
    return skipped;
  }

  close(): void {
    this.source.close();
  }
}
