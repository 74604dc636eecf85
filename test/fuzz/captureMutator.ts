// A structure-aware mutator of pcap and pcapng files: it edits the fields readers trust (magic,
// version, snap length, link type, record and block lengths, interfaces and their options, clocks,
// timestamps), adds, drops and reorders records and blocks, then sometimes cuts or edits the bytes
// at a field boundary. One seed always gives the same file.
import { LinkType } from '../../src/helper/decode/linkType';
import { cloneModel, serialise } from './captureModel';
import type { CaptureModel, PcapModel, PcapngBlock, PcapngModel, PcapngOption, Serialised } from './captureModel';
import { FuzzRandom } from './fuzzRandom';
import { seedCaptures, seedFrames } from './fuzzSeeds';

const MIB16 = 16 * 1024 * 1024;
/** Lengths at the edges readers check: headers, a frame, snap lengths, the 16 MiB limits, sign bits. */
const LENGTHS = [
  0,
  1,
  2,
  3,
  4,
  7,
  8,
  11,
  12,
  13,
  15,
  16,
  20,
  24,
  27,
  28,
  31,
  32,
  60,
  64,
  127,
  128,
  255,
  256,
  1514,
  1518,
  65535,
  65536,
  262144,
  262145,
  MIB16 - 4,
  MIB16,
  MIB16 + 1,
  MIB16 + 4,
  0x7ffffffc,
  0x7fffffff,
  0x80000000,
  0xfffffffc,
  0xffffffff,
];
const LINK_TYPES = [...Object.values(LinkType), 2, 9, 50, 104, 147, 162, 192, 220, 252, 263, 275, 0xffff];
const TIMES = [0, 1, 999_999, 1_000_000, 999_999_999, 1_000_000_000, 0x7fffffff, 0x80000000, 0xffffffff];
const TSRESOL = [
  0, 1, 3, 6, 9, 12, 15, 18, 19, 20, 30, 63, 64, 100, 127, 0x80, 0x81, 0x8a, 0x9f, 0xa0, 0xbf, 0xc0, 0xff,
];
const BLOCK_TYPES = [0, 4, 5, 7, 8, 9, 10, 0xbad, 0x40000bad, 0x80000001, 0x0a0d0d0a, 0xffffffff];

/** The file of `seed`, and what was done to it (for the report of a failure). */
export interface MutatedFile extends Serialised {
  steps: string[];
}

/** Makes the fuzzer's file number `seed`: a seed capture, mutated field by field, maybe cut or edited. */
export function mutatedCapture(seed: number): MutatedFile {
  const rng = new FuzzRandom(seed);
  const seeds = seedCaptures();
  const base = rng.int(seeds.length);
  const model = cloneModel(seeds[base]);
  const steps = [`seed capture ${base} (${model.format})`];
  const count = 1 + rng.int(rng.chance(0.2) ? 12 : 4);
  for (let i = 0; i < count; i++) {
    steps.push(model.format === 'pcap' ? mutatePcap(model, rng) : mutatePcapng(model, rng));
  }
  let file = serialise(model);
  if (rng.chance(0.4)) {
    const edited = editBytes(file, rng, seeds);
    file = edited.file;
    steps.push(edited.step);
  }
  return { ...file, steps };
}

/** A length near the data's own, or one of the edge values. */
function lengthNear(rng: FuzzRandom, actual: number): number {
  return rng.chance(0.5) ? Math.max(0, actual + rng.int(9) - 4) : rng.pick(LENGTHS);
}

function frameData(rng: FuzzRandom, data: Buffer): Buffer {
  switch (rng.int(4)) {
    case 0:
      return rng.pick(seedFrames).bytes;
    case 1:
      return data.subarray(0, rng.int(data.length + 1));
    case 2:
      return Buffer.concat([data, rng.bytes(1 + rng.int(64))]);
    default: {
      const out = Buffer.from(data);
      for (let i = 1 + rng.int(6); i > 0 && out.length; i--) out[rng.int(out.length)] = rng.int(256);
      return out;
    }
  }
}

