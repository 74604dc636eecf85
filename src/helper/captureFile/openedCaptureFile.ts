import { analyseCaptureFile } from './analyseCaptureFile';
import type { AnalyseOptions, AnalysedCaptureFile } from './analyseCaptureFile';
import { PacketIndex } from './packetIndex';
import { PacketPager } from './packetPager';
import { PacketRecords } from './packetRecords';
import { holdWorkers } from './partWorkers';
import type { PacketAggregator } from '../aggregate/packetAggregator';
import type { RegisteredCapture } from '../server/captureRegistry';
import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';
import type { CaptureRows, CaptureRowsTable } from '../../shared/captureFileProtocol';
import type { TrafficSnapshot } from '../../shared/model/traffic';
import { FILE_VIEW_LIMITS } from '../../shared/traffic/trafficLimits';

/**
 * A capture file opened by `capture/openFile`: its packets are paged from the moment reading
 * begins (as far as they are indexed), its statistics once the whole file is read.
 */
export class OpenedCaptureFile implements RegisteredCapture {
  readonly kind = 'file';
  readonly index = new PacketIndex();
  readonly pager: PacketPager;
  private readonly records: PacketRecords;
  /** the tables as they are read, then whole */
  private tables: PacketAggregator | undefined;
  private analysed: AnalysedCaptureFile | undefined;
  /** stops the read when the file is closed before it was read whole */
  private readonly closing = new AbortController();
  /** the part workers stay warm while the file is open: the next file opened reads at full speed */
  private readonly releaseWorkers = holdWorkers();

  constructor(readonly pcapPath: string) {
    this.records = new PacketRecords(pcapPath, this.index);
    this.pager = new PacketPager(this.records, (packet) => this.tcpView(packet));
  }

  /** true until the whole file has been read */
  get reading(): boolean {
    return !this.analysed;
  }

  /**
   * Reads the whole file (cancelled by `signal` or by `dispose`); throws CaptureFileError when it
   * cannot be read at all.
   */
  async read(options: Pick<AnalyseOptions, 'signal' | 'threads'>): Promise<AnalysedCaptureFile> {
    const signal = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
    const analysed = await analyseCaptureFile(this.pcapPath, {
      // No recent-packets ring: its snapshot carries none (the packets are paged through the index).
      limits: { recentPackets: 0 },
      index: this.index,
      signal,
      threads: options.threads,
      onTables: (tables) => (this.tables = tables),
    });
    if (this.closing.signal.aborted || analysed.read.cancelled) analysed.close();
    else this.analysed = analysed;
    return analysed;
  }

  tcpView(packet: DecodedPacket): TcpView | undefined {
    return this.tables?.tcpView(packet);
  }

  /**
   * The file's statistics as its dashboard shows them (FILE_VIEW_LIMITS): each table cut to what a
   * view keeps (the rows with the most bytes), so a file of millions of flows is not sent whole to be
   * cut there, and no IP conversations; `rows` pages whole tables. No recent packets: a file's
   * packets are paged (`capture/packets`), and their summaries cost a read of the file each and,
   * with Info's arrows, made the whole answer two-byte text, slower to send and parse.
   */
  snapshot(): TrafficSnapshot {
    return this.whole().snapshot(false, FILE_VIEW_LIMITS);
  }

  /** Rows `from…from+count-1` (1-based) of a whole table, and how many there are. */
  rows(table: CaptureRowsTable, from: number, count: number): CaptureRows {
    return this.whole().aggregator.tableRows(table, from, count);
  }

  /** The file read whole; throws while it is still being read (the handlers refuse before). */
  private whole(): AnalysedCaptureFile {
    if (!this.analysed) throw new Error(`${this.pcapPath} is still being read`);
    return this.analysed;
  }

  dispose(): Promise<void> {
    this.closing.abort();
    this.releaseWorkers();
    this.analysed?.close();
    this.records.close();
    return Promise.resolve();
  }
}
