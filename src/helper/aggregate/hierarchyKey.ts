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
  /** the first fragment of a datagram IP did not reassemble: its transport payload is incomplete */
  Unreassembled: 4,
  /** 802.3 frames carrying spanning tree (LLC SAP 0x42) */
  Stp: 5,
  /** an application protocol: App + 2 × AppProtocol, plus 1 when it was cut short (malformed) */
  App: 6,
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

/** IP protocols beyond the decoded transports that tshark names in its hierarchy. */
const OTHER_TRANSPORT: Record<number, string> = {
  2: 'igmp',
  47: 'gre',
  89: 'ospf',
  103: 'pim',
  112: 'vrrp',
  132: 'sctp',
};

/** A small integer naming the packet's path in the hierarchy (a V8 small integer: no allocation). */
export function hierarchyKey(packet: DecodedPacket, tail: number): number {
  const vlans = packet.vlanCount < 3 ? packet.vlanCount : 3;
  const serviceTags = packet.serviceTagCount < 3 ? packet.serviceTagCount : 3;
  return (
    packet.link |
    (vlans << 3) |
    (serviceTags << 5) |
    (packet.network << 7) |
    (packet.transport << 10) |
    (tail << 13) |
    // Transports without a decoder are named by their number (igmp, gre…).
    (packet.transport === TransportLayer.Other ? (packet.ipProtocol & 0xff) << 20 : 0)
  );
}

/** The path `hierarchyKey` stands for, outermost first; `appName` names an application tail. */
export function hierarchyPath(packet: DecodedPacket, tail: number, appName: string | undefined): string[] {
  const names: string[] = [];
  const push = (name: string | undefined) => {
    if (name !== undefined) names.push(name);
  };
  push(LINK[packet.link]);
  // 802.1ad service tags are outermost and have their own name.
  for (let i = 0; i < Math.min(packet.vlanCount, 3); i++)
    names.push(i < packet.serviceTagCount ? 'ieee8021ad' : 'vlan');
  push(NETWORK[packet.network]);
  push(packet.transport === TransportLayer.Other ? OTHER_TRANSPORT[packet.ipProtocol] : TRANSPORT[packet.transport]);
  if (tail === Tail.Data) names.push('data');
  else if (tail === Tail.Malformed) names.push('_ws.malformed');
  else if (tail === Tail.Short) names.push('_ws.short');
  else if (tail === Tail.Unreassembled) names.push('_ws.unreassembled');
  else if (tail === Tail.Stp) names.push('stp');
  else if (tail >= Tail.App) {
    push(appName);
    // An application layer that ran out of bytes, as Wireshark marks it after the protocol.
    if ((tail - Tail.App) & 1) names.push('_ws.malformed');
  }
  return names;
}
