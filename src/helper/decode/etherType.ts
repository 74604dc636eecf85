import { decodeArp } from './arp';
import { u16 } from './bytes';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { NetworkLayer } from './packet';
import type { DecodedPacket } from './packet';
import { TUNNEL_BY_ETHER_TYPE, decodeEtherTypeTunnel } from './tunnel/tunnelTables';

/** EtherTypes the decoders follow. */
export const EtherType = {
  Ipv4: 0x0800,
  Arp: 0x0806,
  Vlan: 0x8100,
  Ipv6: 0x86dd,
  /** 802.1ad service tag, the outer tag of QinQ */
  ServiceVlan: 0x88a8,
  /** pre-standard QinQ outer tag */
  LegacyQinQ: 0x9100,
} as const;
export type EtherType = (typeof EtherType)[keyof typeof EtherType];

/** Values below this are 802.3 lengths (Ethernet) or LLC-ish pseudo-protocols (SLL), not EtherTypes. */
const FIRST_ETHERTYPE = 0x0600;

/**
 * Decodes what follows an EtherType at `offset`: VLAN tags (any depth), then ARP, IPv4, IPv6 or a
 * tunnel registered by EtherType (MPLS). Shared by Ethernet, SLL and SLL2, whose protocol field is
 * an EtherType too, and by tunnels that carry what an EtherType names.
 */
export function decodeEtherType(
  packet: DecodedPacket,
  data: Uint8Array,
  etherType: number,
  offset: number,
  end: number,
) {
  while (etherType === EtherType.Vlan || etherType === EtherType.ServiceVlan || etherType === EtherType.LegacyQinQ) {
    if (end - offset < 4) {
      packet.etherType = etherType;
      packet.truncated = true;
      return;
    }
    const vlanId = u16(data, offset) & 0x0fff;
    if (packet.vlanCount === 0) packet.vlanOuter = vlanId;
    packet.vlanInner = vlanId;
    packet.vlanCount++;
    if (etherType === EtherType.ServiceVlan) packet.serviceTagCount++;
    etherType = u16(data, offset + 2);
    offset += 4;
  }
  packet.etherType = etherType;
  if (etherType === EtherType.Ipv4) decodeIpv4(packet, data, offset, end);
  else if (etherType === EtherType.Ipv6) decodeIpv6(packet, data, offset, end);
  else if (etherType === EtherType.Arp) decodeArp(packet, data, offset, end);
  else {
    packet.network = etherType < FIRST_ETHERTYPE ? NetworkLayer.Llc : NetworkLayer.Other;
    packet.networkOffset = offset;
    decodeEtherTypeTunnel(packet, data, etherType, offset, end);
  }
}

/** Whether decodeEtherType reads what `etherType` names (VLAN tags, ARP, IP, a tunnel's EtherType). */
export function followsEtherType(etherType: number): boolean {
  return (
    etherType === EtherType.Ipv4 ||
    etherType === EtherType.Ipv6 ||
    etherType === EtherType.Arp ||
    etherType === EtherType.Vlan ||
    etherType === EtherType.ServiceVlan ||
    etherType === EtherType.LegacyQinQ ||
    TUNNEL_BY_ETHER_TYPE[etherType] !== 0
  );
}