function mutatePcap(model: PcapModel, rng: FuzzRandom): string {
  const records = model.records;
  const record = records.length ? rng.pick(records) : undefined;
  switch (rng.int(12)) {
    case 0:
      model.magic = rng.pick([
        0xa1b2c3d4,
        0xa1b23c4d,
        0xd4c3b2a1,
        0x4d3cb2a1,
        0xa1b2cd34,
        0x0a0d0d0a,
        0x1f8b0800,
        0,
        rng.u32(),
      ]);
      return `magic 0x${model.magic.toString(16)}`;
    case 1:
      model.littleEndian = !model.littleEndian;
      return 'byte order swapped';
    case 2:
      model.major = rng.pick([0, 1, 2, 3, 0xffff, rng.int(0x10000)]);
      model.minor = rng.pick([0, 1, 4, 0xffff, rng.int(0x10000)]);
      return `version ${model.major}.${model.minor}`;
    case 3:
      model.snapLength = rng.pick(LENGTHS);
      return `snap length ${model.snapLength}`;
    case 4:
      model.linkType = rng.chance(0.7)
        ? rng.pick(LINK_TYPES)
        : rng.chance(0.5)
          ? rng.pick(LINK_TYPES) | 0x10000000
          : rng.u32();
      return `link type ${model.linkType}`;
    case 5:
      model.thiszone = rng.u32();
      model.sigfigs = rng.u32();
      return 'thiszone and sigfigs';
    case 6:
      if (!record) return 'no record';
      record.capturedLength = lengthNear(rng, record.data.length);
      return `captured length ${record.capturedLength} for ${record.data.length} bytes`;
    case 7:
      if (!record) return 'no record';
      record.originalLength = lengthNear(rng, record.data.length);
      return `original length ${record.originalLength}`;
    case 8:
      if (!record) return 'no record';
      record.seconds = rng.chance(0.7) ? rng.pick(TIMES) : rng.u32();
      record.fraction = rng.chance(0.7) ? rng.pick(TIMES) : rng.u32();
      return `timestamp ${record.seconds}.${record.fraction}`;
    case 9:
      if (!record) return 'no record';
      record.data = frameData(rng, record.data);
      return `record data (${record.data.length} bytes)`;
    case 10:
      return reorder(records, rng);
    default: {
      // Many tiny records: the count, the index and paging grow with them.
      const copies = 1 + rng.int(3000);
      const template = { seconds: 1_700_000_000, fraction: 0, originalLength: 60, data: Buffer.alloc(rng.int(3)) };
      records.splice(rng.int(records.length + 1), 0, ...Array.from({ length: copies }, () => ({ ...template })));
      return `${copies} tiny records`;
    }
  }
}

/** Drops, doubles or swaps entries of a list (records or blocks). */
function reorder<T>(list: T[], rng: FuzzRandom): string {
  if (list.length === 0) return 'empty list';
  const at = rng.int(list.length);
  switch (rng.int(3)) {
    case 0:
      list.splice(at, 1 + rng.int(3));
      return `removed entries from ${at}`;
    case 1:
      list.splice(at, 0, list[at]);
      return `doubled entry ${at}`;
    default: {
      const other = rng.int(list.length);
      [list[at], list[other]] = [list[other], list[at]];
      return `swapped entries ${at} and ${other}`;
    }
  }
}

function mutateOptions(options: PcapngOption[], rng: FuzzRandom): string {
  switch (rng.int(5)) {
    case 0: {
      const value = rng.chance(0.8) ? Buffer.from([rng.pick(TSRESOL)]) : Buffer.alloc(0);
      options.push({ code: 9, value });
      return `if_tsresol ${value[0] ?? 'empty'}`;
    }
    case 1: {
      const value = rng.bytes(rng.pick([8, 8, 4, 0]));
      options.push({ code: 14, value });
      return `if_tsoffset of ${value.length} bytes`;
    }
    case 2: {
      const option = options.length ? rng.pick(options) : undefined;
      if (!option) return 'no option';
      option.length = rng.chance(0.5) ? option.value.length + 1 + rng.int(16) : rng.pick([0, 0xffff, 0x8000]);
      return `option ${option.code} claims ${option.length} bytes`;
    }
    case 3:
      options.push({ code: rng.int(0x10000), value: rng.bytes(rng.chance(0.9) ? rng.int(40) : rng.int(20000)) });
      return 'another option';
    default:
      options.splice(0, rng.int(options.length + 1));
      return 'options dropped';
  }
}

