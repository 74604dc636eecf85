// The packet list's columns (Wireshark's Source, Destination, Protocol, Info) for one decoded
// packet. For the recent-packets ring and the dashboard: it builds strings, so call it for the
// packets that are kept, not for every captured one.
import type { PacketSummary } from '../../../shared/model/traffic';
import { ipv4Text, ipv6At, macAt } from '../addressText';
import type { AppInfo } from '../app/appInfo';
import { IP_PROTOCOL_NAMES } from '../dissect/fieldNames';
import { UNKNOWN_LINK, linkDissectorOf } from '../link/linkRegistry';
import { NetworkLayer, TcpFlag, TransportLayer } from '../packet';
import type { DecodedPacket } from '../packet';
import { recordTunnel } from '../tunnel/tunnelRegistry';
import { appInfoColumn, appProtocolColumn } from './appColumns';
import type { PacketColumns } from './columns';
import { icmpInfo, icmpv6Info } from './icmpColumns';
import { calculatedWindow, relativeTo } from './tcpView';
import type { TcpView } from './tcpView';

/**
 * The Protocol and Info columns of a decoded packet and its application layer (`decodeApp` first).
 * With `tcp`, a TCP segment's numbers are relative and its window scaled, as Wireshark shows them.
 */
export function packetColumns(packet: DecodedPacket, app: AppInfo, tcp?: TcpView): PacketColumns {
  const appProtocol = appProtocolColumn(app);
  if (appProtocol) return { protocol: appProtocol, info: appInfoColumn(packet, app) ?? '' };
  // A tunnel whose payload was not decoded (GRE, VXLAN…) names the packet, as its dissector did last.
  if (packet.tunnel !== 0 && packet.tunnelCount !== 0) return recordTunnel(packet)!.columns(packet);
  switch (packet.transport) {
    case TransportLayer.Tcp:
      return { protocol: 'TCP', info: tcpInfo(packet, tcp) };
    case TransportLayer.Udp:
      return { protocol: 'UDP', info: `${packet.srcPort} → ${packet.dstPort} Len=${packet.payloadDeclaredLength}` };
    case TransportLayer.Icmp:
      return { protocol: 'ICMP', info: icmpInfo(packet) };
    case TransportLayer.Icmpv6:
      return { protocol: 'ICMPv6', info: icmpv6Info(packet) };
    case TransportLayer.Esp:
      return { protocol: 'ESP', info: 'Encapsulating Security Payload' };
  }
  switch (packet.network) {
    case NetworkLayer.Arp:
      return { protocol: 'ARP', info: arpInfo(packet) };
    case NetworkLayer.Ipv4:
    case NetworkLayer.Ipv6:
      return { protocol: packet.ipVersion === 4 ? 'IPv4' : 'IPv6', info: ipInfo(packet) };
    case NetworkLayer.Llc:
      return { protocol: 'LLC', info: `802.3 length ${packet.etherType}` };
  }
  // Nothing decoded inside a tunnel (a level cut short): the tunnel's columns stand.
  if (packet.tunnelDepth !== 0 && packet.network === NetworkLayer.None) {
    const outer = packet.outer[packet.tunnelDepth - 1]!;
    return recordTunnel(outer)!.columns(outer);
  }
  const etherType = `0x${packet.etherType.toString(16).padStart(4, '0')}`;
  if (packet.link === UNKNOWN_LINK) return { protocol: 'Unknown', info: `Link type ${packet.linkType}` };
  const linkColumns = linkDissectorOf(packet)?.columns?.(packet, packet.frameOffset);
  if (linkColumns) return linkColumns;
  return { protocol: packet.etherType ? etherType : 'Ethernet', info: packet.truncated ? 'Truncated frame' : '' };
}

/** The source and destination columns: IP addresses when there are some, else hardware addresses. */
export function packetAddresses(packet: DecodedPacket): { src: string; dst: string } {
  // Inside a tunnel, a record with neither (ARP in GRE) shows the enclosing layers' addresses,
  // which Wireshark's columns keep.
  let record = packet;
  for (let i = packet.tunnelDepth - 1; i >= 0 && !hasAddresses(record); i--) record = packet.outer[i]!;
  return recordAddresses(record);
}

function hasAddresses(packet: DecodedPacket): boolean {
  return packet.srcAddrOffset >= 0 || packet.srcMacOffset >= 0 || packet.dstMacOffset >= 0;
}

function recordAddresses(packet: DecodedPacket): { src: string; dst: string } {
  if (packet.ipVersion === 4 && packet.srcAddrOffset >= 0) {
    return { src: ipv4Text(packet.srcIpv4), dst: ipv4Text(packet.dstIpv4) };
  }
  if (packet.ipVersion === 6 && packet.srcAddrOffset >= 0) {
    return { src: ipv6At(packet.data, packet.srcAddrOffset), dst: ipv6At(packet.data, packet.dstAddrOffset) };
  }
  const src = packet.srcMacOffset >= 0 ? macAt(packet.data, packet.srcMacOffset) : '';
  const dst = packet.dstMacOffset >= 0 ? macAt(packet.data, packet.dstMacOffset) : '';
  return { src, dst: dst === 'ff:ff:ff:ff:ff:ff' ? 'Broadcast' : dst };
}

