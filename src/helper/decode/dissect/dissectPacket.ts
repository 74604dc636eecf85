// The packet details pane: every layer of a decoded packet with its fields and byte ranges, as
// Wireshark's tree shows them (titles in its words). For one packet a user selects, so it builds
// objects and strings freely; it reads only bytes the capture holds.
import type { PacketDetail, PacketLayer, PacketSummary } from '../../../shared/model/traffic';
import { ipv4At, ipv6At, macAt } from '../addressText';
import type { AppInfo } from '../app/appInfo';
import { linkDissectorOf } from '../link/linkRegistry';
import { ExtensionHeader, NetworkLayer, TransportLayer } from '../packet';
import type { DecodedPacket } from '../packet';
import type { TcpView } from '../summary/tcpView';
import { dissectApp } from './dissectApp';
import { dissectTunnel } from './dissectTunnel';
import { arpHardwareText, arpOpcodeText, etherTypeText, ipProtocolText, linkTypeText } from './fieldNames';
import { LayerBuilder, hexOf } from './layerBuilder';
import { dissectTcp } from './dissectTcp';

/**
 * Every layer of `packet` (decoded) and `app` (`decodeApp` run on it), outermost first; with `tcp`,
 * a TCP segment's relative numbers and calculated window too, as Wireshark shows them.
 */
export function dissectPacket(packet: DecodedPacket, app: AppInfo, tcp?: TcpView): PacketLayer[] {
  const frame = packet.frameOffset;
  const end = frame + packet.capturedLength;
  const b = new LayerBuilder(packet.data, frame, end);
  const top = b.layer('frame', `Frame: ${packet.capturedLength} bytes captured`, frame, packet.capturedLength);
  b.note(top, 'Link type', linkTypeText(packet.linkType));
  if (packet.truncated) b.note(top, 'Truncated', 'a header did not fit in the captured bytes');
  if (packet.malformed) b.note(top, 'Malformed', 'a header contradicted itself');
  // A tunnelled packet: the layers outside each tunnel, then the tunnel's own, then what it carries.
  for (let i = 0; i < packet.tunnelDepth; i++) dissectRecord(b, packet.outer[i]!, i === 0);
  dissectRecord(b, packet, packet.tunnelDepth === 0, tcp);
  dissectApp(b, packet, app);
  return b.layers;
}

/** One record's layers: link (the frame's, or an Ethernet frame a tunnel carries), tags, network, transport, tunnel. */
function dissectRecord(b: LayerBuilder, packet: DecodedPacket, outermost: boolean, tcp?: TcpView): void {
  // Inside a tunnel only an Ethernet frame it carried whole has a link layer of its own.
  const networkStart = outermost
    ? dissectLink(b, packet, packet.frameOffset)
    : packet.dstMacOffset >= 0
      ? dissectLink(b, packet, packet.dstMacOffset)
      : packet.networkOffset;
  if (packet.vlanCount > 0) dissectVlans(b, packet, networkStart - 4 * packet.vlanCount);
  switch (packet.network) {
    case NetworkLayer.Arp:
      dissectArp(b, packet);
      break;
    case NetworkLayer.Ipv4:
      dissectIpv4(b, packet);
      break;
    case NetworkLayer.Ipv6:
      dissectIpv6(b, packet);
      break;
    case NetworkLayer.Llc: {
      const at = packet.networkOffset;
      const llc = b.layer('llc', 'Logical-Link Control', at, 3);
      b.field(llc, 'DSAP', at, 1, () => hexOf(b.u8(at), 2));
      b.field(llc, 'SSAP', at + 1, 1, () => hexOf(b.u8(at + 1), 2));
      b.field(llc, 'Control field', at + 2, 1, () => hexOf(b.u8(at + 2), 2));
      break;
    }
  }
  switch (packet.transport) {
    case TransportLayer.Tcp:
      dissectTcp(b, packet, tcp);
      break;
    case TransportLayer.Udp:
      dissectUdp(b, packet);
      break;
    case TransportLayer.Icmp:
    case TransportLayer.Icmpv6:
      dissectIcmp(b, packet);
      break;
    case TransportLayer.Esp: {
      const at = packet.transportOffset;
      const esp = b.layer('esp', 'Encapsulating Security Payload', at, packet.capturedLength);
      b.field(esp, 'SPI', at, 4, () => hexOf(b.u32(at), 8));
      b.field(esp, 'Sequence', at + 4, 4, () => b.u32(at + 4));
      break;
    }
  }
  if (packet.tunnel !== 0) dissectTunnel(b, packet);
}

/** The details pane's whole record: summary, layers and the captured bytes. */
export function packetDetail(packet: DecodedPacket, app: AppInfo, summary: PacketSummary, tcp?: TcpView): PacketDetail {
  const bytes = packet.data.subarray(packet.frameOffset, packet.frameOffset + packet.capturedLength);
  return {
    summary,
    layers: dissectPacket(packet, app, tcp),
    bytesBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
  };
}

