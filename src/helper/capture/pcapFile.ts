import { fileSource } from './byteSource';
import { ByteWindow } from './byteWindow';
import { chunksOf } from './chunkSource';
import type { ChunkSource } from './chunkSource';
import { ClassicPcapReader, PcapMagic } from './classicPcapReader';
import { PcapFormatError } from './pcapFormatError';
import { BlockType, PcapngReader } from './pcapngReader';
import type { PacketReader } from './pcapRecord';

/** Reads a capture from `source`, classic pcap or pcapng, told apart by the first four bytes. */
export function openPacketReader(source: ChunkSource): PacketReader {
  const window = new ByteWindow(source);
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

/**
 * Opens a pcap or pcapng file for reading, `chunkSize` bytes read at a time (see chunksOf); the
 * caller closes the reader.
 */
export function openPcapFile(path: string, chunkSize?: number): PacketReader {
  return openPacketReader(chunksOf(fileSource(path), chunkSize));
}

function isPcapMagic(value: number): boolean {
  return value === PcapMagic.Microseconds || value === PcapMagic.Nanoseconds;
}
