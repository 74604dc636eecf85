import type { PacketBytes } from './packetBytes';
import type { PacketIndex } from './packetIndex';
import { AppInfo } from '../decode/app/appInfo';
import { decodeApp } from '../decode/app/decodeApp';
import { decodePacket } from '../decode/decodePacket';
import { packetDetail } from '../decode/dissect/dissectPacket';
import { DecodedPacket } from '../decode/packet';
import { packetSummary } from '../decode/summary/packetColumns';
import type { PacketDetail, PacketSummary } from '../../shared/model/traffic';
import { filterTerms, packetMatches } from '../../shared/traffic/packetFilter';

/** Filters remembered (their matching frame numbers), so paging through matches does not re-read the file. */
const REMEMBERED_FILTERS = 4;

/**
 * Pages through the packets of a capture file without holding them: each page is read again
 * from the file through the index, decoded and summarised. A filter is run over the whole file
 * once and its matches (frame numbers, 4 bytes each) kept for the next pages.
 */
export class PacketPager {
  private readonly packet = new DecodedPacket();
  private readonly app = new AppInfo();
  private readonly matches = new Map<string, { indexed: number; frames: Uint32Array; count: number }>();

  constructor(
    private readonly index: PacketIndex,
    private readonly bytes: PacketBytes,
  ) {}

  /** Packets `from…from+count-1` among those the filter keeps (1-based), and how many it keeps. */
  page(from: number, count: number, filter?: string): { packets: PacketSummary[]; total: number } {
    const terms = filterTerms(filter);
    const packets: PacketSummary[] = [];
    if (terms.length === 0) {
      const last = Math.min(this.index.count, from + count - 1);
      for (let frame = Math.max(1, from); frame <= last; frame++) packets.push(this.summary(frame));
      return { packets, total: this.index.count };
    }
    const matched = this.matching(terms);
    const last = Math.min(matched.count, from + count - 1);
    for (let position = Math.max(1, from); position <= last; position++) {
      packets.push(this.summary(matched.frames[position - 1]!));
    }
    return { packets, total: matched.count };
  }

  /** The packet numbered `frame` (1-based), dissected; undefined when there is none. */
  detail(frame: number): PacketDetail | undefined {
    if (!Number.isInteger(frame) || frame < 1 || frame > this.index.count) return undefined;
    const summary = this.summary(frame);
    return packetDetail(this.packet, this.app, summary);
  }

  /** Reads, decodes and summarises one packet; `this.packet` and `this.app` then hold it. */
  private summary(frame: number): PacketSummary {
    const at = frame - 1;
    const index = this.index;
    const data = this.bytes.read(index.dataOffset[at]!, index.capturedLength[at]!);
    decodePacket(this.packet, index.linkType[at]!, data, 0, data.length);
    decodeApp(this.packet, this.app);
    return packetSummary(this.packet, this.app, frame, index.time[at]!, index.wireLength[at]!);
  }

  private matching(terms: string[]): { frames: Uint32Array; count: number } {
    const key = terms.join(' ');
    let matched = this.matches.get(key);
    if (!matched || matched.indexed !== this.index.count) {
      const frames = new Uint32Array(this.index.count);
      let count = 0;
      for (let frame = 1; frame <= this.index.count; frame++) {
        if (packetMatches(this.summary(frame), terms)) frames[count++] = frame;
      }
      matched = { indexed: this.index.count, frames: frames.slice(0, count), count };
      this.matches.delete(key);
      this.matches.set(key, matched);
      if (this.matches.size > REMEMBERED_FILTERS) this.matches.delete(this.matches.keys().next().value!);
    }
    return matched;
  }
}
