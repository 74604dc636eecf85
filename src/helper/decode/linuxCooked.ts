import { u16, u32 } from './bytes';
import { decodeEtherType } from './etherType';
import { LinkLayer, NetworkLayer } from './packet';
import type { DecodedPacket } from './packet';

// Link types whose protocol field is not an EtherType (a netlink family), per packet(7)/if_arp.h.
const ARPHRD_NETLINK = 824;

/** Decodes a Linux cooked capture (SLL, LINKTYPE_LINUX_SLL) header: what `tcpdump -i any` records. */
export function decodeLinuxSll(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  packet.link = LinkLayer.LinuxSll;
  if (end - offset < 16) {
    packet.truncated = true;
    return;
  }
  packet.sllPacketType = u16(data, offset);
  const hardwareType = u16(data, offset + 2);
  if (u16(data, offset + 4) === 6) packet.srcMacOffset = offset + 6;
  cookedPayload(packet, data, hardwareType, u16(data, offset + 14), offset + 16, end);
}

/** Decodes a Linux cooked capture v2 (SLL2, LINKTYPE_LINUX_SLL2) header, which adds the interface index. */
export function decodeLinuxSll2(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  packet.link = LinkLayer.LinuxSll2;
  if (end - offset < 20) {
    packet.truncated = true;
    return;
  }
  packet.sllInterfaceIndex = u32(data, offset + 4);
  const hardwareType = u16(data, offset + 8);
  packet.sllPacketType = data[offset + 10]!;
  if (data[offset + 11] === 6) packet.srcMacOffset = offset + 12;
  cookedPayload(packet, data, hardwareType, u16(data, offset), offset + 20, end);
}

function cookedPayload(
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
