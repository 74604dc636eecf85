import { macAt } from '../addressText';
import { u16 } from '../bytes';
import { etherTypeText } from '../dissect/fieldNames';
import { decodeEtherType } from '../etherType';
import { LinkType } from '../linkType';
import { NetworkLayer } from '../packet';
import type { DecodedPacket } from '../packet';
import type { LinkDissector } from './linkDissector';

// Link types whose protocol field is not an EtherType (a netlink family), per packet(7)/if_arp.h.
const ARPHRD_NETLINK = 824;

/** Linux cooked capture (SLL, LINKTYPE_LINUX_SLL): what `tcpdump -i any` records. */
export const linuxSll: LinkDissector = {
  linkTypes: [LinkType.LinuxSll],
  name: 'sll',
  decode(packet, data, offset, end) {
    if (end - offset < 16) {
      packet.truncated = true;
      return;
    }
    packet.sllPacketType = u16(data, offset);
    const hardwareType = u16(data, offset + 2);
    if (u16(data, offset + 4) === 6) packet.srcMacOffset = offset + 6;
    cookedPayload(packet, data, hardwareType, u16(data, offset + 14), offset + 16, end);
  },
  dissect(b, packet, at) {
    const layer = b.layer('sll', 'Linux cooked capture v1', at, 16);
    b.field(layer, 'Packet type', at, 2, () => b.u16(at));
    b.field(layer, 'Link-layer address type', at + 2, 2, () => b.u16(at + 2));
    b.field(layer, 'Link-layer address length', at + 4, 2, () => b.u16(at + 4));
    if (packet.srcMacOffset >= 0) b.field(layer, 'Source', at + 6, 6, () => macAt(b.data, at + 6));
    b.field(layer, 'Protocol', at + 14, 2, () => etherTypeText(b.u16(at + 14)));
    return at + 16 + 4 * packet.vlanCount;
  },
};

/** What follows a cooked header: an EtherType's payload, or a netlink message (not decoded). */
export function cookedPayload(
  packet: DecodedPacket,
  data: Uint8Array,
  hardwareType: number,
  protocol: number,
  offset: number,
  end: number,
): void {
  if (hardwareType === ARPHRD_NETLINK) {
    packet.etherType = protocol;
    packet.network = NetworkLayer.Other;
    packet.networkOffset = offset;
    return;
  }
  decodeEtherType(packet, data, protocol, offset, end);
}
