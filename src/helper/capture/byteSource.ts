import { closeSync, openSync, readSync } from 'node:fs';

/** Sequential bytes: a file, or a buffer in tests. */
export interface ByteSource {
  /** copies up to `length` bytes into `target` at `offset`; returns how many, 0 at the end */
  read(target: Buffer, offset: number, length: number): number;
  /** goes on from byte `position` (files only: a file read in parts starts each part mid-file) */
  seek?(position: number): void;
  close(): void;
}

/** Reads a file from its start with plain synchronous reads (the reader runs on its own thread of work). */
export function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  let position = 0;
  return {
    read(target, offset, length) {
      const count = readSync(fd, target, offset, length, position);
      position += count;
      return count;
    },
    seek(to) {
      position = to;
    },
    close: () => closeSync(fd),
  };
}

/** Serves an in-memory file, optionally in pieces of `pieceSize` bytes to exercise refills. */
export function bufferSource(bytes: Uint8Array, pieceSize = Infinity): ByteSource {
  let position = 0;
  return {
    read(target, offset, length) {
      const count = Math.min(length, bytes.length - position, pieceSize);
      target.set(bytes.subarray(position, position + count), offset);
      position += count;
      return count;
    },
    close: () => undefined,
  };
}
