import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from '../capture/byteSource';

/** How a classic pcap file's record headers read: from its file header. */
export interface PcapLayout {
  littleEndian: boolean;
  /** 1000 when timestamps are in microseconds, 1 in nanoseconds */
  nanosPerUnit: number;
  /** the largest captured length a sane record claims */
  maxPacket: number;
  /** the first record's seconds, so far-off timestamps give away bytes that only look like a header */
  firstSeconds: number;
}

const RECORD_HEADER = 16;
/** consecutive plausible headers that make a place a record boundary */
const CHAIN = 8;
/** how far past the wanted offset to look */
const SEARCH = 1 << 20;
const READ = 4 << 20;
/** ten years, in seconds */
const TIME_SPAN = 10 * 365 * 86400;

/**
 * A record boundary of a classic pcap file at or after `around`, found without reading what comes
 * before it (pcap records carry no sync marker): the first place where CHAIN headers in a row are
 * plausible (sub-second field in range, captured ≤ original length ≤ limits, time within years of
 * the first packet's) and each ends where the next begins, or the last ends at the end of the file.
 * Bytes that merely look like such a chain are possible in a hostile file, so the reader of the part
 * before must end exactly here for the split to be used (see readInParts). Undefined when none is
 * found within a megabyte.
 */
export function findRecordBoundary(
  path: string,
  layout: PcapLayout,
  around: number,
  fileSize: number,
): number | undefined {
  const length = Math.min(READ, fileSize - around);
  if (length < RECORD_HEADER) return undefined;
  const bytes = Buffer.allocUnsafe(length);
  const fd = openRegularFile(path);
  let got = 0;
  try {
    while (got < length) {
      const count = readSync(fd, bytes, got, length - got, around + got);
      if (count === 0) break;
      got += count;
    }
  } finally {
    closeSync(fd);
  }
  const atFileEnd = around + got === fileSize;
  const limit = Math.min(SEARCH, got - RECORD_HEADER);
  for (let start = 0; start <= limit; start++) {
    if (chainHolds(bytes, got, start, layout, atFileEnd)) return around + start;
  }
  return undefined;
}

function chainHolds(bytes: Buffer, got: number, start: number, layout: PcapLayout, atFileEnd: boolean): boolean {
  const read32 = (at: number) => (layout.littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const subsecondLimit = layout.nanosPerUnit === 1 ? 1e9 : 1e6;
  let at = start;
  for (let count = 0; count < CHAIN; count++) {
    if (at === got) return atFileEnd || count >= 3;
    if (at + RECORD_HEADER > got) return !atFileEnd && count >= 3;
    const seconds = read32(at);
    const subsecond = read32(at + 4);
    const captured = read32(at + 8);
    const original = read32(at + 12);
    if (subsecond >= subsecondLimit || captured > layout.maxPacket || original < captured || original === 0) {
      return false;
    }
    if (Math.abs(seconds - layout.firstSeconds) > TIME_SPAN) return false;
    at += RECORD_HEADER + captured;
    if (at > got) return !atFileEnd && count >= 2;
  }
  return true;
}
