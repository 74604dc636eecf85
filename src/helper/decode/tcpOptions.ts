import { u16, u32 } from './bytes';
import type { DecodedPacket } from './packet';

/** TCP option kinds (IANA) that flows care about. */
export const TcpOption = {
  End: 0,
  NoOperation: 1,
  MaximumSegmentSize: 2,
  WindowScale: 3,
  SackPermitted: 4,
  Timestamps: 8,
} as const;
export type TcpOption = (typeof TcpOption)[keyof typeof TcpOption];

/** Reads the TCP options between `offset` and `end`; stops quietly at the first malformed one. */
export function readTcpOptions(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  while (offset < end) {
    const kind = data[offset]!;
    if (kind === TcpOption.End) return;
    if (kind === TcpOption.NoOperation) {
      offset++;
      continue;
    }
    if (offset + 2 > end) return;
    const length = data[offset + 1]!;
    if (length < 2 || offset + length > end) return;
    if (kind === TcpOption.MaximumSegmentSize && length === 4) packet.tcpMss = u16(data, offset + 2);
    else if (kind === TcpOption.WindowScale && length === 3) packet.tcpWindowScale = data[offset + 2]!;
    else if (kind === TcpOption.SackPermitted && length === 2) packet.tcpSackPermitted = true;
    else if (kind === TcpOption.Timestamps && length === 10) {
      packet.tcpHasTimestamps = true;
      packet.tcpTsVal = u32(data, offset + 2);
      packet.tcpTsEcr = u32(data, offset + 6);
    }
    offset += length;
  }
}
