// Capture files as editable structures (classic pcap: header and records; pcapng: typed blocks),
// so the fuzzer mutates fields rather than blind bytes, and their serialisation with the offset of
// every field, so truncations and byte edits land on boundaries.

/** A classic pcap record; `capturedLength` set means the header lies about the bytes that follow. */
export interface PcapRecordModel {
  seconds: number;
  /** micro- or nanoseconds, as the magic says */
  fraction: number;
  capturedLength?: number;
  originalLength: number;
  data: Buffer;
}

/** A classic pcap file. */
export interface PcapModel {
  format: 'pcap';
  littleEndian: boolean;
  /** written in the file's byte order: 0xa1b2c3d4 or 0xa1b23c4d unless mutated */
  magic: number;
  major: number;
  minor: number;
  thiszone: number;
  sigfigs: number;
  snapLength: number;
  linkType: number;
  records: PcapRecordModel[];
}

/** One pcapng option; `length` set means its length field lies. */
export interface PcapngOption {
  code: number;
  value: Buffer;
  length?: number;
}

/** What every block may have wrong in its frame: the type, the leading or trailing length. */
export interface BlockFrame {
  length?: number;
  trailer?: number;
}

/** A pcapng block, by kind; `raw` is any other type (name resolution, statistics, custom…). */
export type PcapngBlock = BlockFrame &
  (
    | {
        kind: 'shb';
        littleEndian: boolean;
        magic: number;
        major: number;
        minor: number;
        sectionLength: bigint;
        options: PcapngOption[];
        endOfOptions: boolean;
      }
    | {
        kind: 'idb';
        linkType: number;
        reserved: number;
        snapLength: number;
        options: PcapngOption[];
        endOfOptions: boolean;
      }
    | {
        kind: 'epb' | 'opb';
        interfaceId: number;
        /** obsolete packet blocks only: the drops counter beside the 16-bit interface id */
        drops: number;
        tsHigh: number;
        tsLow: number;
        capturedLength?: number;
        originalLength: number;
        data: Buffer;
        options: PcapngOption[];
        endOfOptions: boolean;
      }
    | { kind: 'spb'; originalLength: number; data: Buffer }
    | { kind: 'raw'; type: number; body: Buffer }
  );

/** A pcapng file: blocks in order, each section in the byte order of its header. */
export interface PcapngModel {
  format: 'pcapng';
  blocks: PcapngBlock[];
}

/** Either format. */
export type CaptureModel = PcapModel | PcapngModel;

/** Serialised bytes and where each header, field and block starts. */
export interface Serialised {
  bytes: Buffer;
  boundaries: number[];
}

export const BLOCK_TYPE = { shb: 0x0a0d0d0a, idb: 1, opb: 2, spb: 3, epb: 6 } as const;

/** Appends numbers and bytes in a byte order that can change mid-file, noting field starts. */
class Writer {
  private readonly parts: Buffer[] = [];
  private size = 0;
  readonly boundaries: number[] = [];
  littleEndian = true;

  get offset(): number {
    return this.size;
  }

  mark(): void {
    this.boundaries.push(this.size);
  }

  u16(value: number): void {
    const b = Buffer.alloc(2);
    if (this.littleEndian) b.writeUInt16LE(value & 0xffff);
    else b.writeUInt16BE(value & 0xffff);
    this.bytes(b);
  }

  u32(value: number): void {
    const b = Buffer.alloc(4);
    if (this.littleEndian) b.writeUInt32LE(value >>> 0);
    else b.writeUInt32BE(value >>> 0);
    this.bytes(b);
  }

  u64(value: bigint): void {
    const b = Buffer.alloc(8);
    if (this.littleEndian) b.writeBigUInt64LE(BigInt.asUintN(64, value));
    else b.writeBigUInt64BE(BigInt.asUintN(64, value));
    this.bytes(b);
  }

  bytes(value: Buffer): void {
    this.mark();
    this.parts.push(value);
    this.size += value.length;
  }

  pad(): void {
    const extra = (4 - (this.size % 4)) % 4;
    if (extra) this.bytes(Buffer.alloc(extra));
  }

  done(): Serialised {
    this.mark();
    return { bytes: Buffer.concat(this.parts), boundaries: [...new Set(this.boundaries)] };
  }
}

/** The file's bytes and its field boundaries. */
export function serialise(model: CaptureModel): Serialised {
  const out = new Writer();
  if (model.format === 'pcap') writePcap(out, model);
  else for (const block of model.blocks) writeBlock(out, block);
  return out.done();
}

