import { u16 } from './bytes';
import { decodeIpPayload } from './ipPayload';
import { NetworkLayer } from './packet';
import type { DecodedPacket } from './packet';

/** Decodes an IPv6 header (RFC 8200) at `offset`, then its extension headers and what they carry. */
export function decodeIpv6(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  packet.network = NetworkLayer.Ipv6;
  packet.networkOffset = offset;
  packet.ipVersion = 6;
  if (end - offset < 40) {
    packet.truncated = true;
    return;
  }
  const payloadLength = u16(data, offset + 4);
  packet.ipHeaderLength = 40;
  packet.ipProtocol = data[offset + 6]!;
  packet.ttl = data[offset + 7]!;
  packet.srcAddrOffset = offset + 8;
  packet.dstAddrOffset = offset + 24;
  // 0 means a jumbogram or an offloaded segment: the capture is all there is.
  const declaredEnd = payloadLength === 0 ? end : offset + 40 + payloadLength;
  packet.ipLength = declaredEnd - offset;
  if (data[offset]! >> 4 !== 6) {
    packet.malformed = true;
    return;
  }
  decodeIpPayload(packet, data, packet.ipProtocol, offset + 40, declaredEnd < end ? declaredEnd : end, declaredEnd);
}
