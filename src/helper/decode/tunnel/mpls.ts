import type { TunnelDissector } from './tunnelDissector';
import { beginTunnel, carryData, carryIp } from './tunnelLevel';

/**
 * MPLS (RFC 3032): a stack of 4-byte label entries up to the one marked bottom of stack, over
 * Ethernet (EtherType 0x8847, 0x8848 multicast), GRE, IP (protocol 137, RFC 4023) and UDP (6635,
 * RFC 7510). What follows carries no type, so its first nibble is read as Wireshark reads it: 4 is
 * IPv4, 6 IPv6; anything else (pseudowires among them) is left as data.
 */
export const mpls: TunnelDissector = {
  name: 'mpls',
  etherTypes: [0x8847, 0x8848],
  greProtocols: [0x8847, 0x8848],
  ipProtocols: [137],
  udpPorts: [6635],
  decode(packet, data, offset, end, id) {
    beginTunnel(packet, id, offset);
    let at = offset;
    let bottom = 0;
    while (bottom === 0 && end - at >= 4) {
      bottom = data[at + 2]! & 1;
      at += 4;
    }
    // Each whole entry is a layer of its own in tshark's tree (none: not even the first one fit).
    packet.tunnelCount = (at - offset) / 4;
    packet.tunnelLength = at - offset;
    // The stack ran out before its bottom entry, or nothing follows it.
    if (bottom === 0 || at >= end) {
      packet.truncated = true;
      return;
    }
    const nibble = data[at]! >> 4;
    if (nibble === 4 || nibble === 6) carryIp(packet, data, nibble, at, end);
    else carryData(packet, at, end);
  },
  columns: () => ({ protocol: 'MPLS', info: 'MPLS Label Switched Packet' }),
  dissect(b, packet) {
    for (let i = 0, at = packet.tunnelOffset; i < packet.tunnelCount; i++, at += 4) {
      if (!b.has(at, 4)) return;
      const entry = b.u32(at);
      const label = entry >>> 12;
      const exp = (entry >> 9) & 7;
      const bottom = (entry >> 8) & 1;
      const ttl = entry & 0xff;
      const layer = b.layer(
        'mpls',
        `MultiProtocol Label Switching Header, Label: ${label}, Exp: ${exp}, S: ${bottom}, TTL: ${ttl}`,
        at,
        4,
      );
      b.field(layer, 'MPLS Label', at, 3, () => label);
      b.field(layer, 'MPLS Experimental Bits', at + 2, 1, () => exp);
      b.field(layer, 'MPLS Bottom Of Label Stack', at + 2, 1, () => bottom);
      b.field(layer, 'MPLS TTL', at + 3, 1, () => ttl);
    }
  },
};
