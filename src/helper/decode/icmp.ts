import { TransportLayer } from './packet';
import type { DecodedPacket } from './packet';
import { setPayload } from './payload';

/** Decodes an ICMP header (RFC 792): type and code; the payload starts after the 8-byte header. */
export function decodeIcmp(packet: DecodedPacket, data: Uint8Array, offset: number, end: number, declaredEnd: number) {
  packet.transport = TransportLayer.Icmp;
  packet.transportOffset = offset;
  if (end - offset < 2) {
    packet.truncated = true;
    return;
  }
  packet.icmpType = data[offset]!;
  packet.icmpCode = data[offset + 1]!;
  if (end - offset < 8) {
    packet.truncated = true;
    return;
  }
  setPayload(packet, offset + 8, end, declaredEnd);
}
