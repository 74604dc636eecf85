// Capture-file containers built field by field from the pcap and pcapng specs, for the reader
// tests (the packets inside are the hand-made frames).

/** A classic pcap file header. */
export function pcapHeader(littleEndian: boolean, nanoseconds: boolean, linkType: number, snapLength = 262144): Buffer {
  const header = Buffer.alloc(24);
  const magic = nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4;
  const u32 = (value: number, at: number) =>
    littleEndian ? header.writeUInt32LE(value, at) : header.writeUInt32BE(value, at);
  const u16 = (value: number, at: number) =>
    littleEndian ? header.writeUInt16LE(value, at) : header.writeUInt16BE(value, at);
  u32(magic, 0);
  u16(2, 4); // version 2.4
  u16(4, 6);
  u32(snapLength, 16);
  u32(linkType, 20);
  return header;
}

/** A classic pcap record: 16-byte header, then the bytes. */
export function pcapRecord(
  littleEndian: boolean,
  seconds: number,
  fraction: number,
  data: Buffer,
  originalLength = data.length,
): Buffer {
  const header = Buffer.alloc(16);
  const values = [seconds, fraction, data.length, originalLength];
  values.forEach((value, i) =>
    littleEndian ? header.writeUInt32LE(value, i * 4) : header.writeUInt32BE(value, i * 4),
  );
  return Buffer.concat([header, data]);
}

/** Writes pcapng blocks in one byte order. */
export class PcapngBuilder {
  constructor(readonly littleEndian: boolean) {}

  u16(value: number): Buffer {
    const b = Buffer.alloc(2);
    if (this.littleEndian) b.writeUInt16LE(value);
    else b.writeUInt16BE(value);
    return b;
  }

  u32(value: number): Buffer {
    const b = Buffer.alloc(4);
    if (this.littleEndian) b.writeUInt32LE(value >>> 0);
    else b.writeUInt32BE(value >>> 0);
    return b;
  }

  /** type, total length, body padded to 4 bytes, total length again */
  block(type: number, body: Buffer): Buffer {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
    const length = padded.length + 12;
    return Buffer.concat([this.u32(type), this.u32(length), padded, this.u32(length)]);
  }

  option(code: number, value: Buffer): Buffer {
    const padded = Buffer.concat([value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
    return Buffer.concat([this.u16(code), this.u16(value.length), padded]);
  }

  sectionHeader(): Buffer {
    const sectionLength = Buffer.alloc(8, 0xff); // -1: not given
    return this.block(0x0a0d0d0a, Buffer.concat([this.u32(0x1a2b3c4d), this.u16(1), this.u16(0), sectionLength]));
  }

  interfaceDescription(linkType: number, snapLength: number, options: Buffer[] = []): Buffer {
    const end = options.length ? [this.option(0, Buffer.alloc(0))] : [];
    return this.block(1, Buffer.concat([this.u16(linkType), this.u16(0), this.u32(snapLength), ...options, ...end]));
  }

  enhancedPacket(interfaceId: number, timestamp: bigint, data: Buffer, originalLength = data.length): Buffer {
    return this.block(
      6,
      Buffer.concat([
        this.u32(interfaceId),
        this.u32(Number(timestamp >> 32n)),
        this.u32(Number(timestamp & 0xffffffffn)),
        this.u32(data.length),
        this.u32(originalLength),
        data,
      ]),
    );
  }

  obsoletePacket(interfaceId: number, timestamp: bigint, data: Buffer): Buffer {
    return this.block(
      2,
      Buffer.concat([
        this.u16(interfaceId),
        this.u16(0),
        this.u32(Number(timestamp >> 32n)),
        this.u32(Number(timestamp & 0xffffffffn)),
        this.u32(data.length),
        this.u32(data.length),
        data,
      ]),
    );
  }

  simplePacket(data: Buffer, originalLength = data.length): Buffer {
    return this.block(3, Buffer.concat([this.u32(originalLength), data]));
  }
}
