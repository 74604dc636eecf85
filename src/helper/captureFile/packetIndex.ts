import type { PcapngSection } from '../capture/pcapngReader';

/** Packets per chunk: the index grows a chunk at a time, never by copying what it holds. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
/** Packets per checkpoint: every 32nd packet's start is kept whole, the others as distances from it. */
const CHECKPOINT_BITS = 5;
const CHECKPOINTS_PER_CHUNK = CHUNK >> CHECKPOINT_BITS;
/**
 * Distances fit 16 bits while 32 packets take under 64 KiB (Ethernet-sized ones do); a chunk with
 * one that does not is widened to 32 bits, where a distance that fits neither (32 packets of more
 * than 128 MiB each, more than a record may claim) is this value, its start kept in `overflow`.
 */
const NARROW_LIMIT = 0x10000;
const OVERFLOW = 0xffffffff;

/** A pcapng section: packets from `firstPacket` (0-based position) on are read with its byte order and interfaces. */
export interface IndexedSection {
  firstPacket: number;
  section: PcapngSection;
}

/**
 * Where each packet of a capture file starts (its record or block), in about 2.25 bytes per packet:
 * every 32nd start whole (a float), the others as 16-bit distances from it (32-bit in a chunk of
 * larger packets), in chunks of 65,536 packets, so 20 million packets take 45 MB and growing never
 * copies. The parts of a file read by other threads are taken as they come, not copied in. The rest
 * of what a page shows (lengths, time, link type) is read again from the record's header with the
 * packet (PacketRecords).
 */
export class PacketIndex {
  /** packets indexed; packet n (1-based frame number) is at position n - 1 */
  count = 0;
  /** pcapng sections, in file order (none for classic pcap, whose header says everything) */
  readonly sections: IndexedSection[] = [];
  /** the packets in runs: this thread's, and the parts other threads indexed, in file order */
  private readonly runs: IndexRun[] = [];
  /** the run `add` appends to; none after a part was appended (the next packet starts a run) */
  private tail: IndexRun | undefined;

  /** Adds the next packet: file offset of its record header (pcap) or block (pcapng). */
  add(start: number): void {
    let tail = this.tail;
    if (!tail) {
      tail = this.tail = new IndexRun(this.count);
      this.runs.push(tail);
    }
    tail.add(start);
    this.count++;
  }

  /** The start of the packet at `position` (0-based; frame number - 1), which must be below `count`. */
  start(position: number): number {
    const runs = this.runs;
    let at = runs.length - 1;
    while (runs[at]!.first > position) at--;
    const run = runs[at]!;
    return run.start(position - run.first);
  }

  /** Starts a pcapng section at the next packet. */
  addSection(section: PcapngSection): void {
    const last = this.sections.at(-1);
    // A section without packets is replaced by the one after it.
    if (last?.firstPacket === this.count) last.section = section;
    else this.sections.push({ firstPacket: this.count, section });
  }

  /** The pcapng section the packet at `position` is in; undefined for classic pcap. */
  sectionOf(position: number): PcapngSection | undefined {
    const sections = this.sections;
    let low = 0;
    let high = sections.length - 1;
    if (high < 0) return undefined;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (sections[middle]!.firstPacket <= position) low = middle;
      else high = middle - 1;
    }
    return sections[low]!.section;
  }

  /** The index as plain arrays, to move to another thread (one run's arrays are handed over, not copied). */
  trimmed(): PacketIndexArrays {
    if (this.runs.length === 1) return this.runs[0]!.trimmed();
    // Several runs (parts appended): the same arrays one pass would have made.
    const whole = new IndexRun(0);
    for (let position = 0; position < this.count; position++) whole.add(this.start(position));
    return whole.trimmed();
  }

  /** Adds the packets of the part of the file that came next, taking its arrays as they are. */
  append(part: PacketIndexArrays): void {
    if (part.count === 0) return;
    this.runs.push(IndexRun.adopt(part, this.count));
    this.count += part.count;
    this.tail = undefined;
  }
}

