import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../capture/byteSource';

/** Reads single packets of a capture file again, by the offset of their first byte. */
export class PacketBytes {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(65536);

  constructor(path: string) {
    this.fd = openRegularFile(path);
  }

  /** `length` bytes at `offset`, in a buffer reused by the next call; fewer if the file ends first */
  read(offset: number, length: number): Uint8Array {
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const count = readSync(this.fd, this.buffer, got, length - got, offset + got);
      if (count === 0) break;
      got += count;
    }
    return this.buffer.subarray(0, got);
  }

  close(): void {
    closeSync(this.fd);
  }
}
