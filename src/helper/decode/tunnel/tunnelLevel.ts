// How a tunnel module hands on what it carries. The packet record always describes the innermost
// layers (so application decoding, columns, names and flows see the traffic inside the tunnel);
// crossing a tunnel moves the layers decoded so far into an outer record (`packet.outer`), which
// the aggregator counts too (tshark's taps see every IP header) and the details pane shows.
import { decodeArp } from '../arp';
import { EtherType, decodeEtherType, followsEtherType } from '../etherType';
import { decodeIpv4 } from '../ipv4';
import { decodeIpv6 } from '../ipv6';
import { decodeEthernet } from '../link/ethernet';
import { linkEntry } from '../link/linkRegistry';
import { LinkType } from '../linkType';
import { DecodedPacket, TransportLayer } from '../packet';

/**
 * Tunnels inside tunnels are followed this deep; what a deeper one carries is left as data. Each
 * level costs one record copy, so a hostile packet nesting tunnels costs bounded work.
 */
export const MAX_TUNNEL_DEPTH = 8;
/** Transparent Ethernet Bridging: a GRE or GENEVE payload that is an Ethernet frame. */
export const TRANSPARENT_ETHERNET = 0x6558;
const ETHERNET_LINK = linkEntry(LinkType.Ethernet).id;

/**
 * Marks the record's layers as ending in tunnel `id`'s header at `offset`. What the transport
 * carried is the tunnel's now, so no application decoder reads it. `shown` is how many of its
 * headers tshark shows (its protocol tree holds them); 0 for one cut short before it could show it
 * (its name is still in `frame.protocols`).
 */
export function beginTunnel(packet: DecodedPacket, id: number, offset: number, shown = 1): void {
  packet.tunnel = id;
  packet.tunnelOffset = offset;
  packet.tunnelCount = shown;
  packet.payloadLength = 0;
}

/**
 * Crosses the tunnel: the layers decoded so far become the next outer record and `packet` is
 * cleared for what the tunnel carries. False (and nothing moved) when nested too deep.
 */
export function enterTunnel(packet: DecodedPacket): boolean {
  const depth = packet.tunnelDepth;
  if (depth >= MAX_TUNNEL_DEPTH) return false;
  let outer = packet.outer[depth];
  if (outer === undefined) {
    outer = new DecodedPacket();
    packet.outer.push(outer);
  }
  outer.copyFrom(packet);
  const { data, linkType, frameOffset, capturedLength } = packet;
  packet.reset();
  packet.data = data;
  packet.linkType = linkType;
  packet.frameOffset = frameOffset;
  packet.capturedLength = capturedLength;
  packet.tunnelDepth = depth + 1;
  return true;
}

/**
 * Where the layers below say a tunnel's bytes end (past `end`, the last captured one, when the
 * snap length cut the frame): tunnels that carry nothing at all are told from ones cut short.
 */
export function declaredEnd(packet: DecodedPacket, end: number): number {
  if (packet.transport === TransportLayer.Udp) return packet.payloadOffset + packet.payloadDeclaredLength;
  if (packet.ipVersion !== 0 && packet.ipLength > 0) return packet.networkOffset + packet.ipLength;
  return end;
}

/** Leaves `offset..end` undecoded (tshark's `data`), when there is something there. */
export function carryData(packet: DecodedPacket, offset: number, end: number): void {
  if (end > offset) packet.tunnelDataOffset = offset;
}

/** The tunnel carries an Ethernet frame (without FCS) at `offset..end`. */
export function carryEthernet(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  if (!enterTunnel(packet)) {
    if (end - offset < 14) packet.truncated = true;
    else carryData(packet, offset, end);
    return;
  }
  // Too short for its header, the frame is entered but shows no layer (tshark: the tunnel, then malformed).
  packet.link = ETHERNET_LINK;
  decodeEthernet(packet, data, offset, end);
}

/** The tunnel carries an IPv4 (`version` 4) or IPv6 packet at `offset..end`. */
export function carryIp(packet: DecodedPacket, data: Uint8Array, version: number, offset: number, end: number): void {
  if (end <= offset) {
    packet.truncated = true;
    return;
  }
  if (!enterTunnel(packet)) return carryData(packet, offset, end);
  packet.etherType = version === 4 ? EtherType.Ipv4 : EtherType.Ipv6;
  if (version === 4) decodeIpv4(packet, data, offset, end);
  else decodeIpv6(packet, data, offset, end);
}

/**
 * The tunnel carries what `etherType` names, as Ethernet's EtherType table reads it (GENEVE):
 * VLAN tags, ARP, IP, MPLS… and Transparent Ethernet Bridging. False when nothing here reads it.
 */
export function carryEtherType(
  packet: DecodedPacket,
  data: Uint8Array,
  etherType: number,
  offset: number,
  end: number,
): boolean {
  if (etherType === TRANSPARENT_ETHERNET) carryEthernet(packet, data, offset, end);
  else if (!followsEtherType(etherType)) return false;
  else if (end <= offset) packet.truncated = true;
  else if (!enterTunnel(packet)) carryData(packet, offset, end);
  else decodeEtherType(packet, data, etherType, offset, end);
  return true;
}

/** The tunnel carries an ARP message at `offset..end`. */
export function carryArp(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  if (end <= offset) {
    packet.truncated = true;
    return;
  }
  if (!enterTunnel(packet)) return carryData(packet, offset, end);
  packet.etherType = EtherType.Arp;
  decodeArp(packet, data, offset, end);
}
