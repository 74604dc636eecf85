import { u16 } from '../bytes';
import { hexOf } from '../dissect/layerBuilder';
import { EtherType } from '../etherType';
import { TUNNEL_BY_GRE_PROTOCOL, TUNNEL_DECODERS } from './tunnelTables';
import type { TunnelDissector } from './tunnelDissector';
import {
  TRANSPARENT_ETHERNET,
  beginTunnel,
  carryArp,
  carryData,
  carryEthernet,
  carryIp,
  declaredEnd,
  enterTunnel,
} from './tunnelLevel';
import { encapsulatedName } from './tunnelText';

/** GRE header flags (RFC 2784; key and sequence number RFC 2890; routing RFC 1701). */
export const GreFlag = { Checksum: 0x8000, Routing: 0x4000, Key: 0x2000, Sequence: 0x1000 } as const;

/**
 * GRE (RFC 2784 and 2890, with RFC 1701's routing): over IP (protocol 47) and in UDP (4754,
 * RFC 8086). Carries what its protocol type names: IPv4, IPv6, ARP, Ethernet (0x6558, gretap), or a
 * tunnel registered by GRE protocol type (ERSPAN, MPLS).
 */
export const gre: TunnelDissector = {
  name: 'gre',
  ipProtocols: [47],
  udpPorts: [4754],
  decode(packet, data, offset, end, id) {
    // Without its flags and protocol type tshark shows no GRE layer at all.
    if (end - offset < 4) {
      beginTunnel(packet, id, offset, 0);
      packet.truncated = true;
      return;
    }
    beginTunnel(packet, id, offset);
    const at = greHeaderEnd(data, offset, end);
    if (at < 0) {
      packet.truncated = true;
      return;
    }
    packet.tunnelLength = at - offset;
    const flags = u16(data, offset);
    // Nothing carried and no sequence number: a keepalive, GRE alone (with one, tshark reads on).
    if (declaredEnd(packet, end) <= at && (flags & GreFlag.Sequence) === 0) return;
    const protocol = u16(data, offset + 2);
    switch (protocol) {
      case EtherType.Ipv4:
        return carryIp(packet, data, 4, at, end);
      case EtherType.Ipv6:
        return carryIp(packet, data, 6, at, end);
      case EtherType.Arp:
        return carryArp(packet, data, at, end);
      case TRANSPARENT_ETHERNET:
        return carryEthernet(packet, data, at, end);
    }
    // A type nobody reads stays inside GRE's own layer: tshark's hierarchy shows no data after it.
    const inner = TUNNEL_BY_GRE_PROTOCOL[protocol]!;
    if (inner === 0) return;
    // The tunnel inside (ERSPAN, MPLS) is a level of its own; it is told GRE's flags and type.
    if (!enterTunnel(packet)) carryData(packet, at, end);
    else TUNNEL_DECODERS[inner]!(packet, data, at, end, inner, flags * 0x10000 + protocol);
  },
  columns: (packet) => ({
    protocol: 'GRE',
    info: `Encapsulated ${encapsulatedName(u16(packet.data, packet.tunnelOffset + 2))}`,
  }),
  dissect(b, packet) {
    const at = packet.tunnelOffset;
    const flags = b.u16(at);
    const name = encapsulatedName(b.u16(at + 2));
    const layer = b.layer('gre', `Generic Routing Encapsulation (${name})`, at, packet.tunnelLength || 4);
    b.field(layer, 'Flags and Version', at, 2, () => hexOf(flags, 4));
    b.field(layer, 'Protocol Type', at + 2, 2, () => `${name} (${hexOf(b.u16(at + 2), 4)})`);
    let field = at + 4;
    if (flags & (GreFlag.Checksum | GreFlag.Routing)) {
      const here = field;
      // Present when either bit is set (RFC 1701), as tshark shows them.
      b.field(layer, 'Checksum', here, 2, () => hexOf(b.u16(here), 4));
      b.field(layer, 'Offset', here + 2, 2, () => b.u16(here + 2));
      field += 4;
    }
    for (const [bit, label] of [
      [GreFlag.Key, 'Key'],
      [GreFlag.Sequence, 'Sequence Number'],
    ] as const) {
      if ((flags & bit) === 0) continue;
      const here = field;
      b.field(layer, label, here, 4, () => (bit === GreFlag.Key ? hexOf(b.u32(here), 8) : b.u32(here)));
      field += 4;
    }
  },
};

/**
 * Where the GRE header at `offset` ends: past the fields its flags announce and any routing entries
 * (up to the empty one), or -1 when that is beyond `end`. Each entry is at least 4 bytes.
 */
export function greHeaderEnd(data: Uint8Array, offset: number, end: number): number {
  const flags = u16(data, offset);
  let at = offset + 4;
  if (flags & (GreFlag.Checksum | GreFlag.Routing)) at += 4;
  if (flags & GreFlag.Key) at += 4;
  if (flags & GreFlag.Sequence) at += 4;
  if (at > end) return -1;
  if ((flags & GreFlag.Routing) === 0) return at;
  for (;;) {
    if (end - at < 4) return -1;
    const family = u16(data, at);
    const length = data[at + 3]!;
    at += 4;
    if (family === 0 && length === 0) return at;
    at += length;
    if (at > end) return -1;
  }
}
