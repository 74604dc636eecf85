import { fileSource } from './byteSource';
import { ByteWindow } from './byteWindow';
import { chunksOf } from './chunkSource';
import type { ChunkSource } from './chunkSource';
import { ClassicPcapReader, PcapMagic } from './classicPcapReader';
import { PcapFormatError } from './pcapFormatError';
import { BlockType, PcapngReader } from './pcapngReader';
import type { PacketReader } from './pcapRecord';
import { readAheadFile } from './readAheadFile';
import type { ReadAheadFile, ReadAheadOptions } from './readAheadFile';

/**
 * Reads a capture from `source`, classic pcap or pcapng, told apart by the first four bytes. Over
 * a ReadAheadFile, `next` may throw chunkNotReady once the reader is made (see ByteWindow).
 */
export function openPacketReader(source: ChunkSource): PacketReader {
  const window = new ByteWindow(source);
  try {
    const available = window.fill(4);
    if (available < 4) throw new PcapFormatError(0, 'not a pcap or pcapng file', `${available} bytes long`);
    const magic = window.buffer.readUInt32BE(window.start);
    const swapped = window.buffer.readUInt32LE(window.start);
    // Readers are made synchronously: the file header is read now, and only then may reading wait.
    let reader: PacketReader | undefined;
    if (magic === BlockType.SectionHeader) reader = new PcapngReader(window);
    else if (isPcapMagic(magic) || isPcapMagic(swapped)) reader = new ClassicPcapReader(window);
    if (reader) {
      window.mayWait = true;
      return reader;
    }
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

/** A capture file read ahead by the thread pool: its reader, and the file to await while `next` throws chunkNotReady. */
export function openPcapFileReadingAhead(
  path: string,
  options?: ReadAheadOptions,
): { reader: PacketReader; file: ReadAheadFile } {
  const file = readAheadFile(path, options);
  return { reader: openPacketReader(file), file };
}

function isPcapMagic(value: number): boolean {
  return value === PcapMagic.Microseconds || value === PcapMagic.Nanoseconds;
}