/**
 * One line of the packet list. `index` is the 1-based frame number, `timeMs` the capture time (ms
 * since the epoch), `wireLength` the frame's length on the wire.
 */
export function packetSummary(
  packet: DecodedPacket,
  app: AppInfo,
  index: number,
  timeMs: number,
  wireLength: number,
  tcp?: TcpView,
): PacketSummary {
  const { src, dst } = packetAddresses(packet);
  const { protocol, info } = packetColumns(packet, app, tcp);
  const summary: PacketSummary = {
    index,
    time: timeMs,
    length: wireLength,
    capturedLength: packet.capturedLength,
    src,
    dst,
    protocol,
    info,
  };
  if (packet.transport === TransportLayer.Tcp || packet.transport === TransportLayer.Udp) {
    summary.srcPort = packet.srcPort;
    summary.dstPort = packet.dstPort;
  }
  return summary;
}

const FLAG_NAMES: [number, string][] = [
  [TcpFlag.Fin, 'FIN'],
  [TcpFlag.Syn, 'SYN'],
  [TcpFlag.Rst, 'RST'],
  [TcpFlag.Psh, 'PSH'],
  [TcpFlag.Ack, 'ACK'],
  [TcpFlag.Urg, 'URG'],
  [TcpFlag.Ece, 'ECE'],
  [TcpFlag.Cwr, 'CWR'],
  [TcpFlag.Ns, 'NS'],
];

/** TCP flags as Wireshark lists them: `SYN, ACK` (order of its Info column: FIN SYN RST PSH ACK URG ECE CWR NS). */
export function tcpFlagNames(flags: number): string {
  return FLAG_NAMES.filter(([bit]) => flags & bit)
    .map(([, name]) => name)
    .join(', ');
}

/**
 * `80 → 51234 [SYN, ACK] Seq=… Ack=… Win=… Len=0 MSS=1460 …`: sequence numbers relative and the
 * window scaled when `tcp` says how (the packet's stream), absolute and as sent without it.
 */
function tcpInfo(packet: DecodedPacket, tcp: TcpView | undefined): string {
  let text = `${packet.srcPort} → ${packet.dstPort} [${tcpFlagNames(packet.tcpFlags) || '<None>'}]`;
  if (packet.tcpHeaderLength === 0) return text;
  text += ` Seq=${relativeTo(packet.tcpSeq, tcp?.seqBase ?? -1)}`;
  if (packet.tcpFlags & TcpFlag.Ack) text += ` Ack=${relativeTo(packet.tcpAck, tcp?.ackBase ?? -1)}`;
  const window = calculatedWindow(packet.tcpWindow, (packet.tcpFlags & TcpFlag.Syn) !== 0, tcp);
  text += ` Win=${window} Len=${packet.payloadDeclaredLength}`;
  if (packet.tcpMss >= 0) text += ` MSS=${packet.tcpMss}`;
  if (packet.tcpSackPermitted) text += ' SACK_PERM';
  if (packet.tcpHasTimestamps) text += ` TSval=${packet.tcpTsVal} TSecr=${packet.tcpTsEcr}`;
  if (packet.tcpWindowScale >= 0) text += ` WS=${2 ** Math.min(packet.tcpWindowScale, 14)}`;
  return text;
}

function arpInfo(packet: DecodedPacket): string {
  const sender = ipv4Text(packet.arpSenderIp);
  const target = ipv4Text(packet.arpTargetIp);
  if (packet.arpOperation === 1) {
    return sender === target ? `ARP Announcement for ${sender}` : `Who has ${target}? Tell ${sender}`;
  }
  if (packet.arpOperation === 2 && packet.arpSenderMacOffset >= 0) {
    return `${sender} is at ${macAt(packet.data, packet.arpSenderMacOffset)}`;
  }
  return `ARP operation ${packet.arpOperation}`;
}

function ipInfo(packet: DecodedPacket): string {
  const name = IP_PROTOCOL_NAMES[packet.ipProtocol];
  const protocol = `${name ?? 'Unknown'} ${packet.ipProtocol}`;
  if (packet.isFragment) {
    const id = packet.ipId.toString(16).padStart(packet.ipVersion === 4 ? 4 : 8, '0');
    return `Fragmented IP protocol (proto=${protocol}, off=${packet.fragmentOffset}, ID=${id})`;
  }
  if (packet.truncated) return `Truncated ${packet.ipVersion === 4 ? 'IPv4' : 'IPv6'} packet (proto=${protocol})`;
  return `IP protocol ${protocol}`;
}
