import { u16, u32 } from './bytes';
import { TransportLayer } from './packet';
import type { DecodedPacket } from './packet';
import { setPayload } from './payload';
import { readTcpOptions } from './tcpOptions';

/** Decodes a TCP header (RFC 9293) at `offset`: ports, sequence numbers, flags, window, options, payload. */
export function decodeTcp(packet: DecodedPacket, data: Uint8Array, offset: number, end: number, declaredEnd: number) {
  packet.transport = TransportLayer.Tcp;
  packet.transportOffset = offset;
  // Lax: a snap length that cuts the header still leaves the ports, which is what flows need.
  if (end - offset < 4) {
    packet.truncated = true;
    return;
  }
  packet.srcPort = u16(data, offset);
  packet.dstPort = u16(data, offset + 2);
  if (end - offset < 20) {
    packet.truncated = true;
    return;
  }
  packet.tcpSeq = u32(data, offset + 4);
  packet.tcpAck = u32(data, offset + 8);
  const headerLength = (data[offset + 12]! >> 4) * 4;
  packet.tcpFlags = ((data[offset + 12]! & 1) << 8) | data[offset + 13]!;
  packet.tcpWindow = u16(data, offset + 14);
  packet.tcpHeaderLength = headerLength;
  if (headerLength < 20) {
    packet.malformed = true;
    return;
  }
  if (end - offset < headerLength) {
    packet.truncated = true;
    readTcpOptions(packet, data, offset + 20, end);
    return;
  }
  readTcpOptions(packet, data, offset + 20, offset + headerLength);
  setPayload(packet, offset + headerLength, end, declaredEnd);
}
