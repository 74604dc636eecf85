import type { Chunk, ChunkSource } from './chunkSource';

/**
 * A sliding window over a file's chunks: readers look at `buffer` from `start` and move on with
 * `consume`. Records are handed out as offsets into `buffer`, valid until the next `fill`, so no
 * packet is ever copied: the window takes each chunk's buffer as its own and puts the unread tail
 * of the chunk before it in the room before its bytes.
 */
export class ByteWindow {
  buffer: Buffer = Buffer.allocUnsafe(0);
  /** first unread byte in `buffer` */
  start = 0;
  /** one past the last byte read into `buffer` */
  end = 0;
  /** file offset of `buffer[0]` */
  private base = 0;
  /** first byte of `buffer` that holds the file: before it, a chunk's room not filled */
  private first = 0;
  private atEnd = false;
  /** the chunk `buffer` is, given back when the window moves on */
  private held: Chunk | undefined;

  constructor(private readonly chunks: ChunkSource) {}

  /** file offset of `start`, in bytes */
  get position(): number {
    return this.base + this.start;
  }

  /** Makes `count` bytes available from `start` if the source has them; returns how many are (fewer only at its end). */
  fill(count: number): number {
    if (this.end - this.start >= count || this.atEnd) return this.end - this.start;
    while (this.end - this.start < count) {
      const chunk = this.chunks.take();
      if (!chunk) {
        this.atEnd = true;
        break;
      }
      this.append(chunk);
    }
    return this.end - this.start;
  }

  /** Makes `chunk` the window's buffer, the unread tail put before its bytes (or both in a buffer of the window's own). */
  private append(chunk: Chunk): void {
    const chunks = this.chunks;
    const tail = this.end - this.start;
    const position = this.base + this.start;
    const held = this.held;
    if (tail <= chunk.start) {
      this.buffer.copy(chunk.buffer, chunk.start - tail, this.start, this.end);
      this.held = chunk;
      this.buffer = chunk.buffer;
      this.start = chunk.start - tail;
      this.end = chunk.end;
    } else {
      // A record longer than the room before a chunk, across chunks: rare, so copied.
      const length = tail + chunk.end - chunk.start;
      const target =
        !held && this.buffer.length >= length
          ? this.buffer
          : Buffer.allocUnsafe(Math.max(length, 2 * (held ? 0 : this.buffer.length)));
      this.buffer.copy(target, 0, this.start, this.end);
      chunk.buffer.copy(target, tail, chunk.start, chunk.end);
      chunks.give(chunk.buffer);
      this.held = undefined;
      this.buffer = target;
      this.start = 0;
      this.end = length;
    }
    if (held) chunks.give(held.buffer);
    this.first = this.start;
    this.base = position - this.start;
  }

  /** Drops what is buffered and goes on from file offset `position` (a source that can seek only). */
  seek(position: number): void {
    // Packets read again by their index are often near each other: keep what is buffered.
    this.atEnd = false;
    if (position >= this.base + this.first && position <= this.base + this.end) {
      this.start = position - this.base;
      return;
    }
    this.chunks.seek(position);
    this.base = position;
    this.first = 0;
    this.start = 0;
    this.end = 0;
  }

  /** Moves past `count` bytes, reading and dropping any not yet in the window; returns how many it could skip. */
  consume(count: number): number {
    if (count <= this.end - this.start) {
      this.start += count;
      return count;
    }
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
    this.chunks.close();
  }
}
