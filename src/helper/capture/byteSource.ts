import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A path that names something other than a regular file: a FIFO, a device, a directory, a socket. */
export class NotARegularFileError extends Error {
  override readonly name = 'NotARegularFileError';
  /** errno-style, so callers that describe system errors describe this one too */
  readonly code = 'ENOTREG';
}

/**
 * Opens a regular file for reading. Without O_NONBLOCK, opening a FIFO named `x.pcap` waits for a
 * writer forever (and a device may hang or never end); the type is checked on the descriptor
 * itself, so a path swapped between a check and the open cannot slip through.
 */
export function openRegularFile(path: string): number {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  const stats = fstatSync(fd);
  if (stats.isFile()) return fd;
  closeSync(fd);
  const kind = stats.isFIFO()
    ? 'a FIFO'
    : stats.isDirectory()
      ? 'a folder'
      : stats.isSocket()
        ? 'a socket'
        : 'a device';
  throw new NotARegularFileError(`it is ${kind}, not a regular file; only capture files saved on disk can be opened`);
}

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
  const fd = openRegularFile(path);
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
