import { u32 } from '../bytes';
import { hexOf } from '../dissect/layerBuilder';
import { EtherType } from '../etherType';
import { decodeIpv4 } from '../ipv4';
import { decodeIpv6 } from '../ipv6';
import { LinkType } from '../linkType';
import { NetworkLayer } from '../packet';
import type { LinkDissector } from './linkDissector';

// AF_INET is 2 everywhere; AF_INET6 differs: 10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS.
const AF_INET = 2;
function isInet6(family: number): boolean {
  return family === 10 || family === 24 || family === 28 || family === 30;
}

/**
 * BSD null/loopback (a 4-byte address family in the capturing host's byte order) and OpenBSD loop
 * (the same, always in network order).
 */
export const nullLoopback: LinkDissector = {
  linkTypes: [LinkType.Null, LinkType.Loop],
  name: 'null',
  decode(packet, data, offset, end, linkType) {
    if (end - offset < 4) {
      packet.truncated = true;
      return;
    }
    let family = u32(data, offset);
    // Families are small numbers, so high bits set mean a little-endian host wrote it (Wireshark's test too).
    if (linkType === LinkType.Null && family > 0xffff) {
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
  },
  dissect(b, _packet, at) {
    const layer = b.layer('null', 'Null/Loopback', at, 4);
    b.field(layer, 'Family', at, 4, () => hexOf(b.u32(at), 8));
    return at + 4;
  },
};