/** Adds the link layer whose header is at `at`; returns where the VLAN tags (if any) end and the network layer begins. */
function dissectLink(b: LayerBuilder, packet: DecodedPacket, at: number): number {
  return linkDissectorOf(packet)?.dissect(b, packet, at) ?? at;
}

function dissectVlans(b: LayerBuilder, packet: DecodedPacket, at: number): void {
  for (let i = 0; i < packet.vlanCount; i++, at += 4) {
    if (!b.has(at, 4)) return;
    const tci = b.u16(at);
    const service = i < packet.serviceTagCount;
    const layer = b.layer(
      service ? 'ieee8021ad' : 'vlan',
      `${service ? '802.1ad Provider Bridge' : '802.1Q Virtual LAN'}, PRI: ${tci >> 13}, DEI: ${(tci >> 12) & 1}, ID: ${tci & 0xfff}`,
      at,
      4,
    );
    b.field(layer, 'Priority', at, 2, () => tci >> 13);
    b.field(layer, 'DEI', at, 2, () => (tci >> 12) & 1);
    b.field(layer, 'ID', at, 2, () => tci & 0xfff);
    b.field(layer, 'Type', at + 2, 2, () => etherTypeText(b.u16(at + 2)));
  }
}

function dissectArp(b: LayerBuilder, packet: DecodedPacket): void {
  const at = packet.networkOffset;
  const op = packet.arpOperation;
  const layer = b.layer(
    'arp',
    `Address Resolution Protocol (${op === 1 ? 'request' : op === 2 ? 'reply' : op})`,
    at,
    28,
  );
  b.field(layer, 'Hardware type', at, 2, () => arpHardwareText(b.u16(at)));
  b.field(layer, 'Protocol type', at + 2, 2, () => etherTypeText(b.u16(at + 2)));
  b.field(layer, 'Hardware size', at + 4, 1, () => b.u8(at + 4));
  b.field(layer, 'Protocol size', at + 5, 1, () => b.u8(at + 5));
  b.field(layer, 'Opcode', at + 6, 2, () => arpOpcodeText(b.u16(at + 6)));
  if (b.u8(at + 4) !== 6 || b.u8(at + 5) !== 4) return;
  b.field(layer, 'Sender MAC address', at + 8, 6, () => macAt(b.data, at + 8));
  b.field(layer, 'Sender IP address', at + 14, 4, () => ipv4At(b.data, at + 14));
  b.field(layer, 'Target MAC address', at + 18, 6, () => macAt(b.data, at + 18));
  b.field(layer, 'Target IP address', at + 24, 4, () => ipv4At(b.data, at + 24));
}

function dissectIpv4(b: LayerBuilder, packet: DecodedPacket): void {
  const at = packet.networkOffset;
  const title = b.has(at, 20)
    ? `Internet Protocol Version 4, Src: ${ipv4At(b.data, at + 12)}, Dst: ${ipv4At(b.data, at + 16)}`
    : 'Internet Protocol Version 4';
  const layer = b.layer('ip', title, at, packet.ipHeaderLength || 20);
  b.field(layer, 'Version', at, 1, () => b.u8(at) >> 4);
  b.field(layer, 'Header length', at, 1, () => `${(b.u8(at) & 15) * 4} bytes`);
  b.field(layer, 'Differentiated services', at + 1, 1, () => hexOf(b.u8(at + 1), 2));
  b.field(layer, 'Total length', at + 2, 2, () => b.u16(at + 2));
  b.field(layer, 'Identification', at + 4, 2, () => `${hexOf(b.u16(at + 4), 4)} (${b.u16(at + 4)})`);
  b.field(layer, 'Flags', at + 6, 1, () => {
    const flags = b.u8(at + 6) >> 5;
    return `${hexOf(flags, 1)}${flags & 2 ? ", Don't fragment" : ''}${flags & 1 ? ', More fragments' : ''}`;
  });
  b.field(layer, 'Fragment offset', at + 6, 2, () => (b.u16(at + 6) & 0x1fff) * 8);
  b.field(layer, 'Time to live', at + 8, 1, () => b.u8(at + 8));
  b.field(layer, 'Protocol', at + 9, 1, () => ipProtocolText(b.u8(at + 9)));
  b.field(layer, 'Header checksum', at + 10, 2, () => hexOf(b.u16(at + 10), 4));
  b.field(layer, 'Source address', at + 12, 4, () => ipv4At(b.data, at + 12));
  b.field(layer, 'Destination address', at + 16, 4, () => ipv4At(b.data, at + 16));
  if (packet.ipHeaderLength > 20)
    b.field(layer, 'Options', at + 20, packet.ipHeaderLength - 20, () => `${packet.ipHeaderLength - 20} bytes`);
}

