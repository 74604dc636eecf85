// A file read ahead of its reader: libuv's thread pool (another processor) copies the next chunks
// from the page cache while the reading thread decodes the current one, so the copy leaves the
// reading thread. Chunks are handed over whole, buffer and all; the window gives each back once read.
import { closeSync, read, readSync } from 'node:fs';
import { openRegularFile } from './byteSource';
import { ChunkBuffers, chunkHeadroom } from './chunkSource';
import type { Chunk, ChunkSource } from './chunkSource';

/** The next chunk is still being read: the caller waits for `arrival()` and asks again. */
export class ChunkNotReady extends Error {
  override readonly name = 'ChunkNotReady';
}
/** Thrown as is, not made anew: it is control flow, and a stack trace for each would cost. */
export const chunkNotReady = new ChunkNotReady('the next chunk of the file is still being read');

/** How a read-ahead file reaches its bytes (a file descriptor; tests inject delays and failures). */
export interface ChunkIo {
  read(
    target: Buffer,
    offset: number,
    length: number,
    position: number,
    done: (error: Error | null, bytes: number) => void,
  ): void;
  readSync(target: Buffer, offset: number, length: number, position: number): number;
  close(): void;
}

/** Sizes of a read-ahead, in bytes and chunks. */
export interface ReadAheadOptions {
  /** bytes a read asks for (default 2 MiB) */
  chunkSize?: number;
  /** reads kept in flight ahead of the reader (default 4) */
  depth?: number;
  /** room left before each chunk's bytes, where the window puts the unread end of the chunk before it */
  headroom?: number;
}

/** A read issued: its chunk once `done`. */
interface Pending extends Chunk {
  done: boolean;
  error: Error | null;
  /** dropped by a seek, a short read or close: its buffer is reused once the read is over */
  stale: boolean;
}

/** Chunks of a file in order, read ahead by the thread pool; `take` throws chunkNotReady while the next is in flight. */
export class ReadAheadFile implements ChunkSource {
  private readonly chunkSize: number;
  private readonly depth: number;
  private readonly headroom: number;
  private readonly buffers: ChunkBuffers;
  /** reads in file order, the next chunk first */
  private queue: Pending[] = [];
  /** where the next read issued starts */
  private nextPosition = 0;
  /** a read gave 0 bytes: the file ends at nextPosition; no more reads until a seek */
  private ended = false;
  private inFlight = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private onClosed: () => void = () => undefined;
  private readonly descriptorClosed = new Promise<void>((resolve) => (this.onClosed = resolve));

  constructor(
    private readonly io: ChunkIo,
    options: ReadAheadOptions = {},
  ) {
    this.chunkSize = options.chunkSize ?? 2 << 20;
    this.depth = options.depth ?? 4;
    this.headroom = options.headroom ?? chunkHeadroom(this.chunkSize);
    this.buffers = new ChunkBuffers(this.headroom, this.chunkSize);
  }

  /**
   * The next chunk, or undefined at the end of the file. While it is in flight, throws chunkNotReady
   * when `mayWait`, else reads it here, synchronously (where a caller cannot stop midway).
   */
  take(mayWait: boolean): Chunk | undefined {
    if (!mayWait && !this.queue[0]?.done) {
      // (At the file's start too: a reader reads the file header as it opens, before anything is in flight.)
      return this.ended || this.closed ? undefined : this.takeSync(this.queue[0]?.position ?? this.nextPosition);
    }
    this.issue();
    const head = this.queue[0];
    if (!head) return undefined;
    if (!head.done) throw chunkNotReady;
    this.queue.shift();
    if (head.error) {
      this.drop();
      throw head.error;
    }
    if (head.end - head.start < this.chunkSize) {
      // Short: the file ends there (or ended when it was read). Reads issued after it assumed a
      // full chunk; go on from where this one stopped, which a zero-byte read then confirms.
      this.drop();
      this.nextPosition = head.position + head.end - head.start;
      if (head.end === head.start) {
        this.ended = true;
        this.give(head.buffer);
        return undefined;
      }
    }
    this.issue();
    return head;
  }

  /** Resolves once the next chunk is in (or failed), or at once when it is. */
  arrival(): Promise<void> {
    if (this.queue[0]?.done !== false) return Promise.resolve();
    // Woken after the event loop's poll phase, not in it: the reads that ended with this one are
    // then all marked done, and the reader goes through them without coming back here for each.
    return new Promise((resolve) => (this.wake = () => setImmediate(resolve)));
  }

  /** a chunk's buffer back, to read into again */
  give(buffer: Buffer): void {
    this.buffers.give(buffer);
  }

  /** Reads on from file offset `position`; reads in flight are dropped. */
  seek(position: number): void {
    this.drop();
    this.nextPosition = position;
    this.ended = false;
    this.issue();
  }

  /** Closes the file once no read is in flight any more (the descriptor must not be reused under one). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.drop();
    this.wake?.();
    if (this.inFlight === 0) this.closeNow();
  }

  /** Resolves once the file is closed: after `close`, when the reads in flight have ended. */
  whenClosed(): Promise<void> {
    return this.descriptorClosed;
  }

  /** Keeps `depth` reads in flight. */
  private issue(): void {
    while (!this.closed && !this.ended && this.queue.length < this.depth) {
      const buffer = this.buffers.take();
      const pending: Pending = {
        buffer,
        start: this.headroom,
        end: this.headroom,
        position: this.nextPosition,
        done: false,
        error: null,
        stale: false,
      };
      this.nextPosition += this.chunkSize;
      this.queue.push(pending);
      this.inFlight++;
      this.io.read(buffer, this.headroom, this.chunkSize, pending.position, (error, bytes) =>
        this.arrived(pending, error, bytes),
      );
    }
  }

  private arrived(pending: Pending, error: Error | null, bytes: number): void {
    this.inFlight--;
    pending.done = true;
    pending.error = error;
    pending.end = pending.start + (error ? 0 : bytes);
    if (pending.stale) this.give(pending.buffer);
    if (this.closed) {
      if (this.inFlight === 0) this.closeNow();
      return;
    }
    if (this.queue[0] === pending) {
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    }
  }

  /** The chunk at `position` read here and now; the reads in flight are dropped, and issued again by the next `take`. */
  private takeSync(position: number): Chunk | undefined {
    this.drop();
    const buffer = Buffer.allocUnsafe(this.headroom + this.chunkSize);
    const bytes = this.io.readSync(buffer, this.headroom, this.chunkSize, position);
    this.nextPosition = position + bytes;
    if (bytes === 0) {
      this.ended = true;
      return undefined;
    }
    // Nothing issued yet: a file refused as its header is read closes at once, with no read in flight.
    return { buffer, start: this.headroom, end: this.headroom + bytes, position };
  }

  private closeNow(): void {
    try {
      this.io.close();
    } finally {
      this.onClosed();
    }
  }

  /** Forgets the reads issued; those still in flight give their buffers back when they end. */
  private drop(): void {
    for (const pending of this.queue) {
      if (pending.done) this.give(pending.buffer);
      else pending.stale = true;
    }
    this.queue = [];
  }
}

/** Opens a regular file (see openRegularFile: FIFOs and devices are refused) to be read ahead. */
export function readAheadFile(path: string, options?: ReadAheadOptions): ReadAheadFile {
  const fd = openRegularFile(path);
  return new ReadAheadFile(
    {
      read: (target, offset, length, position, done) => read(fd, target, offset, length, position, done),
      readSync: (target, offset, length, position) => readSync(fd, target, offset, length, position),
      close: () => closeSync(fd),
    },
    options,
  );
}
