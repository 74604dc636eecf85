import type { RecentPackets } from './recentPackets';
import type { PacketSummary } from '../../shared/model/traffic';
import { AppInfo } from '../decode/app/appInfo';
import { decodeApp } from '../decode/app/decodeApp';
import { decodePacket } from '../decode/decodePacket';
import { DecodedPacket } from '../decode/packet';
import { packetSummary } from '../decode/summary/packetColumns';
import type { TcpView } from '../decode/summary/tcpView';

/**
 * One-line summaries of the packets in the recent ring, made only when asked for (a tick, a
 * snapshot): each packet is decoded again from the bytes the ring kept, or read again from its
 * capture file by offset.
 */
export class RecentSummaries {
  private readonly packet = new DecodedPacket();
  private readonly app = new AppInfo();

  constructor(
    private readonly recent: RecentPackets,
    /** reads `capturedLength` bytes at `fileOffset` of the capture file (packets of files keep no bytes) */
    private readonly readPacket?: (fileOffset: number, capturedLength: number) => Uint8Array | undefined,
    /** how a TCP segment is numbered (relative sequence numbers, scaled window) */
    private readonly tcpView?: (packet: DecodedPacket) => TcpView | undefined,
  ) {}

  /** summaries of the packets added to the ring after the first `since` */
  since(since: number): PacketSummary[] {
    const { recent, packet, app } = this;
    const list: PacketSummary[] = [];
    for (const at of recent.positionsSince(since)) {
      const captured = recent.capturedLength[at]!;
      const bytes =
        recent.bytesPerPacket > 0
          ? recent.bytesAt(at)
          : (this.readPacket?.(recent.fileOffset[at]!, captured) ?? new Uint8Array(0));
      decodePacket(packet, recent.linkType[at]!, bytes, 0, bytes.length);
      decodeApp(packet, app);
      // The kept bytes may be fewer than were captured; the summary reports the capture's own count.
      packet.capturedLength = captured;
      const summary = packetSummary(
        packet,
        app,
        recent.frame[at]!,
        recent.time[at]!,
        recent.length[at]!,
        this.tcpView?.(packet),
      );
      const serial = recent.flowSerial[at]!;
      if (serial) summary.flowId = `f${serial}`;
      list.push(summary);
    }
    return list;
  }
}
