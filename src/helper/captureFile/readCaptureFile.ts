import type { PacketIndex } from './packetIndex';
import type { PacketAggregator } from '../aggregate/packetAggregator';
import { ClassicPcapReader } from '../capture/classicPcapReader';
import { openPcapFile } from '../capture/pcapFile';
import { PcapFormatError } from '../capture/pcapFormatError';
import { PcapngReader } from '../capture/pcapngReader';
import { recordTime } from '../capture/pcapRecord';
import { decodePacket } from '../decode/decodePacket';
import { DecodedPacket } from '../decode/packet';
import type { PacketReader } from '../capture/pcapRecord';

/** How to read a capture file. */
export interface ReadCaptureOptions {
  aggregator: PacketAggregator;
  /** filled with every packet's place in the file, for paging and dissection later */
  index?: PacketIndex;
  /** stops the read early; the result then says `cancelled` */
  signal?: AbortSignal;
  /** packets read between yields to the event loop, so cancellation and other requests get through */
  batch?: number;
  /** file offset of the record to start at (classic pcap only): the start of a part of the file */
  from?: number;
  /** stops before the first record that starts at or after this file offset: the end of a part */
  until?: number;
  /** asked before each batch: true stops the read there (not cancelled; `stoppedAt` says where) */
  stop?: () => boolean;
  /** bytes read at a time (see chunksOf; tests make them tiny) */
  chunkSize?: number;
}

/** What reading a capture file gave. */
export interface ReadCaptureResult {
  format: 'pcap' | 'pcapng';
  /** LINKTYPE_* values seen, in order of first appearance */
  linkTypes: number[];
  /** packets read (and aggregated) */
  packets: number;
  cancelled: boolean;
  /** the file was malformed from this point on; the packets before it were read and counted */
  error?: PcapFormatError;
  /** file offset of the first record not read (the file's length when read to the end) */
  stoppedAt: number;
  /** how the file was read, when in parts (for `lanlens stats --verbose`) */
  parts?: PartTiming[];
}

/** One part of a file read in parts: where, by which thread, and when (ms since the read began). */
export interface PartTiming {
  from: number;
  packets: number;
  /** when its thread began reading and when it finished */
  startMs: number;
  endMs: number;
  /** folding it into the first part's tables took this long */
  mergeMs?: number;
}

/**
 * Reads a pcap or pcapng file packet by packet into `aggregator` (and `index`), decoding each in
 * place. A file that is not a capture at all throws PcapFormatError; one that goes bad midway
 * keeps what was read before and reports the error with its offset. The file is read in place, a
 * chunk at a time, by this thread, so a chunk is still in its processor's cache when decoded (why
 * not ahead in the thread pool: docs/ARCHITECTURE.md, "A capture file is read in place").
 */
export async function readCaptureFile(path: string, options: ReadCaptureOptions): Promise<ReadCaptureResult> {
  const { aggregator, index, signal } = options;
  const batch = options.batch ?? 16384;
  const reader = openPcapFile(path, options.chunkSize);
  reader.until = options.until ?? Infinity;
  if (options.from !== undefined) {
    if (!(reader instanceof ClassicPcapReader)) {
      reader.close();
      throw new Error('only classic pcap files can be read from the middle');
    }
    reader.seek(options.from);
  }
  if (index && reader instanceof PcapngReader) reader.onSection = (section) => index.addSection(section);
  const packet = new DecodedPacket();
  const state: ReadState = { linkTypes: [], lastLinkType: -1, packets: 0 };
  let error: PcapFormatError | undefined;
  try {
    for (;;) {
      if (signal?.aborted) {
        const { linkTypes, packets } = state;
        return { format: reader.format, linkTypes, packets, cancelled: true, stoppedAt: reader.position };
      }
      if (options.stop?.()) break;
      let done = false;
      try {
        done = readBatch(reader, state, packet, aggregator, index, batch) < batch;
      } catch (caught) {
        if (!(caught instanceof PcapFormatError)) throw caught;
        error = caught;
        break;
      }
      if (done) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      format: reader.format,
      linkTypes: state.linkTypes,
      packets: state.packets,
      cancelled: false,
      stoppedAt: error ? error.offset : reader.position,
      ...(error ? { error } : {}),
    };
  } finally {
    reader.close();
  }
}

/** What a read carries from one batch to the next. */
interface ReadState {
  linkTypes: number[];
  lastLinkType: number;
  packets: number;
}

/**
 * Reads up to `batch` packets; returns how many (fewer only at the end of the file or part). The
 * hot loop sits apart from the asynchronous one around it, so once optimised it never meets code
 * it has not run yet (the yield after a batch), which would send it back to the interpreter.
 */
function readBatch(
  reader: PacketReader,
  state: ReadState,
  // Arguments rather than fields of `state`: loads before the loop run once, before V8 has feedback
  // for them (it allocates that lazily), and an optimised readBatch would leave on the next call.
  packet: DecodedPacket,
  aggregator: PacketAggregator,
  index: PacketIndex | undefined,
  batch: number,
): number {
  let n = 0;
  for (; n < batch; n++) {
    const record = reader.next();
    if (!record) break;
    const linkType = record.linkType;
    if (linkType !== state.lastLinkType) {
      state.lastLinkType = linkType;
      if (!state.linkTypes.includes(linkType)) state.linkTypes.push(linkType);
    }
    decodePacket(packet, linkType, record.data, record.offset, record.capturedLength);
    aggregator.add(packet, recordTime(record), record.originalLength, record.dataFileOffset);
    index?.add(record.fileOffset);
    state.packets++;
  }
  return n;
}
