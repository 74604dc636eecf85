import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../capture/byteSource';
import { PacketIndex } from './packetIndex';
import type { ByteSource } from '../capture/byteSource';
import { chunksOf } from '../capture/chunkSource';
import { openPacketReader } from '../capture/pcapFile';
import { PcapFormatError } from '../capture/pcapFormatError';

const PCAP_HEADER = 24;

/**
 * The packet index of a classic pcap that is still being written (a live capture's recording):
 * each `refresh` reads only what was appended since the previous one, up to the last whole record.
 */
export class GrowingFileIndex {
  readonly index = new PacketIndex();
  /** file offset just past the last whole record indexed */
  private indexedUpTo = PCAP_HEADER;

  constructor(private readonly path: string) {}

  refresh(): void {
    const fd = openRegularFile(this.path);
    const start = this.indexedUpTo;
    // The reader sees the file's header followed by the bytes not indexed yet.
    let position = 0;
    const source: ByteSource = {
      read: (target, offset, length) => {
        const fileOffset = position < PCAP_HEADER ? position : start + position - PCAP_HEADER;
        const limit = position < PCAP_HEADER ? Math.min(length, PCAP_HEADER - position) : length;
        const count = readSync(fd, target, offset, limit, fileOffset);
        position += count;
        return count;
      },
      close: () => closeSync(fd),
    };
    let reader;
    try {
      reader = openPacketReader(chunksOf(source, 1 << 16));
    } catch (error) {
      // Not even the file header yet: nothing to index.
      if (error instanceof PcapFormatError) return;
      throw error;
    }
    try {
      for (;;) {
        const record = reader.next();
        if (!record) break;
        const recordStart = start + record.fileOffset - PCAP_HEADER;
        this.index.add(recordStart);
        this.indexedUpTo = start + record.dataFileOffset - PCAP_HEADER + record.capturedLength;
      }
    } catch (error) {
      // A record still being written ends this refresh; the next one picks it up.
      if (!(error instanceof PcapFormatError)) throw error;
    } finally {
      reader.close();
    }
  }
}
