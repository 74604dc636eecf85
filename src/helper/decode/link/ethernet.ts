import { macAt } from '../addressText';
import { u16 } from '../bytes';
import { etherTypeText } from '../dissect/fieldNames';
import { decodeEtherType } from '../etherType';
import { LinkType } from '../linkType';
import type { DecodedPacket } from '../packet';
import type { LinkDissector } from './linkDissector';

/** Ethernet II (or 802.3): destination and source MAC, then an EtherType (or a length). */
export const ethernet: LinkDissector = {
  linkTypes: [LinkType.Ethernet],
  name: 'eth',
  decode: decodeEthernet,
  dissect(b, packet, at) {
    const src = b.has(at + 6, 6) ? macAt(b.data, at + 6) : '?';
    const dst = b.has(at, 6) ? macAt(b.data, at) : '?';
    const layer = b.layer('eth', `Ethernet II, Src: ${src}, Dst: ${dst}`, at, 14);
    b.field(layer, 'Destination', at, 6, () => dst);
    b.field(layer, 'Source', at + 6, 6, () => src);
    b.field(layer, packet.vlanCount ? 'Type (tag)' : 'Type', at + 12, 2, () => etherTypeText(b.u16(at + 12)));
    return at + 14 + 4 * packet.vlanCount;
  },
};

/** Decodes an Ethernet II (or 802.3) frame starting at `offset`; `end` is one past its last captured byte. */
export function decodeEthernet(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  if (end - offset < 14) {
    packet.truncated = true;
    return;
  }
  packet.dstMacOffset = offset;
  packet.srcMacOffset = offset + 6;
  decodeEtherType(packet, data, u16(data, offset + 12), offset + 14, end);
}
