// Info column text for ICMP (RFC 792) and ICMPv6 (RFC 4443, NDP RFC 4861, MLD RFC 3810), as
// tshark writes it.
import { u16 } from '../bytes';
import { ipv6At, macAt } from '../addressText';
import type { DecodedPacket } from '../packet';

const UNREACHABLE = [
  'Network unreachable',
  'Host unreachable',
  'Protocol unreachable',
  'Port unreachable',
  'Fragmentation needed',
  'Source route failed',
];

/** `Echo (ping) request  id=0x9d0e, seq=0/0, ttl=64` and the like. */
export function icmpInfo(packet: DecodedPacket): string {
  const at = packet.transportOffset;
  const data = packet.data;
  const end = packet.frameOffset + packet.capturedLength;
  switch (packet.icmpType) {
    case 0:
    case 8: {
      const kind = packet.icmpType === 8 ? 'request' : 'reply';
      if (end - at < 8) return `Echo (ping) ${kind}`;
      const id = u16(data, at + 4);
      const seq = u16(data, at + 6);
      const swapped = ((seq & 0xff) << 8) | (seq >> 8);
      return `Echo (ping) ${kind}  id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}/${swapped}, ttl=${packet.ttl}`;
    }
    case 3:
      return `Destination unreachable (${UNREACHABLE[packet.icmpCode] ?? `code ${packet.icmpCode}`})`;
    case 5:
      return 'Redirect';
    case 11:
      return packet.icmpCode === 1
        ? 'Time-to-live exceeded (Fragment reassembly time exceeded)'
        : 'Time-to-live exceeded (Time to live exceeded in transit)';
    case 13:
      return 'Timestamp request';
    case 14:
      return 'Timestamp reply';
    default:
      return `Type ${packet.icmpType}, code ${packet.icmpCode}`;
  }
}

/** `Neighbor Solicitation for fe80::1 from 02:…`, `Echo (ping) request id=…` and the like. */
export function icmpv6Info(packet: DecodedPacket): string {
  const at = packet.transportOffset;
  const data = packet.data;
  const end = packet.frameOffset + packet.capturedLength;
  const target = packet.ndpTargetOffset >= 0 ? ipv6At(data, packet.ndpTargetOffset) : '';
  const link = packet.ndpLinkAddressOffset >= 0 ? macAt(data, packet.ndpLinkAddressOffset) : '';
  switch (packet.icmpType) {
    case 1:
      return 'Destination Unreachable';
    case 2:
      return 'Packet Too Big';
    case 3:
      return 'Time Exceeded';
    case 128:
    case 129: {
      const kind = packet.icmpType === 128 ? 'request' : 'reply';
      if (end - at < 8) return `Echo (ping) ${kind}`;
      const id = u16(data, at + 4);
      const seq = u16(data, at + 6);
      return `Echo (ping) ${kind} id=0x${id.toString(16).padStart(4, '0')}, seq=${seq}, hop limit=${packet.ttl}`;
    }
    case 133:
      return `Router Solicitation${link ? ` from ${link}` : ''}`;
    case 134:
      return `Router Advertisement${link ? ` from ${link}` : ''}`;
    case 135:
      return `Neighbor Solicitation for ${target}${link ? ` from ${link}` : ''}`;
    case 136:
      return `Neighbor Advertisement ${target}${link ? ` is at ${link}` : ''}`;
    case 137:
      return 'Redirect';
    case 130:
      return 'Multicast Listener Query';
    case 131:
      return 'Multicast Listener Report';
    case 132:
      return 'Multicast Listener Done';
    case 143:
      return 'Multicast Listener Report Message v2';
    default:
      return `Type ${packet.icmpType}, code ${packet.icmpCode}`;
  }
}