function writePcap(out: Writer, model: PcapModel): void {
  out.littleEndian = model.littleEndian;
  out.u32(model.magic);
  out.u16(model.major);
  out.u16(model.minor);
  out.u32(model.thiszone);
  out.u32(model.sigfigs);
  out.u32(model.snapLength);
  out.u32(model.linkType);
  for (const record of model.records) {
    out.u32(record.seconds);
    out.u32(record.fraction);
    out.u32(record.capturedLength ?? record.data.length);
    out.u32(record.originalLength);
    out.bytes(record.data);
  }
}

/** A block's body (after type and length, before the trailer), written to its own writer. */
function blockBody(block: PcapngBlock, littleEndian: boolean): Serialised {
  const body = new Writer();
  body.littleEndian = littleEndian;
  switch (block.kind) {
    case 'shb':
      body.u32(block.magic);
      body.u16(block.major);
      body.u16(block.minor);
      body.u64(block.sectionLength);
      writeOptions(body, block.options, block.endOfOptions);
      break;
    case 'idb':
      body.u16(block.linkType);
      body.u16(block.reserved);
      body.u32(block.snapLength);
      writeOptions(body, block.options, block.endOfOptions);
      break;
    case 'epb':
    case 'opb':
      if (block.kind === 'epb') body.u32(block.interfaceId);
      else {
        body.u16(block.interfaceId);
        body.u16(block.drops);
      }
      body.u32(block.tsHigh);
      body.u32(block.tsLow);
      body.u32(block.capturedLength ?? block.data.length);
      body.u32(block.originalLength);
      body.bytes(block.data);
      body.pad();
      writeOptions(body, block.options, block.endOfOptions);
      break;
    case 'spb':
      body.u32(block.originalLength);
      body.bytes(block.data);
      body.pad();
      break;
    case 'raw':
      body.bytes(block.body);
      body.pad();
      break;
  }
  return body.done();
}

function writeBlock(out: Writer, block: PcapngBlock): void {
  if (block.kind === 'shb') out.littleEndian = block.littleEndian;
  const body = blockBody(block, out.littleEndian);
  const length = body.bytes.length + 12;
  const start = out.offset;
  out.u32(block.kind === 'raw' ? block.type : BLOCK_TYPE[block.kind]);
  out.u32(block.length ?? length);
  out.bytes(body.bytes);
  for (const at of body.boundaries) out.boundaries.push(start + 8 + at);
  out.u32(block.trailer ?? block.length ?? length);
}

function writeOptions(out: Writer, options: PcapngOption[], endOfOptions: boolean): void {
  for (const option of options) {
    out.u16(option.code);
    out.u16(option.length ?? option.value.length);
    out.bytes(option.value);
    out.pad();
  }
  if (endOfOptions) out.u32(0);
}

/** Parses a well-formed classic pcap file (a seed) into its model. */
export function parsePcap(bytes: Buffer): PcapModel {
  const magic = bytes.readUInt32LE(0);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const u32 = (at: number) => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const u16 = (at: number) => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const model: PcapModel = {
    format: 'pcap',
    littleEndian,
    magic: u32(0),
    major: u16(4),
    minor: u16(6),
    thiszone: u32(8),
    sigfigs: u32(12),
    snapLength: u32(16),
    linkType: u32(20),
    records: [],
  };
  for (let at = 24; at + 16 <= bytes.length;) {
    const captured = u32(at + 8);
    const data = Buffer.from(bytes.subarray(at + 16, at + 16 + captured));
    model.records.push({ seconds: u32(at), fraction: u32(at + 4), originalLength: u32(at + 12), data });
    at += 16 + captured;
  }
  return model;
}

/** A deep copy, so mutating a seed's copy leaves the seed as it was. */
export function cloneModel(model: CaptureModel): CaptureModel {
  if (model.format === 'pcap') {
    return { ...model, records: model.records.map((record) => ({ ...record, data: Buffer.from(record.data) })) };
  }
  return { format: 'pcapng', blocks: model.blocks.map(cloneBlock) };
}

function cloneBlock(block: PcapngBlock): PcapngBlock {
  const options = (list: PcapngOption[]) => list.map((option) => ({ ...option, value: Buffer.from(option.value) }));
  switch (block.kind) {
    case 'shb':
    case 'idb':
      return { ...block, options: options(block.options) };
    case 'epb':
    case 'opb':
      return { ...block, data: Buffer.from(block.data), options: options(block.options) };
    case 'spb':
      return { ...block, data: Buffer.from(block.data) };
    case 'raw':
      return { ...block, body: Buffer.from(block.body) };
  }
}
