/**
 * A ring of the most recent packets: their numbers, times, lengths and either a copy of their
 * first bytes (live captures, whose buffer is reused) or their offset in the file (files, whose
 * packets can be read again). One-line summaries are made from these only when asked for.
 */
export class RecentPackets {
  /** packets added since the start */
  added = 0;
  readonly frame: Float64Array;
  readonly time: Float64Array;
  readonly length: Uint32Array;
  readonly capturedLength: Uint32Array;
  readonly linkType: Uint32Array;
  /** where the packet's bytes start in its capture file, -1 when not from a file */
  readonly fileOffset: Float64Array;
  /** the flow the packet belongs to (its row number), 0 for none */
  readonly flowSerial: Float64Array;
  /** how many of the packet's bytes `bytes` holds */
  readonly stored: Uint32Array;
  readonly bytes: Uint8Array;

  constructor(
    readonly size: number,
    /** bytes kept of each packet, 0 to keep none (packets from files are read again instead) */
    readonly bytesPerPacket: number,
  ) {
    this.frame = new Float64Array(size);
    this.time = new Float64Array(size);
    this.length = new Uint32Array(size);
    this.capturedLength = new Uint32Array(size);
    this.linkType = new Uint32Array(size);
    this.fileOffset = new Float64Array(size);
    this.flowSerial = new Float64Array(size);
    this.stored = new Uint32Array(size);
    this.bytes = new Uint8Array(size * bytesPerPacket);
  }

  add(
    frame: number,
    time: number,
    length: number,
    linkType: number,
    data: Uint8Array,
    offset: number,
    capturedLength: number,
    fileOffset: number,
    flowSerial: number,
  ): void {
    if (this.size === 0) return;
    const at = this.added % this.size;
    this.added++;
    this.frame[at] = frame;
    this.time[at] = time;
    this.length[at] = length;
    this.capturedLength[at] = capturedLength;
    this.linkType[at] = linkType;
    this.fileOffset[at] = fileOffset;
    this.flowSerial[at] = flowSerial;
    const keep = capturedLength < this.bytesPerPacket ? capturedLength : this.bytesPerPacket;
    this.stored[at] = keep;
    if (keep > 0) this.bytes.set(data.subarray(offset, offset + keep), at * this.bytesPerPacket);
  }

  /** the ring as plain data, to move to another thread (see `absorb`) */
  segment(): RecentSegment {
    const { added, size, bytesPerPacket, frame, time, length, capturedLength, linkType, fileOffset, flowSerial } = this;
    return {
      added,
      size,
      bytesPerPacket,
      frame,
      time,
      length,
      capturedLength,
      linkType,
      fileOffset,
      flowSerial,
      stored: this.stored,
      bytes: this.bytes,
    };
  }

  /**
   * Adds the packets of the part of the capture that came after this ring's, renumbered: frame
   * numbers after `framesBefore`, flows by `flowSerials` (row number there → here, 0 for none).
   */
  absorb(part: RecentSegment, framesBefore: number, flowSerials: Float64Array): void {
    const first = Math.max(0, part.added - part.size);
    for (let n = first; n < part.added; n++) {
      const at = n % part.size;
      const bytes = part.bytes.subarray(at * part.bytesPerPacket, at * part.bytesPerPacket + part.stored[at]!);
      const serial = part.flowSerial[at]!;
      this.add(
        part.frame[at]! + framesBefore,
        part.time[at]!,
        part.length[at]!,
        part.linkType[at]!,
        bytes,
        0,
        bytes.length,
        part.fileOffset[at]!,
        serial > 0 ? (flowSerials[serial] ?? 0) : 0,
      );
      // The ring keeps only what fitted in the other part's; the capture's own length stays.
      if (this.size > 0) this.capturedLength[(this.added - 1) % this.size] = part.capturedLength[at]!;
    }
  }

  /** ring positions of the packets added after the first `since`, oldest first (at most `size`) */
  positionsSince(since: number): number[] {
    const first = Math.max(since, this.added - this.size);
    const positions: number[] = [];
    for (let n = first; n < this.added; n++) positions.push(n % this.size);
    return positions;
  }

  /** the kept bytes of the packet at ring position `at` */
  bytesAt(at: number): Uint8Array {
    return this.bytes.subarray(at * this.bytesPerPacket, at * this.bytesPerPacket + this.stored[at]!);
  }
}

/** A recent-packets ring as plain data (see `RecentPackets.segment`). */
export interface RecentSegment {
  added: number;
  size: number;
  bytesPerPacket: number;
  frame: Float64Array;
  time: Float64Array;
  length: Uint32Array;
  capturedLength: Uint32Array;
  linkType: Uint32Array;
  fileOffset: Float64Array;
  flowSerial: Float64Array;
  stored: Uint32Array;
  bytes: Uint8Array;
}