/** Edits a field of one block, by its kind. */
function mutateBlockFields(block: PcapngBlock, rng: FuzzRandom): string {
  switch (block.kind) {
    case 'shb':
      if (rng.chance(0.3)) return `section: ${mutateOptions(block.options, rng)}`;
      block.magic = rng.pick([0x4d3c2b1a, 0, rng.u32()]);
      block.major = rng.pick([0, 1, 2, 0xffff]);
      block.minor = rng.pick([0, 1, 0xffff]);
      block.sectionLength = rng.pick([0n, 12n, -1n, BigInt(rng.u32())]);
      block.endOfOptions = rng.chance(0.5);
      if (rng.chance(0.3)) block.littleEndian = !block.littleEndian;
      return `section header ${block.magic.toString(16)} v${block.major}.${block.minor}`;
    case 'idb':
      if (rng.chance(0.6)) return `interface: ${mutateOptions(block.options, rng)}`;
      block.linkType = rng.pick(LINK_TYPES);
      block.snapLength = rng.pick(LENGTHS);
      block.reserved = rng.int(0x10000);
      block.endOfOptions = rng.chance(0.5);
      return `interface link type ${block.linkType}, snap length ${block.snapLength}`;
    case 'epb':
    case 'opb':
      switch (rng.int(5)) {
        case 0:
          block.interfaceId = rng.pick([0, 1, 2, 3, 0xffff, 0xffffffff, rng.u32()]);
          return `packet of interface ${block.interfaceId}`;
        case 1:
          block.tsHigh = rng.chance(0.5) ? rng.pick(TIMES) : rng.u32();
          block.tsLow = rng.chance(0.5) ? rng.pick(TIMES) : rng.u32();
          return `packet timestamp ${block.tsHigh}:${block.tsLow}`;
        case 2:
          block.capturedLength = lengthNear(rng, block.data.length);
          block.originalLength = lengthNear(rng, block.data.length);
          return `packet lengths ${block.capturedLength}/${block.originalLength} for ${block.data.length}`;
        case 3:
          block.data = frameData(rng, block.data);
          return `packet data (${block.data.length} bytes)`;
        default:
          return `packet: ${mutateOptions(block.options, rng)}`;
      }
    case 'spb':
      if (rng.chance(0.5)) block.originalLength = lengthNear(rng, block.data.length);
      else block.data = frameData(rng, block.data);
      return `simple packet ${block.originalLength}/${block.data.length}`;
    case 'raw':
      block.type = rng.pick(BLOCK_TYPES);
      block.body = rng.chance(0.95) ? rng.bytes(rng.int(64)) : Buffer.alloc(rng.int(2 << 20));
      return `block of type 0x${block.type.toString(16)}, ${block.body.length} bytes`;
  }
}

/** Another kind of block for the same packet, or a new block of any kind. */
function newBlock(blocks: PcapngBlock[], rng: FuzzRandom): PcapngBlock {
  const frame = rng.pick(seedFrames).bytes;
  switch (rng.int(5)) {
    case 0:
      return {
        kind: 'shb',
        littleEndian: rng.chance(0.5),
        magic: 0x1a2b3c4d,
        major: 1,
        minor: 0,
        sectionLength: -1n,
        options: [],
        endOfOptions: false,
      };
    case 1: {
      const options: PcapngOption[] = rng.chance(0.5) ? [{ code: 9, value: Buffer.from([rng.pick(TSRESOL)]) }] : [];
      return {
        kind: 'idb',
        linkType: rng.pick(LINK_TYPES),
        reserved: 0,
        snapLength: rng.pick([0, 65535, 262144]),
        options,
        endOfOptions: true,
      };
    }
    case 2:
      return { kind: 'spb', originalLength: frame.length, data: frame };
    case 3: {
      const template = blocks.find((block) => block.kind === 'epb');
      const base = {
        interfaceId: 0,
        drops: 0,
        tsHigh: 0x60000,
        tsLow: rng.u32(),
        originalLength: frame.length,
        data: frame,
      };
      return { ...base, ...template, kind: rng.chance(0.5) ? 'epb' : 'opb', options: [], endOfOptions: false };
    }
    default:
      return { kind: 'raw', type: rng.pick(BLOCK_TYPES), body: rng.bytes(rng.int(48)) };
  }
}

