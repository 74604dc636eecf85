import type { PacketIndex } from './packetIndex';
import type { PacketAggregator } from '../aggregate/packetAggregator';
import { openPcapFile } from '../capture/pcapFile';
import { PcapFormatError } from '../capture/pcapFormatError';
import { decodePacket } from '../decode/decodePacket';
import { DecodedPacket } from '../decode/packet';

/** How to read a capture file. */
export interface ReadCaptureOptions {
  aggregator: PacketAggregator;
  /** filled with every packet's place in the file, for paging and dissection later */
  index?: PacketIndex;
  /** stops the read early; the result then says `cancelled` */
  signal?: AbortSignal;
  /** packets read between yields to the event loop, so cancellation and other requests get through */
  batch?: number;
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
}

/**
 * Reads a pcap or pcapng file packet by packet into `aggregator` (and `index`), decoding each in
 * place. A file that is not a capture at all throws PcapFormatError; one that goes bad midway
 * keeps what was read before and reports the error with its offset.
 */
export async function readCaptureFile(path: string, options: ReadCaptureOptions): Promise<ReadCaptureResult> {
  const { aggregator, index, signal } = options;
  const batch = options.batch ?? 65536;
  const reader = openPcapFile(path);
  const packet = new DecodedPacket();
  const linkTypes: number[] = [];
  let lastLinkType = -1;
  let packets = 0;
  let error: PcapFormatError | undefined;
  try {
    for (;;) {
      if (signal?.aborted) return { format: reader.format, linkTypes, packets, cancelled: true };
      let record;
      try {
        for (let n = 0; n < batch; n++) {
          record = reader.next();
          if (!record) break;
          const linkType = record.linkType;
          if (linkType !== lastLinkType) {
            lastLinkType = linkType;
            if (!linkTypes.includes(linkType)) linkTypes.push(linkType);
          }
          const time = record.seconds * 1000 + record.nanoseconds / 1e6;
          decodePacket(packet, linkType, record.data, record.offset, record.capturedLength);
          aggregator.add(packet, time, record.originalLength, record.dataFileOffset);
          index?.add(record.dataFileOffset, record.capturedLength, record.originalLength, time, linkType);
          packets++;
        }
      } catch (caught) {
        if (!(caught instanceof PcapFormatError)) throw caught;
        error = caught;
        break;
      }
      if (!record) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { format: reader.format, linkTypes, packets, cancelled: false, ...(error ? { error } : {}) };
  } finally {
    reader.close();
  }
}
