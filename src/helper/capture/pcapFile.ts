import { fileSource } from './byteSource';
import type { ByteSource } from './byteSource';
import { ByteWindow } from './byteWindow';
import { ClassicPcapReader, PcapMagic } from './classicPcapReader';
import { PcapFormatError } from './pcapFormatError';
import { BlockType, PcapngReader } from './pcapngReader';
import type { PacketReader } from './pcapRecord';

/**
 * Reads a capture from `source`, classic pcap or pcapng, told apart by the first four bytes.
 * `chunkSize` is how much is read at a time (and the window's starting size), in bytes.
 */
export function openPacketReader(source: ByteSource, chunkSize = 1 << 20): PacketReader {
  const window = new ByteWindow(source, chunkSize);
  try {
    const available = window.fill(4);
    if (available < 4) throw new PcapFormatError(0, 'not a pcap or pcapng file', `${available} bytes long`);
    const magic = window.buffer.readUInt32BE(window.start);
    const swapped = window.buffer.readUInt32LE(window.start);
    if (magic === BlockType.SectionHeader) return new PcapngReader(window);
    if (isPcapMagic(magic) || isPcapMagic(swapped)) return new ClassicPcapReader(window);
    if (magic >>> 16 === 0x1f8b) throw new PcapFormatError(0, 'gzip-compressed file', 'decompress it first');
    // The bytes themselves stay out of the message: they may be the start of any file the user can read.
    throw new PcapFormatError(0, 'not a pcap or pcapng file', "it does not start with either format's magic number");
  } catch (error) {
    window.close();
    throw error;
  }
}

/** Opens a pcap or pcapng file for reading; the caller closes the reader. */
export function openPcapFile(path: string): PacketReader {
  return openPacketReader(fileSource(path));
}

function isPcapMagic(value: number): boolean {
  return value === PcapMagic.Microseconds || value === PcapMagic.Nanoseconds;
}
