import { u16 } from './bytes';
import { decodeEtherType } from './etherType';
import { LinkLayer } from './packet';
import type { DecodedPacket } from './packet';

/** Decodes an Ethernet II (or 802.3) frame starting at `offset`; `end` is one past its last captured byte. */
export function decodeEthernet(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  packet.link = LinkLayer.Ethernet;
  if (end - offset < 14) {
    packet.truncated = true;
    return;
  }
  packet.dstMacOffset = offset;
  packet.srcMacOffset = offset + 6;
  decodeEtherType(packet, data, u16(data, offset + 12), offset + 14, end);
}
