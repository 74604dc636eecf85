import { u16, u32 } from './bytes';
import { decodeIcmp } from './icmp';
import { decodeIcmpv6 } from './icmpv6';
import { ExtensionHeader, TransportLayer } from './packet';
import type { DecodedPacket } from './packet';
import { decodeTcp } from './tcp';
import { TUNNEL_BY_IP_PROTOCOL, decodeIpTunnel } from './tunnel/tunnelTables';
import { decodeUdp } from './udp';

/** IP protocol numbers (IANA) the decoders follow. */
export const IpProtocol = {
  HopByHop: 0,
  Icmp: 1,
  Tcp: 6,
  Udp: 17,
  Routing: 43,
  Fragment: 44,
  Esp: 50,
  Authentication: 51,
  Icmpv6: 58,
  NoNextHeader: 59,
  DestinationOptions: 60,
} as const;
export type IpProtocol = (typeof IpProtocol)[keyof typeof IpProtocol];

/**
 * Walks IPv6 extension headers (and AH, which IPv4 may carry too), then decodes the transport
 * header. `end` is the last captured byte IP allows, `declaredEnd` where IP says the packet ends.
 * Every header is at least 8 bytes, so the walk always advances and stops at `end`.
 */
export function decodeIpPayload(
  packet: DecodedPacket,
  data: Uint8Array,
  protocol: number,
  offset: number,
  end: number,
  declaredEnd: number,
): void {
  for (;;) {
    packet.ipProtocol = protocol;
    let kind: ExtensionHeader;
    if (protocol === IpProtocol.Authentication) kind = ExtensionHeader.Authentication;
    else if (packet.ipVersion !== 6) break;
    else if (protocol === IpProtocol.HopByHop) kind = ExtensionHeader.HopByHop;
    else if (protocol === IpProtocol.Routing) kind = ExtensionHeader.Routing;
    else if (protocol === IpProtocol.Fragment) kind = ExtensionHeader.Fragment;
    else if (protocol === IpProtocol.DestinationOptions) kind = ExtensionHeader.DestinationOptions;
    else break;
    if (packet.extensionCount < 8) packet.extensionChain |= kind << (4 * packet.extensionCount);
    packet.extensionCount++;
    if (end - offset < 8) {
      packet.truncated = true;
      return;
    }
    // AH counts its length in 4-byte words minus 2 (RFC 4302), the others in 8-byte words minus 1.
    const length =
      kind === ExtensionHeader.Authentication
        ? (data[offset + 1]! + 2) * 4
        : kind === ExtensionHeader.Fragment
          ? 8
          : (data[offset + 1]! + 1) * 8;
    protocol = data[offset]!;
    if (kind === ExtensionHeader.Fragment) {
      const field = u16(data, offset + 2);
      packet.isFragment = true;
      packet.fragmentOffset = field & 0xfff8;
      packet.moreFragments = (field & 1) !== 0;
      packet.ipId = u32(data, offset + 4);
      if (packet.fragmentOffset !== 0) {
        packet.ipProtocol = protocol;
        return;
      }
    }
    offset += length;
    if (offset > end) {
      packet.truncated = true;
      return;
    }
  }
  switch (protocol) {
    case IpProtocol.Tcp:
      decodeTcp(packet, data, offset, end, declaredEnd);
      break;
    case IpProtocol.Udp:
      decodeUdp(packet, data, offset, end, declaredEnd);
      break;
    case IpProtocol.Icmp:
      decodeIcmp(packet, data, offset, end, declaredEnd);
      break;
    case IpProtocol.Icmpv6:
      decodeIcmpv6(packet, data, offset, end, declaredEnd);
      break;
    case IpProtocol.NoNextHeader:
      break;
    case IpProtocol.Esp:
      packet.transport = TransportLayer.Esp;
      packet.transportOffset = offset;
      break;
    default:
      packet.transport = TransportLayer.Other;
      packet.transportOffset = offset;
      // GRE, IP in IP…: the tunnel modules read what they carry.
      if (TUNNEL_BY_IP_PROTOCOL[protocol] !== 0) decodeIpTunnel(packet, data, protocol, offset, end);
  }
}