/** Packets indexed in one go, by one thread: those from position `first` on. */
class IndexRun {
  count = 0;
  deltas: (Uint16Array | Uint32Array)[] = [];
  checkpoints: Float64Array[] = [];
  /** starts whose distance from their checkpoint does not fit 32 bits, by position in the run */
  overflow = new Map<number, number>();
  /** the start of the last checkpoint, which new packets are measured from */
  private base = 0;

  constructor(readonly first: number) {}

  /** A run of a part indexed elsewhere, its arrays taken as they are. */
  static adopt(part: PacketIndexArrays, first: number): IndexRun {
    const run = new IndexRun(first);
    run.count = part.count;
    run.deltas = part.deltas;
    run.checkpoints = part.checkpoints;
    run.overflow = new Map(part.overflow);
    return run;
  }

  add(start: number): void {
    const at = this.count;
    const chunk = at >>> CHUNK_BITS;
    const inChunk = at & (CHUNK - 1);
    if (inChunk === 0) {
      this.deltas.push(new Uint16Array(CHUNK));
      this.checkpoints.push(new Float64Array(CHECKPOINTS_PER_CHUNK));
    }
    if ((at & ((1 << CHECKPOINT_BITS) - 1)) === 0) {
      this.checkpoints[chunk]![inChunk >>> CHECKPOINT_BITS] = start;
      this.base = start;
    }
    const delta = start - this.base;
    const deltas = this.deltas[chunk]!;
    if (delta >= 0 && delta < NARROW_LIMIT) deltas[inChunk] = delta;
    else this.addWide(chunk, inChunk, at, start, delta);
    this.count = at + 1;
  }

  start(position: number): number {
    const chunk = position >>> CHUNK_BITS;
    const inChunk = position & (CHUNK - 1);
    const deltas = this.deltas[chunk]!;
    const delta = deltas[inChunk]!;
    // (A 16-bit chunk never holds OVERFLOW.)
    if (delta === OVERFLOW) return this.overflow.get(position)!;
    return this.checkpoints[chunk]![inChunk >>> CHECKPOINT_BITS]! + delta;
  }

  trimmed(): PacketIndexArrays {
    const used = this.count & (CHUNK - 1);
    const last = this.deltas.length - 1;
    const trim = <T extends Uint16Array | Uint32Array | Float64Array>(arrays: T[], length: number): T[] =>
      arrays.map((array, i) => (i === last && used ? (array.slice(0, length) as T) : array));
    return {
      count: this.count,
      deltas: trim(this.deltas, used),
      checkpoints: trim(this.checkpoints, (used + (1 << CHECKPOINT_BITS) - 1) >>> CHECKPOINT_BITS),
      overflow: [...this.overflow],
    };
  }

  /** A distance that does not fit 16 bits: the chunk is widened to 32 (once), or the start kept aside. */
  private addWide(chunk: number, inChunk: number, at: number, start: number, delta: number): void {
    let deltas = this.deltas[chunk]!;
    if (deltas instanceof Uint16Array) {
      deltas = this.deltas[chunk] = Uint32Array.from(deltas);
    }
    if (delta >= 0 && delta < OVERFLOW) deltas[inChunk] = delta;
    else {
      deltas[inChunk] = OVERFLOW;
      this.overflow.set(at, start);
    }
  }
}

/** A packet index as plain arrays (see `PacketIndex.trimmed`); classic pcap only, so no sections. */
export interface PacketIndexArrays {
  count: number;
  /** per chunk of 65,536 packets, each packet's distance from its checkpoint (the last chunk trimmed) */
  deltas: (Uint16Array | Uint32Array)[];
  /** per chunk, the start of every 32nd packet */
  checkpoints: Float64Array[];
  /** [position, start] of the packets whose distance did not fit */
  overflow: [number, number][];
}
