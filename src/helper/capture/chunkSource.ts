// What a ByteWindow reads: a file's bytes in chunks, each a buffer of its own with room before its
// bytes (where the window puts the unread end of the chunk before it), given back once read.
import type { ByteSource } from './byteSource';

/** Bytes of file in `buffer` from `start` to `end`, read from file offset `position`. */
export interface Chunk {
  buffer: Buffer;
  start: number;
  end: number;
  position: number;
}

/** A file's bytes as chunks in order (`chunksOf`; tests serve their own). */
export interface ChunkSource {
  /** The next chunk, or undefined at the end (for now: a file that grows has more on the next take). */
  take(): Chunk | undefined;
  /** a chunk's buffer back, to read into again */
  give(buffer: Buffer): void;
  /** goes on from file offset `position` (throws where the source cannot seek) */
  seek(position: number): void;
  close(): void;
}

/**
 * `source` read `chunkSize` bytes at a time, here and now, as each chunk is taken (it never waits).
 * Two buffers take turns, so each is half what one buffer read into again was: in 1 MiB chunks the
 * plain read of a 2,000,000-packet file took 12% more time (74 ms where 66), in 512 KiB the same.
 */
export function chunksOf(source: ByteSource, chunkSize = 1 << 19): ChunkSource {
  return new ChunksRead(source, chunkSize);
}

class ChunksRead implements ChunkSource {
  /**
   * Room before each chunk's bytes, where the window puts the unread end of the chunk before it: a
   * record across two chunks that fits in it is never copied twice.
   */
  private readonly headroom: number;
  /** buffers given back, read into again: two at most, as the window gives one back as it takes the next */
  private readonly free: Buffer[] = [];
  private position = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly chunkSize: number,
  ) {
    this.headroom = Math.min(chunkSize, 64 << 10);
  }

  take(): Chunk | undefined {
    const { headroom } = this;
    const buffer = this.free.pop() ?? Buffer.allocUnsafe(headroom + this.chunkSize);
    const bytes = this.source.read(buffer, headroom, this.chunkSize);
    if (bytes === 0) {
      this.give(buffer);
      return undefined;
    }
    const position = this.position;
    this.position += bytes;
    return { buffer, start: headroom, end: headroom + bytes, position };
  }

  /** a chunk's buffer back (one of another size, such as a window's own, is left to the collector) */
  give(buffer: Buffer): void {
    if (buffer.length === this.headroom + this.chunkSize && this.free.length < 2) this.free.push(buffer);
  }

  seek(position: number): void {
    if (!this.source.seek) throw new Error('this byte source cannot seek');
    this.source.seek(position);
    this.position = position;
  }

  close(): void {
    this.source.close();
  }
}
