import { TransportLayer } from '../decode/packet';
import type { DecodedPacket } from '../decode/packet';

// Which packets tshark's taps count, so the tables can be compared with its statistics.

/**
 * Whether tshark would count the packet in its IP tables: the IP header was read whole and made
 * sense. An IPv4 header cut short or with a bad version stops the dissector before its tap.
 */
export function hasValidIpHeader(packet: DecodedPacket): boolean {
  if (packet.srcAddrOffset < 0) return false;
  // tshark's IPv6 tap does not see a later fragment it does not reassemble (IPv4's does).
  if (packet.ipVersion === 6 && packet.fragmentOffset !== 0) return false;
  if (packet.transport !== TransportLayer.None || packet.isFragment) return true;
  return !packet.malformed && (packet.ipVersion === 6 || !packet.truncated);
}

/** Whether the packet belongs to a flow: a transport header complete enough for tshark's conversation tap. */
export function hasFlow(packet: DecodedPacket): boolean {
  switch (packet.transport) {
    case TransportLayer.Tcp:
    case TransportLayer.Udp:
      return packet.payloadOffset >= 0;
    case TransportLayer.Icmp:
    case TransportLayer.Icmpv6:
      return packet.icmpType >= 0;
    case TransportLayer.Esp:
    case TransportLayer.Other:
      return true;
    default:
      return false;
  }
}
