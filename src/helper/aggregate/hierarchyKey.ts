import { LinkLayer, NetworkLayer, TransportLayer } from '../decode/packet';
import type { DecodedPacket } from '../decode/packet';

/**
 * What tshark's protocol hierarchy puts after the last decoded layer: nothing, undissected
 * payload ('data'), an exception, or an application protocol (numbered from `Tail.App`).
 */
export const Tail = {
  None: 0,
  Data: 1,
  Malformed: 2,
  Short: 3,
  App: 4,
} as const;

// Names of the top-level items of Wireshark's protocol tree, which is what `-z io,phs` counts
// (`frame.protocols` also lists nested and hidden ones, such as `ethertype`, that it does not).
const LINK: Record<LinkLayer, string | undefined> = {
  [LinkLayer.Unknown]: undefined,
  [LinkLayer.Ethernet]: 'eth',
  [LinkLayer.LinuxSll]: 'sll',
  [LinkLayer.LinuxSll2]: 'sll',
  [LinkLayer.Null]: 'null',
  [LinkLayer.Raw]: 'raw',
};
const NETWORK: Record<NetworkLayer, string | undefined> = {
  [NetworkLayer.None]: undefined,
  [NetworkLayer.Arp]: 'arp',
  [NetworkLayer.Ipv4]: 'ip',
  [NetworkLayer.Ipv6]: 'ipv6',
  [NetworkLayer.Llc]: 'llc',
  [NetworkLayer.Other]: undefined,
};
const TRANSPORT: Record<TransportLayer, string | undefined> = {
  [TransportLayer.None]: undefined,
  [TransportLayer.Tcp]: 'tcp',
  [TransportLayer.Udp]: 'udp',
  [TransportLayer.Icmp]: 'icmp',
  [TransportLayer.Icmpv6]: 'icmpv6',
  [TransportLayer.Esp]: 'esp',
  [TransportLayer.Other]: undefined,
};

/** A small integer naming the packet's path in the hierarchy (a V8 small integer: no allocation). */
export function hierarchyKey(packet: DecodedPacket, tail: number): number {
  const vlans = packet.vlanCount < 3 ? packet.vlanCount : 3;
  const serviceTags = packet.serviceTagCount < 3 ? packet.serviceTagCount : 3;
  return (
    packet.link | (vlans << 3) | (serviceTags << 5) | (packet.network << 7) | (packet.transport << 10) | (tail << 13)
  );
}

/** The path `hierarchyKey` stands for, outermost first; `appName` names an application tail. */
export function hierarchyPath(packet: DecodedPacket, tail: number, appName: string | undefined): string[] {
  const names: string[] = [];
  const push = (name: string | undefined) => {
    if (name !== undefined) names.push(name);
  };
  push(LINK[packet.link]);
  for (let i = 0; i < Math.min(packet.vlanCount, 3); i++) names.push('vlan');
  push(NETWORK[packet.network]);
  push(TRANSPORT[packet.transport]);
  if (tail === Tail.Data) names.push('data');
  else if (tail === Tail.Malformed) names.push('_ws.malformed');
  else if (tail === Tail.Short) names.push('_ws.short');
  else if (tail >= Tail.App) push(appName);
  return names;
}
