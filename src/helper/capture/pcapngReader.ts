import type { ByteWindow } from './byteWindow';
import { PcapFormatError } from './pcapFormatError';
import { setTimestamp, unitsPerSecond } from './pcapngTimestamp';
import type { TimestampUnits } from './pcapngTimestamp';
import { PcapRecord } from './pcapRecord';
import type { PacketReader } from './pcapRecord';

/** pcapng block types (draft-ietf-opsawg-pcapng) that the reader acts on; others are skipped. */
export const BlockType = {
  SectionHeader: 0x0a0d0d0a,
  InterfaceDescription: 0x00000001,
  /** obsolete Packet Block: like an Enhanced Packet Block with a 16-bit interface id */
  ObsoletePacket: 0x00000002,
  SimplePacket: 0x00000003,
  EnhancedPacket: 0x00000006,
} as const;
export type BlockType = (typeof BlockType)[keyof typeof BlockType];

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const OPTION_END = 0;
const OPTION_TSRESOL = 9;
const OPTION_TSOFFSET = 14;
/** Wireshark's limit for a block it must hold whole; larger ones are corruption. */
const MAX_HELD_BLOCK = 16 * 1024 * 1024;

/** An interface a section declares: how its packets' link type and timestamps are read. */
export interface PcapngInterface extends TimestampUnits {
  linkType: number;
  /** bytes; 0 means no limit */
  snapLength: number;
}

/** What a block in a section needs to be read: the section's byte order and the interfaces declared so far. */
export interface PcapngSection {
  littleEndian: boolean;
  /** by interface id; grows as the section declares more */
  interfaces: PcapngInterface[];
}

/** Reads pcapng: sections in either byte order, any number of interfaces with their own link types and clocks. */
export class PcapngReader implements PacketReader {
  readonly format = 'pcapng';
  private littleEndian = true;
  private section: PcapngSection = { littleEndian: true, interfaces: [] };
  private readonly record = new PcapRecord();

  until = Infinity;
  /** told of every section as its header is read (an index remembers where each begins) */
  onSection?: (section: PcapngSection) => void;

  constructor(private readonly window: ByteWindow) {}

  get position(): number {
    return this.window.position;
  }

  next(): PcapRecord | undefined {
    if (this.window.position >= this.until) return undefined;
    const window = this.window;
    for (;;) {
      const at = window.position;
      const available = window.fill(12);
      if (available === 0) return undefined;
      if (available < 12) {
        throw new PcapFormatError(at, 'truncated block header', `12 bytes needed, ${available} remain`);
      }
      const type = this.read32(window.start);
      if (type === BlockType.SectionHeader) this.readByteOrder(at);
      const length = this.read32(window.start + 4);
      if (length < 12 || length % 4 !== 0) {
        throw new PcapFormatError(at, `invalid block length in block of type 0x${hex(type)}`, `${length} bytes`);
      }
      const held = type === BlockType.SectionHeader || type === BlockType.InterfaceDescription || isPacket(type);
      if (!held) {
        const skipped = window.consume(length);
        if (skipped < length) throw truncatedBlock(at, type, length, skipped);
        continue;
      }
      if (length > MAX_HELD_BLOCK) {
        throw new PcapFormatError(
          at,
          `implausible block of type 0x${hex(type)}`,
          `${length} bytes, limit ${MAX_HELD_BLOCK}`,
        );
      }
      const have = window.fill(length);
      if (have < length) throw truncatedBlock(at, type, length, have);
      const start = window.start;
      const trailer = this.read32(start + length - 4);
      if (trailer !== length) {
        throw new PcapFormatError(
          at,
          `block length mismatch in block of type 0x${hex(type)}`,
          `${length} at the start, ${trailer} at the end`,
        );
      }
      const record = isPacket(type) ? this.readPacket(type, start, length, at) : undefined;
      if (type === BlockType.SectionHeader) this.readSectionHeader(start, at);
      else if (type === BlockType.InterfaceDescription) this.readInterface(start, length, at);
      window.consume(length);
      if (record) return record;
    }
  }

  /**
   * Goes on from file offset `position`, the start of a block inside `section` (a packet read again
   * by its index); the section's interfaces are copied, so reading on never changes them.
   */
  seek(position: number, section: PcapngSection): void {
    this.littleEndian = section.littleEndian;
    this.section = { littleEndian: section.littleEndian, interfaces: [...section.interfaces] };
    this.window.seek(position);
  }

  close(): void {
    this.window.close();
  }

  /** A section header says the byte order of everything in its section, itself included. */
  private readByteOrder(at: number): void {
    const magic = this.window.buffer.readUInt32BE(this.window.start + 8);
    if (magic === BYTE_ORDER_MAGIC) this.littleEndian = false;
    else if (magic === 0x4d3c2b1a) this.littleEndian = true;
    else throw new PcapFormatError(at, 'unknown byte-order magic in section header', `0x${hex(magic)}`);
  }

