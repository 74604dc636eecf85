/**
 * One packet from a capture file. Readers reuse a single record: `data` is the reader's window
 * and the bytes at `offset` are only valid until the next call to `next`.
 */
export class PcapRecord {
  /** LINKTYPE_* of the interface the packet was captured on */
  linkType = 0;
  /** pcapng interface id (0 for classic pcap) */
  interfaceId = 0;
  /** capture time: whole seconds since the Unix epoch */
  seconds = 0;
  /** capture time: nanoseconds within the second */
  nanoseconds = 0;
  /** bytes present in the file */
  capturedLength = 0;
  /** bytes the packet had on the wire */
  originalLength = 0;
  data: Buffer = Buffer.alloc(0);
  /** where the packet's first byte is in `data` */
  offset = 0;
  /** where the packet's record or block starts in the file, in bytes (for error messages) */
  fileOffset = 0;
  /** where the packet's first byte is in the file, in bytes (to read it again later) */
  dataFileOffset = 0;
}

/** A record's capture time in ms since the Unix epoch, as the tables and packet lists count it. */
export function recordTime(record: PcapRecord): number {
  return record.seconds * 1000 + record.nanoseconds / 1e6;
}

/** Reads packets from a capture file one at a time. */
export interface PacketReader {
  readonly format: 'pcap' | 'pcapng';
  /** file offset of the next record or block, in bytes */
  readonly position: number;
  /** `next` gives nothing once the next record starts at or after this file offset (the end of a part) */
  until: number;
  /** the next packet (the same object each time), or undefined at the end; throws PcapFormatError */
  next(): PcapRecord | undefined;
  close(): void;
}
