import { formatIpv4 } from '../../shared/cidr';
import { formatMac } from '../../shared/mac';
import type { PacketSummary } from '../../shared/model/traffic';
import { ADDRESS_WORDS, formatAddress, writeAddress } from './addressWords';
import { NetworkLayer, TcpFlag, TransportLayer } from '../decode/packet';
import type { DecodedPacket } from '../decode/packet';

const scratch = new Uint32Array(ADDRESS_WORDS);
const FLAG_NAMES: [number, string][] = [
  [TcpFlag.Fin, 'FIN'],
  [TcpFlag.Syn, 'SYN'],
  [TcpFlag.Rst, 'RST'],
  [TcpFlag.Psh, 'PSH'],
  [TcpFlag.Ack, 'ACK'],
  [TcpFlag.Urg, 'URG'],
  [TcpFlag.Ece, 'ECE'],
  [TcpFlag.Cwr, 'CWR'],
];

function address(packet: DecodedPacket, offset: number, ipv4: number): string {
  writeAddress(scratch, 0, packet.data, offset, packet.ipVersion, ipv4);
  return formatAddress(scratch, 0, packet.ipVersion);
}

/** The protocol column and Info line of the layers below the application, Wireshark style. */
function transportInfo(packet: DecodedPacket): { protocol: string; info: string } {
  switch (packet.transport) {
    case TransportLayer.Tcp: {
      const flags = FLAG_NAMES.filter(([bit]) => packet.tcpFlags & bit).map(([, name]) => name);
      const window = packet.tcpHeaderLength ? ` Seq=${packet.tcpSeq} Ack=${packet.tcpAck} Win=${packet.tcpWindow}` : '';
      return {
        protocol: 'TCP',
        info: `${packet.srcPort} → ${packet.dstPort} [${flags.join(', ')}]${window} Len=${packet.payloadDeclaredLength}`,
      };
    }
    case TransportLayer.Udp:
      return { protocol: 'UDP', info: `${packet.srcPort} → ${packet.dstPort} Len=${packet.payloadDeclaredLength}` };
    case TransportLayer.Icmp:
      return { protocol: 'ICMP', info: `type ${packet.icmpType}, code ${packet.icmpCode}` };
    case TransportLayer.Icmpv6:
      return { protocol: 'ICMPv6', info: `type ${packet.icmpType}, code ${packet.icmpCode}` };
    case TransportLayer.Esp:
      return { protocol: 'ESP', info: 'Encapsulating Security Payload' };
    default:
      if (packet.network === NetworkLayer.Ipv4 || packet.network === NetworkLayer.Ipv6) {
        const name = packet.network === NetworkLayer.Ipv4 ? 'IPv4' : 'IPv6';
        const fragment = packet.isFragment ? ` fragment (off=${packet.fragmentOffset}, ID=${packet.ipId})` : '';
        return { protocol: name, info: `IP protocol ${packet.ipProtocol}${fragment}` };
      }
      if (packet.network === NetworkLayer.Arp) return { protocol: 'ARP', info: arpInfo(packet) };
      if (packet.network === NetworkLayer.Llc) return { protocol: 'LLC', info: '802.3 frame' };
      return { protocol: `0x${packet.etherType.toString(16).padStart(4, '0')}`, info: 'Unknown EtherType' };
  }
}

function arpInfo(packet: DecodedPacket): string {
  const target = formatIpv4(packet.arpTargetIp);
  const sender = formatIpv4(packet.arpSenderIp);
  if (packet.arpOperation === 1) return `Who has ${target}? Tell ${sender}`;
  if (packet.arpOperation === 2 && packet.arpSenderMacOffset >= 0)
    return `${sender} is at ${formatMac(packet.data, packet.arpSenderMacOffset)}`;
  return `ARP operation ${packet.arpOperation}`;
}

/**
 * One line of the packet list for a decoded packet. `app` overrides the protocol column and
 * Info line when an application decoder named the packet. Allocates: for lists, never per packet.
 */
export function packetSummary(
  packet: DecodedPacket,
  index: number,
  time: number,
  length: number,
  flowId: string | undefined,
  app?: { protocol: string; info: string },
): PacketSummary {
  let src = '';
  let dst = '';
  if (packet.srcAddrOffset >= 0) {
    src = address(packet, packet.srcAddrOffset, packet.srcIpv4);
    dst = address(packet, packet.dstAddrOffset, packet.dstIpv4);
  } else if (packet.network === NetworkLayer.Arp && packet.arpSenderMacOffset >= 0) {
    src = formatMac(packet.data, packet.arpSenderMacOffset);
    dst = packet.dstMacOffset >= 0 ? formatMac(packet.data, packet.dstMacOffset) : '';
  } else {
    if (packet.srcMacOffset >= 0) src = formatMac(packet.data, packet.srcMacOffset);
    if (packet.dstMacOffset >= 0) dst = formatMac(packet.data, packet.dstMacOffset);
  }
  const column = app ?? transportInfo(packet);
  const summary: PacketSummary = {
    index,
    time,
    length,
    capturedLength: packet.capturedLength,
    src,
    dst,
    protocol: column.protocol,
    info: column.info,
  };
  if (packet.transport === TransportLayer.Tcp || packet.transport === TransportLayer.Udp) {
    summary.srcPort = packet.srcPort;
    summary.dstPort = packet.dstPort;
  }
  if (flowId !== undefined) summary.flowId = flowId;
  return summary;
}
