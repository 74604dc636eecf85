import { linkPathOf } from './link/linkPaths';
import { ExtensionHeader, NetworkLayer, TransportLayer } from './packet';
import type { DecodedPacket } from './packet';
import { TUNNEL_NAMES } from './tunnel/tunnelRegistry';

// Names as Wireshark's `frame.protocols` spells them, so hierarchies compare with tshark's directly
// (the aggregator's protocol hierarchy uses the same names; link-layer names are the modules').
export const NETWORK_NAMES: Record<NetworkLayer, string | undefined> = {
  [NetworkLayer.None]: undefined,
  [NetworkLayer.Arp]: 'arp',
  [NetworkLayer.Ipv4]: 'ip',
  [NetworkLayer.Ipv6]: 'ipv6',
  [NetworkLayer.Llc]: 'llc',
  [NetworkLayer.Other]: undefined,
};
const EXTENSION_NAMES: Record<ExtensionHeader, string> = {
  [ExtensionHeader.HopByHop]: 'ipv6.hopopts',
  [ExtensionHeader.Routing]: 'ipv6.routing',
  [ExtensionHeader.Fragment]: 'ipv6.fraghdr',
  [ExtensionHeader.DestinationOptions]: 'ipv6.dstopts',
  [ExtensionHeader.Authentication]: 'ah',
};
export const TRANSPORT_NAMES: Record<TransportLayer, string | undefined> = {
  [TransportLayer.None]: undefined,
  [TransportLayer.Tcp]: 'tcp',
  [TransportLayer.Udp]: 'udp',
  [TransportLayer.Icmp]: 'icmp',
  [TransportLayer.Icmpv6]: 'icmpv6',
  [TransportLayer.Esp]: 'esp',
  [TransportLayer.Other]: undefined,
};

/**
 * The decoded layers, outermost first (`['eth', 'vlan', 'ip', 'tcp']`), through any tunnels
 * (`['eth', 'ip', 'udp', 'vxlan', 'eth', 'ip', 'tcp']`). Allocates: for summaries and tests, not per packet.
 */
export function protocolStack(packet: DecodedPacket): string[] {
  const stack: string[] = [];
  for (let i = 0; i < packet.tunnelDepth; i++) recordStack(packet.outer[i]!, stack);
  recordStack(packet, stack);
  return stack;
}

/** One record's layers: link, tags, network, extension headers, transport, then its tunnel (named once). */
function recordStack(packet: DecodedPacket, stack: string[]): void {
  const push = (name: string | undefined) => name && stack.push(name);
  stack.push(...(linkPathOf(packet)?.protocols ?? []));
  for (let i = 0; i < packet.vlanCount; i++) stack.push(i < packet.serviceTagCount ? 'ieee8021ad' : 'vlan');
  push(NETWORK_NAMES[packet.network]);
  for (let i = 0; i < Math.min(packet.extensionCount, 8); i++) {
    push(EXTENSION_NAMES[((packet.extensionChain >>> (4 * i)) & 0xf) as ExtensionHeader]);
  }
  push(TRANSPORT_NAMES[packet.transport]);
  push(TUNNEL_NAMES[packet.tunnel]);
}