function mutatePcapng(model: PcapngModel, rng: FuzzRandom): string {
  const blocks = model.blocks;
  const block = blocks.length ? rng.pick(blocks) : undefined;
  switch (rng.int(7)) {
    case 0:
    case 1:
    case 2:
      return block ? mutateBlockFields(block, rng) : 'no block';
    case 3:
      if (!block) return 'no block';
      if (rng.chance(0.5)) block.length = rng.chance(0.5) ? rng.pick(LENGTHS) : 12 + 4 * rng.int(64) + rng.int(4);
      else block.trailer = rng.chance(0.5) ? rng.pick(LENGTHS) : rng.u32();
      return `${block.kind} block length ${block.length ?? '-'}, trailer ${block.trailer ?? '-'}`;
    case 4: {
      const added = newBlock(blocks, rng);
      const copies = rng.chance(0.05) ? 1 + rng.int(2000) : 1;
      // Copies, not the same block many times: a later step that grows one block (to a megabyte)
      // grew all 2,000 at once, making a 1.9 GB file the fuzzer itself stalled on.
      blocks.splice(rng.int(blocks.length + 1), 0, ...Array.from({ length: copies }, () => copyOf(added)));
      return `${copies} new ${added.kind} block(s)`;
    }
    default:
      return reorder(blocks, rng);
  }
}

/** Cuts, edits, inserts or splices bytes at a field boundary (or anywhere, now and then). */
function editBytes(file: Serialised, rng: FuzzRandom, seeds: CaptureModel[]): { file: Serialised; step: string } {
  const { bytes, boundaries } = file;
  const near = () => Math.min(bytes.length, Math.max(0, rng.pick(boundaries) + rng.int(7) - 3));
  const at = rng.chance(0.85) ? near() : rng.int(bytes.length + 1);
  const keep = (out: Buffer, step: string) => ({
    file: { bytes: out, boundaries: boundaries.filter((b) => b <= out.length) },
    step,
  });
  switch (rng.int(6)) {
    case 0:
    case 1:
      return keep(bytes.subarray(0, at), `cut at ${at} of ${bytes.length}`);
    case 2: {
      const out = Buffer.from(bytes);
      const value = rng.chance(0.7) ? rng.pick(LENGTHS) : rng.u32();
      if (at + 4 <= out.length) {
        if (rng.chance(0.5)) out.writeUInt32LE(value, at);
        else out.writeUInt32BE(value, at);
      }
      return keep(out, `0x${value.toString(16)} written at ${at}`);
    }
    case 3: {
      const out = Buffer.from(bytes);
      for (let i = 1 + rng.int(8); i > 0 && out.length; i--)
        out[rng.chance(0.6) ? Math.min(out.length - 1, near()) : rng.int(out.length)] = rng.int(256);
      return keep(out, 'bytes flipped');
    }
    case 4: {
      const removed = rng.chance(0.5) ? rng.int(9) : 0;
      const inserted = removed ? Buffer.alloc(0) : rng.bytes(1 + rng.int(8));
      const out = Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at + removed)]);
      return keep(out, removed ? `${removed} bytes removed at ${at}` : `${inserted.length} bytes inserted at ${at}`);
    }
    default: {
      const other = serialise(rng.pick(seeds));
      const from = rng.pick(other.boundaries);
      return keep(
        Buffer.concat([bytes.subarray(0, at), other.bytes.subarray(from)]),
        `spliced at ${at} with another seed from ${from}`,
      );
    }
  }
}

/** A deep copy of a block model: its buffers, option lists and nested records are its own. */
function copyOf<T>(value: T): T {
  if (Buffer.isBuffer(value)) return Buffer.from(value) as T;
  if (value instanceof Uint8Array) return value.slice() as T;
  if (Array.isArray(value)) return value.map((item: unknown) => copyOf(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyOf(item)])) as T;
  }
  return value;
}