  private readSectionHeader(start: number, at: number): void {
    if (this.read32(start + 4) < 28)
      throw new PcapFormatError(at, 'section header too short', `${this.read32(start + 4)} bytes`);
    const major = this.read16(start + 12);
    if (major !== 1) throw new PcapFormatError(at, 'unsupported pcapng version', `${major}.${this.read16(start + 14)}`);
    // Interface ids restart in every section.
    this.section = { littleEndian: this.littleEndian, interfaces: [] };
    this.onSection?.(this.section);
  }

  private readInterface(start: number, length: number, at: number): void {
    if (length < 20) throw new PcapFormatError(at, 'interface description block too short', `${length} bytes`);
    const found: PcapngInterface = {
      linkType: this.read16(start + 8),
      snapLength: this.read32(start + 12),
      unitsPerSecond: 1e6,
      offsetSeconds: 0,
    };
    // Options are lax: a malformed one ends the list, as the packets can still be read without it.
    const end = start + length - 4;
    let option = start + 16;
    while (option + 4 <= end) {
      const code = this.read16(option);
      const size = this.read16(option + 2);
      const value = option + 4;
      if (code === OPTION_END || value + size > end) break;
      if (code === OPTION_TSRESOL && size >= 1) found.unitsPerSecond = unitsPerSecond(this.window.buffer[value]!);
      else if (code === OPTION_TSOFFSET && size >= 8) {
        const high = this.read32(this.littleEndian ? value + 4 : value) | 0;
        const low = this.read32(this.littleEndian ? value : value + 4);
        found.offsetSeconds = high * 2 ** 32 + low;
      }
      option = value + ((size + 3) & ~3);
    }
    this.section.interfaces.push(found);
  }

  private readPacket(type: number, start: number, length: number, at: number): PcapRecord {
    const record = this.record;
    const simple = type === BlockType.SimplePacket;
    const minimum = simple ? 16 : 32;
    if (length < minimum)
      throw new PcapFormatError(at, `packet block too short`, `${length} bytes, at least ${minimum} needed`);
    const interfaceId = simple
      ? 0
      : type === BlockType.ObsoletePacket
        ? this.read16(start + 8)
        : this.read32(start + 8);
    const found = this.section.interfaces[interfaceId];
    if (!found) {
      throw new PcapFormatError(
        at,
        'packet for an undeclared interface',
        `interface ${interfaceId}, ${this.section.interfaces.length} declared`,
      );
    }
    const room = length - minimum;
    record.linkType = found.linkType;
    record.interfaceId = interfaceId;
    record.fileOffset = at;
    record.data = this.window.buffer;
    if (simple) {
      // No captured length in a simple packet block: it is the original length cut by the snap length.
      const original = this.read32(start + 8);
      let captured = Math.min(original, room);
      if (found.snapLength !== 0 && captured > found.snapLength) captured = found.snapLength;
      record.originalLength = original;
      record.capturedLength = captured;
      record.offset = start + 12;
      record.dataFileOffset = at + 12;
      // It carries no timestamp either.
      record.seconds = 0;
      record.nanoseconds = 0;
      return record;
    }
    const captured = this.read32(start + 20);
    if (captured > room) {
      throw new PcapFormatError(at, 'packet larger than its block', `captured length ${captured}, room for ${room}`);
    }
    setTimestamp(record, this.read32(start + 12), this.read32(start + 16), found);
    record.capturedLength = captured;
    record.originalLength = this.read32(start + 24);
    record.offset = start + 28;
    record.dataFileOffset = at + 28;
    return record;
  }

  private read32(at: number): number {
    return this.littleEndian ? this.window.buffer.readUInt32LE(at) : this.window.buffer.readUInt32BE(at);
  }

  private read16(at: number): number {
    return this.littleEndian ? this.window.buffer.readUInt16LE(at) : this.window.buffer.readUInt16BE(at);
  }
}

function isPacket(type: number): boolean {
  return type === BlockType.EnhancedPacket || type === BlockType.SimplePacket || type === BlockType.ObsoletePacket;
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function truncatedBlock(at: number, type: number, length: number, remain: number): PcapFormatError {
  const name =
    type === BlockType.EnhancedPacket
      ? 'enhanced packet block'
      : type === BlockType.SimplePacket
        ? 'simple packet block'
        : type === BlockType.SectionHeader
          ? 'section header block'
          : type === BlockType.InterfaceDescription
            ? 'interface description block'
            : `block of type 0x${hex(type)}`;
  return new PcapFormatError(at, `truncated ${name}`, `header says ${length} bytes, ${remain} remain`);
}
