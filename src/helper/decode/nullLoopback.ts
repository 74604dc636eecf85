import { u32 } from './bytes';
import { EtherType } from './etherType';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { LinkLayer, NetworkLayer } from './packet';
import type { DecodedPacket } from './packet';

// AF_INET is 2 everywhere; AF_INET6 differs: 10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS.
const AF_INET = 2;
function isInet6(family: number): boolean {
  return family === 10 || family === 24 || family === 28 || family === 30;
}

/**
 * Decodes BSD null/loopback (family in the capturing host's byte order) or, with `bigEndian`,
 * OpenBSD loop (always network order).
 */
export function decodeNull(
  packet: DecodedPacket,
  data: Uint8Array,
  offset: number,
  end: number,
  bigEndian: boolean,
): void {
  packet.link = LinkLayer.Null;
  if (end - offset < 4) {
    packet.truncated = true;
    return;
  }
  let family = u32(data, offset);
  // Families are small numbers, so high bits set mean a little-endian host wrote it (Wireshark's test too).
  if (!bigEndian && family > 0xffff) {
    family = ((family & 0xff) << 24) | ((family & 0xff00) << 8) | ((family >>> 8) & 0xff00) | (family >>> 24);
    family >>>= 0;
  }
  if (family === AF_INET) {
    packet.etherType = EtherType.Ipv4;
    decodeIpv4(packet, data, offset + 4, end);
  } else if (isInet6(family)) {
    packet.etherType = EtherType.Ipv6;
    decodeIpv6(packet, data, offset + 4, end);
  } else {
    packet.network = NetworkLayer.Other;
    packet.networkOffset = offset + 4;
  }
}
