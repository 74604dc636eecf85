import { Tail } from './hierarchyKey';
import { AppInfo } from '../decode/app/appInfo';
import { AppProtocol } from '../decode/app/appRegistry';
import { decodeApp } from '../decode/app/decodeApp';
import { decodeIpv4 } from '../decode/ipv4';
import { decodeIpv6 } from '../decode/ipv6';
import { DecodedPacket, NetworkLayer, TransportLayer } from '../decode/packet';

/**
 * Where a packet's path in the protocol hierarchy ends, beyond its decoded layers: the
 * application protocol, or how tshark marks what it could not dissect (short, malformed,
 * unreassembled, data), so the hierarchy matches `tshark -z io,phs` with reassembly off.
 */
export function hierarchyTail(
  packet: DecodedPacket,
  appProtocol: AppProtocol,
  app: AppInfo,
  wireLength: number,
): number {
  if (packet.truncated) return packet.capturedLength < wireLength ? Tail.Short : Tail.Malformed;
  // A header that contradicts itself (a bogus version or length) stops tshark's dissector with an
  // expert note, not an exception, so no `_ws.malformed`; after a bogus IPv6 version the rest is data.
  if (packet.malformed)
    return packet.network === NetworkLayer.Ipv6 && packet.transport === TransportLayer.None ? Tail.Data : Tail.None;
  // With reassembly off (as in the tshark runs compared), a later fragment is bare data, and a
  // first fragment's transport payload is left unreassembled.
  if (packet.isFragment) {
    if (packet.fragmentOffset !== 0) return Tail.Data;
    // A protocol decoder given part of its message says so; undecoded bytes are just data.
    if (packet.transport !== TransportLayer.None)
      return appProtocol === AppProtocol.Data ? Tail.Data : Tail.Unreassembled;
  }
  if (packet.transport === TransportLayer.Icmp || packet.transport === TransportLayer.Icmpv6) return icmpTail(packet);
  if (packet.network === NetworkLayer.Llc && isStp(packet)) return Tail.Stp;
  if (appProtocol === AppProtocol.None)
    return packet.network === NetworkLayer.Other ? etherTypeTail(packet) : Tail.None;
  if (appProtocol === AppProtocol.Data) return Tail.Data;
  if (DNS_FAMILY.has(appProtocol) && (app.truncated || app.malformed)) {
    // Wireshark names the protocol once its first four bytes (id and flags) are read, then marks the rest.
    return packet.payloadLength < 4 ? Tail.Malformed : Tail.App + 2 * appProtocol + 1;
  }
  return Tail.App + 2 * appProtocol;
}

const quoted = new DecodedPacket();
const quotedApp = new AppInfo();

/**
 * An echo's payload is part of ICMP's own tree in tshark's hierarchy; an error quotes the packet
 * that caused it, whose undecoded payload shows as data (a named protocol inside shows nothing).
 */
function icmpTail(packet: DecodedPacket): number {
  const type = packet.icmpType;
  const isError =
    packet.transport === TransportLayer.Icmp
      ? type === 3 || type === 4 || type === 5 || type === 11 || type === 12
      : type >= 1 && type <= 4;
  if (!isError || packet.payloadOffset < 0 || packet.payloadLength === 0) return Tail.None;
  const start = packet.payloadOffset;
  const end = start + packet.payloadLength;
  quoted.reset();
  quoted.data = packet.data;
  quoted.frameOffset = start;
  quoted.capturedLength = end - start;
  if (packet.transport === TransportLayer.Icmp) decodeIpv4(quoted, packet.data, start, end);
  else decodeIpv6(quoted, packet.data, start, end);
  if (quoted.payloadLength === 0) return Tail.None;
  return decodeApp(quoted, quotedApp) === AppProtocol.Data ? Tail.Data : Tail.None;
}

/** Values below this are 802.3 lengths or cooked-capture pseudo-protocols (a netlink family), not EtherTypes. */
const FIRST_ETHERTYPE = 0x0600;

/** What tshark shows after an EtherType nothing here reads: its bytes as `data`, if there are any. */
function etherTypeTail(packet: DecodedPacket): number {
  const bytesAfter = packet.frameOffset + packet.capturedLength - packet.networkOffset;
  return packet.etherType >= FIRST_ETHERTYPE && bytesAfter > 0 ? Tail.Data : Tail.None;
}

/** Protocols with DNS's message format, whose short messages Wireshark marks malformed. */
const DNS_FAMILY = new Set<AppProtocol>([AppProtocol.dns, AppProtocol.mdns, AppProtocol.llmnr, AppProtocol.nbns]);

/** 802.2 LLC with both SAPs 0x42: a spanning-tree BPDU */
function isStp(packet: DecodedPacket): boolean {
  const at = packet.networkOffset;
  return at >= 0 && packet.data[at] === 0x42 && packet.data[at + 1] === 0x42;
}
