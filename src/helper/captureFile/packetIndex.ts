import { grown } from '../aggregate/rowIndex';

/**
 * Where each packet of a capture file is, in about 26 bytes per packet, so a file of millions of
 * packets can be paged and dissected without holding its packets in memory: they are read again
 * from the file by offset when asked for.
 */
export class PacketIndex {
  /** packets indexed; packet n (1-based frame number) is at position n - 1 */
  count = 0;
  /** file offset of the packet's first byte */
  dataOffset = new Float64Array(1024);
  capturedLength = new Uint32Array(1024);
  /** length on the wire, in bytes */
  wireLength = new Uint32Array(1024);
  /** ms since the Unix epoch */
  time = new Float64Array(1024);
  linkType = new Uint16Array(1024);

  add(dataOffset: number, capturedLength: number, wireLength: number, time: number, linkType: number): void {
    const at = this.count;
    if (at === this.time.length) this.grow();
    this.dataOffset[at] = dataOffset;
    this.capturedLength[at] = capturedLength;
    this.wireLength[at] = wireLength;
    this.time[at] = time;
    this.linkType[at] = linkType;
    this.count = at + 1;
  }

  /** the index as arrays of exactly `count` packets, to move to another thread */
  trimmed(): PacketIndexArrays {
    const count = this.count;
    return {
      count,
      dataOffset: this.dataOffset.slice(0, count),
      capturedLength: this.capturedLength.slice(0, count),
      wireLength: this.wireLength.slice(0, count),
      time: this.time.slice(0, count),
      linkType: this.linkType.slice(0, count),
    };
  }

  /** adds the packets of the part of the file that came next */
  append(part: PacketIndexArrays): void {
    while (this.time.length < this.count + part.count) this.grow();
    const at = this.count;
    this.dataOffset.set(part.dataOffset.subarray(0, part.count), at);
    this.capturedLength.set(part.capturedLength.subarray(0, part.count), at);
    this.wireLength.set(part.wireLength.subarray(0, part.count), at);
    this.time.set(part.time.subarray(0, part.count), at);
    this.linkType.set(part.linkType.subarray(0, part.count), at);
    this.count = at + part.count;
  }

  private grow(): void {
    const size = this.time.length * 2;
    this.dataOffset = grown(this.dataOffset, size);
    this.capturedLength = grown(this.capturedLength, size);
    this.wireLength = grown(this.wireLength, size);
    this.time = grown(this.time, size);
    this.linkType = grown(this.linkType, size);
  }
}

/** A packet index as plain arrays (see `PacketIndex.trimmed`). */
export interface PacketIndexArrays {
  count: number;
  dataOffset: Float64Array;
  capturedLength: Uint32Array;
  wireLength: Uint32Array;
  time: Float64Array;
  linkType: Uint16Array;
}
