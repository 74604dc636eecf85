import type { PacketIndex } from './packetIndex';
import { ClassicPcapReader } from '../capture/classicPcapReader';
import { openPcapFile } from '../capture/pcapFile';
import { PcapFormatError } from '../capture/pcapFormatError';
import { PcapngReader } from '../capture/pcapngReader';
import type { PacketReader, PcapRecord } from '../capture/pcapRecord';

/** Bytes read at a time when packets are read again: a page of small packets, or one large one. */
const CHUNK = 1 << 16;

/**
 * Reads the packets of an indexed capture file again, header and bytes, with the file's own reader:
 * the index holds only where each record starts. Consecutive frames are read on without seeking, so a
 * page (or a filter going through the whole file) reads the file in order.
 */
export class PacketRecords {
  private reader: PacketReader | undefined;

  constructor(
    private readonly path: string,
    readonly index: PacketIndex,
  ) {}

  /**
   * The packet numbered `frame` (1-based, at most `index.count`): the reader's record, valid until
   * the next call. Throws when the file no longer holds it (changed since it was indexed).
   */
  read(frame: number): PcapRecord {
    const position = frame - 1;
    const start = this.index.start(position);
    const reader = (this.reader ??= openPcapFile(this.path, CHUNK));
    try {
      if (reader.position !== start) this.seek(reader, start, position);
      let record = reader.next();
      if (record?.fileOffset !== start) {
        // The reader had seen the end of a file that grew since (a recording): look again.
        this.seek(reader, start, position);
        record = reader.next();
      }
      if (record?.fileOffset === start) return record;
    } catch (error) {
      if (!(error instanceof PcapFormatError)) throw error;
    }
    throw new Error(`${this.path} changed since it was opened: packet ${frame} is no longer at byte ${start}`);
  }

  close(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  private seek(reader: PacketReader, start: number, position: number): void {
    if (reader instanceof ClassicPcapReader) reader.seek(start);
    else if (reader instanceof PcapngReader) reader.seek(start, this.index.sectionOf(position)!);
  }
}
