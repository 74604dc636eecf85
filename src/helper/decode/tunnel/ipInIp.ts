import type { TunnelDissector } from './tunnelDissector';
import { beginTunnel, carryIp, declaredEnd } from './tunnelLevel';

/** Protocol numbers of IPv4 (RFC 2003) and IPv6 (RFC 4213, 6in4) carried right inside IP. */
const IPV4_IN_IP = 4;
const IPV6_IN_IP = 41;

/**
 * IP in IP: an IPv4 or IPv6 packet right after another IP header, with no header of its own (so
 * no name in the hierarchy: tshark shows `ip:ip`, `ip:ipv6`). An empty payload is left alone.
 */
export const ipInIp: TunnelDissector = {
  name: '',
  ipProtocols: [IPV4_IN_IP, IPV6_IN_IP],
  decode(packet, data, offset, end, id) {
    beginTunnel(packet, id, offset);
    if (declaredEnd(packet, end) <= offset) return;
    carryIp(packet, data, packet.ipProtocol === IPV4_IN_IP ? 4 : 6, offset, end);
  },
  columns: (packet) => ({ protocol: packet.ipVersion === 4 ? 'IPv4' : 'IPv6', info: '' }),
  dissect: () => undefined,
};
