import type { PacketRecords } from './packetRecords';
import { recordTime } from '../capture/pcapRecord';
import { AppInfo } from '../decode/app/appInfo';
import { decodeApp } from '../decode/app/decodeApp';
import { decodePacket } from '../decode/decodePacket';
import { packetDetail } from '../decode/dissect/dissectPacket';
import { DecodedPacket } from '../decode/packet';
import { packetSummary } from '../decode/summary/packetColumns';
import type { TcpView } from '../decode/summary/tcpView';
import type { PacketDetail, PacketSummary } from '../../shared/model/traffic';
import { filterTerms, packetMatches } from '../../shared/traffic/packetFilter';

/** Filters remembered (their matching frame numbers), so paging through matches does not re-read the file. */
const REMEMBERED_FILTERS = 4;
/** Packets a filter reads between two yields to the event loop (a few milliseconds of work). */
const FRAMES_PER_SLICE = 4096;

/** A filter's matches so far: frames 1…`indexed` have been read. */
interface Matches {
  indexed: number;
  frames: Uint32Array;
  count: number;
  /** the read of more frames in progress, which later pages wait for instead of starting another */
  reading?: Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Pages through the packets of a capture file without holding them: each page is read again
 * from the file through the index, decoded and summarised. A filter reads each packet once: its
 * matches (frame numbers, 4 bytes each) are kept, and a recording that grew is read on from where
 * the filter stopped. It reads in slices and yields between them, so a filter over millions of
 * packets never stalls the helper's other requests (a live capture's ticks among them).
 */
export class PacketPager {
  private readonly packet = new DecodedPacket();
  private readonly app = new AppInfo();
  private readonly matches = new Map<string, Matches>();

  constructor(
    private readonly records: PacketRecords,
    /** how a TCP segment is numbered (relative sequence numbers, scaled window), when known */
    private readonly tcpView: (packet: DecodedPacket) => TcpView | undefined = () => undefined,
  ) {}

  /** Packets `from…from+count-1` among those the filter keeps (1-based), and how many it keeps. */
  async page(from: number, count: number, filter?: string): Promise<{ packets: PacketSummary[]; total: number }> {
    const terms = filterTerms(filter);
    const packets: PacketSummary[] = [];
    // A file still being read is paged as far as it is indexed now.
    const indexed = this.records.index.count;
    if (terms.length === 0) {
      const last = Math.min(indexed, from + count - 1);
      for (let frame = Math.max(1, from); frame <= last; frame++) packets.push(this.summary(frame));
      return { packets, total: indexed };
    }
    const matched = await this.matching(terms, indexed);
    const last = Math.min(matched.count, from + count - 1);
    for (let position = Math.max(1, from); position <= last; position++) {
      packets.push(this.summary(matched.frames[position - 1]!));
    }
    return { packets, total: matched.count };
  }

  /** The packet numbered `frame` (1-based), dissected; undefined when there is none. */
  detail(frame: number): PacketDetail | undefined {
    if (!Number.isInteger(frame) || frame < 1 || frame > this.records.index.count) return undefined;
    const summary = this.summary(frame);
    return packetDetail(this.packet, this.app, summary, this.tcpView(this.packet));
  }

  /** Reads, decodes and summarises one packet; `this.packet` and `this.app` then hold it. */
  private summary(frame: number): PacketSummary {
    const record = this.records.read(frame);
    decodePacket(this.packet, record.linkType, record.data, record.offset, record.capturedLength);
    decodeApp(this.packet, this.app);
    const tcp = this.tcpView(this.packet);
    return packetSummary(this.packet, this.app, frame, recordTime(record), record.originalLength, tcp);
  }

  /** The filter's matches among frames 1…`through`. */
  private async matching(terms: string[], through: number): Promise<Matches> {
    const key = terms.join(' ');
    const matched = this.matches.get(key) ?? { indexed: 0, frames: new Uint32Array(1024), count: 0 };
    this.matches.delete(key);
    this.matches.set(key, matched);
    if (this.matches.size > REMEMBERED_FILTERS) this.matches.delete(this.matches.keys().next().value!);
    while (matched.indexed < through) {
      matched.reading ??= this.readOn(matched, terms, through).finally(() => (matched.reading = undefined));
      await matched.reading;
    }
    return matched;
  }

  /** Reads the frames the filter has not seen yet, a slice at a time. */
  private async readOn(matched: Matches, terms: string[], end: number): Promise<void> {
    for (let frame = matched.indexed + 1; frame <= end; frame++) {
      if (packetMatches(this.summary(frame), terms)) {
        if (matched.count === matched.frames.length) {
          const grown = new Uint32Array(matched.frames.length * 2);
          grown.set(matched.frames);
          matched.frames = grown;
        }
        matched.frames[matched.count++] = frame;
      }
      if (frame % FRAMES_PER_SLICE === 0) {
        matched.indexed = frame;
        await nextTurn();
      }
    }
    matched.indexed = end;
  }
}
