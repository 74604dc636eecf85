import { u16, u32 } from './bytes';
import { decodeIpPayload } from './ipPayload';
import { NetworkLayer } from './packet';
import type { DecodedPacket } from './packet';

/** Decodes an IPv4 header (RFC 791) at `offset` and, for unfragmented or first fragments, what it carries. */
export function decodeIpv4(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  packet.network = NetworkLayer.Ipv4;
  packet.networkOffset = offset;
  packet.ipVersion = 4;
  if (end - offset < 20) {
    packet.truncated = true;
    return;
  }
  const versionAndLength = data[offset]!;
  const headerLength = (versionAndLength & 0x0f) * 4;
  const totalLength = u16(data, offset + 2);
  const fragment = u16(data, offset + 6);
  packet.ipHeaderLength = headerLength;
  packet.ipId = u16(data, offset + 4);
  packet.ttl = data[offset + 8]!;
  packet.ipProtocol = data[offset + 9]!;
  packet.srcAddrOffset = offset + 12;
  packet.dstAddrOffset = offset + 16;
  packet.srcIpv4 = u32(data, offset + 12);
  packet.dstIpv4 = u32(data, offset + 16);
  // Segmentation offload hands libpcap packets whose total length is still 0: the capture is all there is.
  const declaredEnd = totalLength === 0 ? end : offset + totalLength;
  packet.ipLength = declaredEnd - offset;
  if (versionAndLength >> 4 !== 4 || headerLength < 20 || (totalLength !== 0 && totalLength < headerLength)) {
    packet.malformed = true;
    return;
  }
  // Only a header that makes sense says it is a fragment (tshark stops at a bogus one, before its taps).
  packet.fragmentOffset = (fragment & 0x1fff) * 8;
  packet.moreFragments = (fragment & 0x2000) !== 0;
  packet.isFragment = packet.moreFragments || packet.fragmentOffset !== 0;
  if (end - offset < headerLength) {
    packet.truncated = true;
    return;
  }
  // Later fragments hold the middle of the upper-layer packet, not its header.
  if (packet.fragmentOffset !== 0) return;
  decodeIpPayload(
    packet,
    data,
    packet.ipProtocol,
    offset + headerLength,
    declaredEnd < end ? declaredEnd : end,
    declaredEnd,
  );
}
