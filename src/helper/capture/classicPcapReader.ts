import type { ByteWindow } from './byteWindow';
import { PcapFormatError } from './pcapFormatError';
import { PcapRecord } from './pcapRecord';
import type { PacketReader } from './pcapRecord';

/** Classic pcap magic numbers as read big-endian; the byte-swapped forms mean a little-endian file. */
export const PcapMagic = {
  Microseconds: 0xa1b2c3d4,
  Nanoseconds: 0xa1b23c4d,
} as const;
export type PcapMagic = (typeof PcapMagic)[keyof typeof PcapMagic];

const FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
/** libpcap's limit for a record when the snap length is smaller; a larger claim is corruption, not a packet. */
const DEFAULT_MAX_PACKET = 262144;
const HARD_MAX_PACKET = 16 * 1024 * 1024;

/** Reads classic pcap (libpcap, tcpdump -w): either byte order, micro- or nanosecond timestamps. */
export class ClassicPcapReader implements PacketReader {
  readonly format = 'pcap';
  /** LINKTYPE_* of every packet in the file */
  readonly linkType: number;
  /** the snap length the file was written with, in bytes */
  readonly snapLength: number;
  readonly littleEndian: boolean;
  /** nanoseconds per unit of the timestamps' second field: 1000 (microseconds) or 1 */
  readonly nanosPerUnit: number;
  /** the largest captured length a sane record can claim */
  readonly maxPacket: number;
  private readonly record = new PcapRecord();
  until = Infinity;

  constructor(private readonly window: ByteWindow) {
    const available = window.fill(FILE_HEADER_LENGTH);
    if (available < FILE_HEADER_LENGTH) {
      throw new PcapFormatError(
        0,
        'truncated pcap file header',
        `${FILE_HEADER_LENGTH} bytes needed, ${available} remain`,
      );
    }
    const buffer = window.buffer;
    const magic = buffer.readUInt32BE(window.start);
    this.littleEndian = magic !== PcapMagic.Microseconds && magic !== PcapMagic.Nanoseconds;
    const swapped = this.littleEndian ? buffer.readUInt32LE(window.start) : magic;
    this.nanosPerUnit = swapped === PcapMagic.Nanoseconds ? 1 : 1000;
    this.snapLength = this.read32(window.start + 16);
    // The upper bits hold FCS flags (pcap-linktype(7)); LT_LINKTYPE() keeps the low 26.
    this.linkType = this.read32(window.start + 20) & 0x03ffffff;
    this.maxPacket = Math.min(Math.max(this.snapLength, DEFAULT_MAX_PACKET), HARD_MAX_PACKET);
    this.record.linkType = this.linkType;
    window.consume(FILE_HEADER_LENGTH);
  }

  get position(): number {
    return this.window.position;
  }

  /** goes on from file offset `position`, which must be the start of a record (a file read in parts) */
  seek(position: number): void {
    this.window.seek(position);
  }

  next(): PcapRecord | undefined {
    // Nearly every record is whole in the window already: read it without refilling.
    const window = this.window;
    const header = window.start;
    if (window.position >= this.until) return undefined;
    if (window.end - header >= RECORD_HEADER_LENGTH) {
      const buffer = window.buffer;
      const capturedLength = this.word(buffer, header + 8);
      const total = RECORD_HEADER_LENGTH + capturedLength;
      if (capturedLength <= this.maxPacket && window.end - header >= total) {
        const record = this.record;
        const at = window.position;
        record.seconds = this.word(buffer, header);
        record.nanoseconds = this.word(buffer, header + 4) * this.nanosPerUnit;
        record.capturedLength = capturedLength;
        record.originalLength = this.word(buffer, header + 12);
        record.data = buffer;
        record.offset = header + RECORD_HEADER_LENGTH;
        record.fileOffset = at;
        record.dataFileOffset = at + RECORD_HEADER_LENGTH;
        window.start = header + total;
        return record;
      }
    }
    return this.nextAcrossRefill();
  }

  /** the next record when the window must be refilled first (or the file ends or is bad there) */
  private nextAcrossRefill(): PcapRecord | undefined {
    const window = this.window;
    const at = window.position;
    const available = window.fill(RECORD_HEADER_LENGTH);
    if (available === 0) return undefined;
    if (available < RECORD_HEADER_LENGTH) {
      throw new PcapFormatError(
        at,
        'truncated record header',
        `${RECORD_HEADER_LENGTH} bytes needed, ${available} remain`,
      );
    }
    const start = window.start;
    const capturedLength = this.read32(start + 8);
    if (capturedLength > this.maxPacket) {
      throw new PcapFormatError(
        at,
        'implausible packet record',
        `header says ${capturedLength} bytes, limit ${this.maxPacket}`,
      );
    }
    const total = RECORD_HEADER_LENGTH + capturedLength;
    const have = window.fill(total);
    if (have < total) {
      throw new PcapFormatError(
        at,
        'truncated packet record',
        `header says ${capturedLength} bytes, ${have - RECORD_HEADER_LENGTH} remain`,
      );
    }
    // fill() may have moved the window: read everything from its current place.
    const record = this.record;
    const header = window.start;
    record.seconds = this.read32(header);
    record.nanoseconds = this.read32(header + 4) * this.nanosPerUnit;
    record.capturedLength = capturedLength;
    record.originalLength = this.read32(header + 12);
    record.data = window.buffer;
    record.offset = header + RECORD_HEADER_LENGTH;
    record.fileOffset = at;
    record.dataFileOffset = at + RECORD_HEADER_LENGTH;
    window.consume(total);
    return record;
  }

  close(): void {
    this.window.close();
  }

  /** the 32-bit number at `at`, in the file's byte order, without Buffer's bounds checks (the caller made sure) */
  private word(buffer: Buffer, at: number): number {
    return this.littleEndian
      ? (buffer[at]! | (buffer[at + 1]! << 8) | (buffer[at + 2]! << 16) | (buffer[at + 3]! << 24)) >>> 0
      : ((buffer[at]! << 24) | (buffer[at + 1]! << 16) | (buffer[at + 2]! << 8) | buffer[at + 3]!) >>> 0;
  }

  private read32(at: number): number {
    return this.littleEndian ? this.window.buffer.readUInt32LE(at) : this.window.buffer.readUInt32BE(at);
  }
}
