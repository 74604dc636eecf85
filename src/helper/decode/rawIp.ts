import { EtherType } from './etherType';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { LinkLayer, NetworkLayer } from './packet';
import type { DecodedPacket } from './packet';

/**
 * Decodes a raw IP frame (no link header). `version` is 4 or 6 for link types fixed to one
 * version, 0 to read it from the first nibble.
 */
export function decodeRawIp(packet: DecodedPacket, data: Uint8Array, offset: number, end: number, version: number) {
  packet.link = LinkLayer.Raw;
  if (end - offset < 1) {
    packet.truncated = true;
    return;
  }
  if (version === 0) version = data[offset]! >> 4;
  if (version === 4) {
    packet.etherType = EtherType.Ipv4;
    decodeIpv4(packet, data, offset, end);
  } else if (version === 6) {
    packet.etherType = EtherType.Ipv6;
    decodeIpv6(packet, data, offset, end);
  } else {
    packet.network = NetworkLayer.Other;
    packet.networkOffset = offset;
  }
}
