import { TransportLayer } from '../decode/packet';
import type { DecodedPacket } from '../decode/packet';
import { LINK_ID_BITS, linkPath, linkPathIdOf } from '../decode/link/linkPaths';
import { NETWORK_NAMES, TRANSPORT_NAMES } from '../decode/protocolStack';

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

// The layers' names are `frame.protocols`'s; `-z io,phs` counts only the top-level items of the
// protocol tree, so nested ones such as `ethertype` are not added.
/** IP protocols beyond the decoded transports that tshark names in its hierarchy. */
const OTHER_TRANSPORT: Record<number, string> = {
  2: 'igmp',
  89: 'ospf',
  103: 'pim',
  112: 'vrrp',
  132: 'sctp',
};

// The key's bits, low to high: link path id (LINK_ID_BITS), VLAN tags 2, service tags 2, network 3,
// transport 3, tail 7, IP protocol 8: 30 bits, so it stays a V8 small integer.
const VLANS_AT = LINK_ID_BITS;
/** where the network layer starts in a key */
export const NETWORK_AT = VLANS_AT + 4;
const TRANSPORT_AT = NETWORK_AT + 3;
/** where the tail starts in a key (ProtocolHierarchy's cache mixes these bits in) */
export const TAIL_AT = TRANSPORT_AT + 3;
const IP_PROTOCOL_AT = TAIL_AT + 7;

/** A small integer naming the packet's path in the hierarchy (a V8 small integer: no allocation). */
export function hierarchyKey(packet: DecodedPacket, tail: number): number {
  const vlans = packet.vlanCount < 3 ? packet.vlanCount : 3;
  const serviceTags = packet.serviceTagCount < 3 ? packet.serviceTagCount : 3;
  return (
    (packet.linkPath || packet.link) |
    (vlans << VLANS_AT) |
    (serviceTags << (VLANS_AT + 2)) |
    (packet.network << NETWORK_AT) |
    (packet.transport << TRANSPORT_AT) |
    (tail << TAIL_AT) |
    // Transports without a decoder are named by their number (igmp, gre…).
    (packet.transport === TransportLayer.Other ? (packet.ipProtocol & 0xff) << IP_PROTOCOL_AT : 0)
  );
}

/** The path `hierarchyKey` stands for, outermost first; `appName` names an application tail. */
export function hierarchyPath(packet: DecodedPacket, tail: number, appName: string | undefined): string[] {
  const names: string[] = [];
  pushLayers(packet, names, linkPathIdOf(packet));
  pushTail(names, tail, appName);
  return names;
}

/**
 * Adds the names of a record's layers: `link` (a link path id, 0 for none shown), VLAN tags,
 * network and transport. A transport a tunnel module read (GRE) is named by the tunnel's record instead.
 */
export function pushLayers(packet: DecodedPacket, names: string[], link: number): void {
  const push = (name: string | undefined) => {
    if (name !== undefined) names.push(name);
  };
  names.push(...(linkPath(link)?.hierarchy ?? []));
  // 802.1ad service tags are outermost and have their own name.
  for (let i = 0; i < Math.min(packet.vlanCount, 3); i++)
    names.push(i < packet.serviceTagCount ? 'ieee8021ad' : 'vlan');
  push(NETWORK_NAMES[packet.network]);
  if (packet.transport !== TransportLayer.Other) push(TRANSPORT_NAMES[packet.transport]);
  else if (packet.tunnel === 0) push(OTHER_TRANSPORT[packet.ipProtocol]);
}

/** Adds what ends a path: undissected data, an exception, or an application protocol. */
export function pushTail(names: string[], tail: number, appName: string | undefined): void {
  if (tail === Tail.Data) names.push('data');
  else if (tail === Tail.Malformed) names.push('_ws.malformed');
  else if (tail === Tail.Short) names.push('_ws.short');
  else if (tail === Tail.Unreassembled) names.push('_ws.unreassembled');
  else if (tail === Tail.Stp) names.push('stp');
  else if (tail >= Tail.App) {
    if (appName !== undefined) names.push(appName);
    // An application layer that ran out of bytes, as Wireshark marks it after the protocol.
    if ((tail - Tail.App) & 1) names.push('_ws.malformed');
  }
}
