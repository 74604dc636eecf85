import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapMagic } from './classicPcapReader';

/** Where a writer's bytes go. */
export interface ByteSink {
  write(bytes: Buffer, length: number): void;
  close(): void;
}

/** Options for a classic pcap file. */
export interface PcapWriterOptions {
  /** LINKTYPE_* of every packet (1 Ethernet, 113 Linux SLL…) */
  linkType: number;
  /** longest packet kept, in bytes; longer ones are cut, as libpcap does */
  snapLength?: number;
  /** write the nanosecond-resolution variant (magic 0xa1b23c4d) instead of microseconds */
  nanoseconds?: boolean;
}

const BUFFER_SIZE = 1 << 20;

/**
 * Writes classic pcap (little-endian, as tcpdump -w does on x86 and ARM), which Wireshark, tshark and
 * tcpdump all read. Packets are copied into a 1 MiB buffer and written out when it fills.
 */
export class PcapWriter {
  private readonly buffer = Buffer.allocUnsafe(BUFFER_SIZE);
  private used = 0;
  private readonly snapLength: number;
  private readonly nanoseconds: boolean;

  constructor(
    private readonly sink: ByteSink,
    options: PcapWriterOptions,
  ) {
    this.snapLength = options.snapLength ?? 262144;
    this.nanoseconds = options.nanoseconds ?? false;
    const header = this.buffer;
    header.writeUInt32LE(this.nanoseconds ? PcapMagic.Nanoseconds : PcapMagic.Microseconds, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeInt32LE(0, 8); // thiszone: timestamps are UTC
    header.writeUInt32LE(0, 12); // sigfigs
    header.writeUInt32LE(this.snapLength, 16);
    header.writeUInt32LE(options.linkType, 20);
    this.used = 24;
  }

  /** Appends one packet: `capturedLength` bytes of `data` from `offset`, `originalLength` on the wire. */
  write(
    seconds: number,
    nanoseconds: number,
    data: Uint8Array,
    offset: number,
    capturedLength: number,
    originalLength = capturedLength,
  ): void {
    const length = Math.min(capturedLength, this.snapLength);
    if (this.used + 16 + length > BUFFER_SIZE) this.flush();
    const buffer = this.buffer;
    const at = this.used;
    buffer.writeUInt32LE(seconds >>> 0, at);
    buffer.writeUInt32LE(this.nanoseconds ? nanoseconds : Math.floor(nanoseconds / 1000), at + 4);
    buffer.writeUInt32LE(length, at + 8);
    buffer.writeUInt32LE(Math.max(originalLength, length), at + 12);
    if (16 + length > BUFFER_SIZE) {
      // Larger than the whole buffer: hand the header and the bytes over separately.
      this.used = at + 16;
      this.flush();
      this.sink.write(Buffer.from(data.buffer, data.byteOffset + offset, length), length);
      return;
    }
    buffer.set(data.subarray(offset, offset + length), at + 16);
    this.used = at + 16 + length;
  }

  /** Hands what is buffered to the sink. */
  flush(): void {
    if (this.used) this.sink.write(this.buffer, this.used);
    this.used = 0;
  }

  close(): void {
    this.flush();
    this.sink.close();
  }
}

/** A sink that writes to a new file at `path` (replacing it), with synchronous writes. */
export function fileSink(path: string): ByteSink {
  const fd = openSync(path, 'w');
  return {
    write(bytes, length) {
      let written = 0;
      while (written < length) written += writeSync(fd, bytes, written, length - written);
    },
    close: () => closeSync(fd),
  };
}

/** Creates `path` and writes its pcap header; write packets, then close. */
export function createPcapFile(path: string, options: PcapWriterOptions): PcapWriter {
  return new PcapWriter(fileSink(path), options);
}
