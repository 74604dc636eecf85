import type { AnalysedCaptureFile } from './analyseCaptureFile';
import type { PacketIndex } from './packetIndex';
import { PacketPager } from './packetPager';
import { PacketRecords } from './packetRecords';
import type { RegisteredCapture } from '../server/captureRegistry';
import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';
import type { TrafficSnapshot } from '../../shared/model/traffic';

/** A capture file opened by `capture/openFile`: its statistics, and its packets through the index. */
export class OpenedCaptureFile implements RegisteredCapture {
  readonly kind = 'file';
  readonly pager: PacketPager;
  private readonly records: PacketRecords;
  private cached: TrafficSnapshot | undefined;

  constructor(
    private readonly analysed: AnalysedCaptureFile,
    readonly index: PacketIndex,
  ) {
    this.records = new PacketRecords(analysed.path, index);
    this.pager = new PacketPager(this.records, (packet) => this.tcpView(packet));
  }

  tcpView(packet: DecodedPacket): TcpView | undefined {
    return this.analysed.aggregator.tcpView(packet);
  }

  get pcapPath(): string {
    return this.analysed.path;
  }

  /** A file does not change once read: its snapshot is made once. */
  snapshot(): TrafficSnapshot {
    this.cached ??= this.analysed.snapshot();
    return this.cached;
  }

  dispose(): Promise<void> {
    this.analysed.close();
    this.records.close();
    return Promise.resolve();
  }
}
