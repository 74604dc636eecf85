import { EtherType } from '../etherType';
import { decodeIpv4 } from '../ipv4';
import { decodeIpv6 } from '../ipv6';
import { LinkType } from '../linkType';
import { NetworkLayer } from '../packet';
import type { LinkDissector } from './linkDissector';

/**
 * Raw IP (no link header): LINKTYPE_RAW and the old BSD numbers read the version from the first
 * nibble; LINKTYPE_IPV4 and LINKTYPE_IPV6 are fixed to one version.
 */
export const rawIp: LinkDissector = {
  linkTypes: [LinkType.Raw, LinkType.RawBsd12, LinkType.RawBsd14, LinkType.Ipv4, LinkType.Ipv6],
  name: 'raw',
  decode(packet, data, offset, end, linkType) {
    if (end - offset < 1) {
      packet.truncated = true;
      return;
    }
    const version = linkType === LinkType.Ipv4 ? 4 : linkType === LinkType.Ipv6 ? 6 : data[offset]! >> 4;
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
  },
  dissect(b, _packet, at) {
    b.layer('raw', 'Raw packet data', at, 0);
    return at;
  },
};
