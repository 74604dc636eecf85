import { macAt } from '../addressText';
import { u16, u32 } from '../bytes';
import { hexOf } from '../dissect/layerBuilder';
import { LinkType } from '../linkType';
import type { LinkDissector } from './linkDissector';
import { cookedPayload } from './linuxSll';

/** Linux cooked capture v2 (SLL2, LINKTYPE_LINUX_SLL2): SLL with the interface index. */
export const linuxSll2: LinkDissector = {
  linkTypes: [LinkType.LinuxSll2],
  name: 'sll',
  decode(packet, data, offset, end) {
    if (end - offset < 20) {
      packet.truncated = true;
      return;
    }
    packet.sllInterfaceIndex = u32(data, offset + 4);
    const hardwareType = u16(data, offset + 8);
    packet.sllPacketType = data[offset + 10]!;
    if (data[offset + 11] === 6) packet.srcMacOffset = offset + 12;
    cookedPayload(packet, data, hardwareType, u16(data, offset), offset + 20, end);
  },
  dissect(b, packet, at) {
    const layer = b.layer('sll', 'Linux cooked capture v2', at, 20);
    b.field(layer, 'Protocol', at, 2, () => hexOf(b.u16(at), 4));
    b.field(layer, 'Interface index', at + 4, 4, () => b.u32(at + 4));
    b.field(layer, 'Link-layer address type', at + 8, 2, () => b.u16(at + 8));
    b.field(layer, 'Packet type', at + 10, 1, () => b.u8(at + 10));
    if (packet.srcMacOffset >= 0) b.field(layer, 'Source', at + 12, 6, () => macAt(b.data, at + 12));
    return at + 20 + 4 * packet.vlanCount;
  },
};
