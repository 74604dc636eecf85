import { TransportLayer } from './packet';
import type { DecodedPacket } from './packet';
import { setPayload } from './payload';

/** ICMPv6 types (RFC 4443, RFC 4861) the decoder looks into. */
export const Icmpv6Type = {
  RouterSolicitation: 133,
  RouterAdvertisement: 134,
  NeighborSolicitation: 135,
  NeighborAdvertisement: 136,
} as const;
export type Icmpv6Type = (typeof Icmpv6Type)[keyof typeof Icmpv6Type];

// NDP options that carry a link-layer address (RFC 4861 §4.6.1).
const SOURCE_LINK_ADDRESS = 1;
const TARGET_LINK_ADDRESS = 2;

/**
 * Decodes an ICMPv6 header: type and code, and for neighbour discovery the target address and
 * the first link-layer address option, which tell who is on the link without asking.
 */
export function decodeIcmpv6(
  packet: DecodedPacket,
  data: Uint8Array,
  offset: number,
  end: number,
  declaredEnd: number,
) {
  packet.transport = TransportLayer.Icmpv6;
  packet.transportOffset = offset;
  if (end - offset < 2) {
    packet.truncated = true;
    return;
  }
  const type = data[offset]!;
  packet.icmpType = type;
  packet.icmpCode = data[offset + 1]!;
  if (end - offset < 8) {
    packet.truncated = true;
    return;
  }
  setPayload(packet, offset + 8, end, declaredEnd);
  let options: number;
  if (type === Icmpv6Type.NeighborSolicitation || type === Icmpv6Type.NeighborAdvertisement) {
    if (end - offset < 24) {
      packet.truncated = true;
      return;
    }
    packet.ndpTargetOffset = offset + 8;
    options = offset + 24;
  } else if (type === Icmpv6Type.RouterSolicitation) options = offset + 8;
  else if (type === Icmpv6Type.RouterAdvertisement) options = offset + 16;
  else return;
  // Each option's length is in 8-byte units and never 0 (RFC 4861), so the walk always advances.
  while (end - options >= 8) {
    const optionType = data[options]!;
    const units = data[options + 1]!;
    if (units === 0) return;
    if ((optionType === SOURCE_LINK_ADDRESS || optionType === TARGET_LINK_ADDRESS) && units === 1) {
      packet.ndpLinkAddressOffset = options + 2;
      return;
    }
    options += units * 8;
  }
}