const EXTENSION_TITLES: Record<ExtensionHeader, [string, string]> = {
  [ExtensionHeader.HopByHop]: ['ipv6.hopopts', 'IPv6 Hop-by-Hop Option'],
  [ExtensionHeader.Routing]: ['ipv6.routing', 'Routing Header for IPv6'],
  [ExtensionHeader.Fragment]: ['ipv6.fraghdr', 'Fragment Header for IPv6'],
  [ExtensionHeader.DestinationOptions]: ['ipv6.dstopts', 'Destination Options for IPv6'],
  [ExtensionHeader.Authentication]: ['ah', 'Authentication Header'],
};

function dissectIpv6(b: LayerBuilder, packet: DecodedPacket): void {
  const at = packet.networkOffset;
  const title = b.has(at, 40)
    ? `Internet Protocol Version 6, Src: ${ipv6At(b.data, at + 8)}, Dst: ${ipv6At(b.data, at + 24)}`
    : 'Internet Protocol Version 6';
  const layer = b.layer('ipv6', title, at, 40);
  b.field(layer, 'Version', at, 1, () => b.u8(at) >> 4);
  b.field(layer, 'Traffic class', at, 2, () => hexOf((b.u16(at) >> 4) & 0xff, 2));
  b.field(layer, 'Flow label', at + 1, 3, () => hexOf(b.u32(at) & 0xfffff, 5));
  b.field(layer, 'Payload length', at + 4, 2, () => b.u16(at + 4));
  b.field(layer, 'Next header', at + 6, 1, () => ipProtocolText(b.u8(at + 6)));
  b.field(layer, 'Hop limit', at + 7, 1, () => b.u8(at + 7));
  b.field(layer, 'Source address', at + 8, 16, () => ipv6At(b.data, at + 8));
  b.field(layer, 'Destination address', at + 24, 16, () => ipv6At(b.data, at + 24));
  // Walk the extension headers again as the decoder did (it kept their kinds, not their offsets).
  let header = at + 40;
  for (let i = 0; i < Math.min(packet.extensionCount, 8) && b.has(header, 8); i++) {
    const kind = ((packet.extensionChain >>> (4 * i)) & 0xf) as ExtensionHeader;
    const [name, text] = EXTENSION_TITLES[kind] ?? ['ipv6.ext', 'Extension header'];
    const length =
      kind === ExtensionHeader.Authentication
        ? (b.u8(header + 1) + 2) * 4
        : kind === ExtensionHeader.Fragment
          ? 8
          : (b.u8(header + 1) + 1) * 8;
    const ext = b.layer(name, text, header, length);
    const here = header;
    b.field(ext, 'Next header', here, 1, () => ipProtocolText(b.u8(here)));
    if (kind === ExtensionHeader.Fragment) {
      b.field(ext, 'Offset', here + 2, 2, () => b.u16(here + 2) & 0xfff8);
      b.field(ext, 'More fragments', here + 3, 1, () => (b.u8(here + 3) & 1 ? 'Yes' : 'No'));
      b.field(ext, 'Identification', here + 4, 4, () => hexOf(b.u32(here + 4), 8));
    } else {
      b.field(ext, 'Length', here + 1, 1, () => `${length} bytes`);
    }
    header += length;
  }
}

function dissectUdp(b: LayerBuilder, packet: DecodedPacket): void {
  const at = packet.transportOffset;
  const layer = b.layer(
    'udp',
    `User Datagram Protocol, Src Port: ${packet.srcPort}, Dst Port: ${packet.dstPort}`,
    at,
    8,
  );
  b.field(layer, 'Source port', at, 2, () => b.u16(at));
  b.field(layer, 'Destination port', at + 2, 2, () => b.u16(at + 2));
  b.field(layer, 'Length', at + 4, 2, () => b.u16(at + 4));
  b.field(layer, 'Checksum', at + 6, 2, () => hexOf(b.u16(at + 6), 4));
}

function dissectIcmp(b: LayerBuilder, packet: DecodedPacket): void {
  const at = packet.transportOffset;
  const v6 = packet.transport === TransportLayer.Icmpv6;
  const layer = b.layer(
    v6 ? 'icmpv6' : 'icmp',
    v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol',
    at,
    8,
  );
  b.field(layer, 'Type', at, 1, () => b.u8(at));
  b.field(layer, 'Code', at + 1, 1, () => b.u8(at + 1));
  b.field(layer, 'Checksum', at + 2, 2, () => hexOf(b.u16(at + 2), 4));
  const echo = v6 ? packet.icmpType === 128 || packet.icmpType === 129 : packet.icmpType === 0 || packet.icmpType === 8;
  if (echo) {
    b.field(layer, 'Identifier', at + 4, 2, () => hexOf(b.u16(at + 4), 4));
    b.field(layer, 'Sequence number', at + 6, 2, () => b.u16(at + 6));
  }
  if (packet.ndpTargetOffset >= 0) {
    b.field(layer, 'Target address', packet.ndpTargetOffset, 16, () => ipv6At(b.data, packet.ndpTargetOffset));
  }
  if (packet.ndpLinkAddressOffset >= 0) {
    b.field(layer, 'Link-layer address', packet.ndpLinkAddressOffset, 6, () =>
      macAt(b.data, packet.ndpLinkAddressOffset),
    );
  }
}
