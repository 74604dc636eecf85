// Numbers in the details pane named as Wireshark names them: `Type: IPv4 (0x0800)`, `Protocol:
// TCP (6)`, `Link type: Ethernet (1)`. One table per kind of number; the packet list's columns
// use the IP protocol names too.
import { LinkType } from '../linkType';
import { hexOf } from './layerBuilder';

/**
 * IP protocol numbers (IANA) by the names Wireshark gives them, as its Info column writes them
 * (`IP protocol GRE 47`, `proto=UDP 17`): only these, which the Info column tests hold to tshark's.
 */
export const IP_PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  1: 'ICMP',
  2: 'IGMP',
  6: 'TCP',
  17: 'UDP',
  47: 'GRE',
  50: 'ESP',
  58: 'ICMPv6',
  89: 'OSPF',
  112: 'VRRP',
  132: 'SCTP',
};

const ETHER_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x0842: 'Wake on LAN',
  0x22f0: 'AVTP',
  0x6558: 'Transparent Ethernet bridging',
  0x8035: 'RARP',
  0x8100: '802.1Q Virtual LAN',
  0x86dd: 'IPv6',
  0x8808: 'Ethernet flow control',
  0x8809: 'Slow Protocols',
  0x8847: 'MPLS label switched packet',
  0x8848: 'MPLS multicast label switched packet',
  0x8863: 'PPPoE Discovery',
  0x8864: 'PPPoE Session',
  0x888e: '802.1X Authentication',
  0x88a8: '802.1ad Provider Bridge (Q-in-Q)',
  0x88b8: 'IEC 61850/GOOSE',
  0x88be: 'ERSPAN',
  0x88cc: '802.1 Link Layer Discovery Protocol (LLDP)',
  0x88e5: '802.1AE (MACsec)',
  0x88f7: 'PTPv2 over Ethernet (IEEE1588)',
  0x8906: 'Fibre Channel over Ethernet',
  0x9100: 'VLAN-tagged frame (IEEE 802.1Q)',
};

const LINK_TYPE_NAMES: Readonly<Record<number, string>> = {
  [LinkType.Null]: 'NULL/Loopback',
  [LinkType.Ethernet]: 'Ethernet',
  [LinkType.RawBsd12]: 'Raw IP',
  [LinkType.RawBsd14]: 'Raw IP',
  [LinkType.Raw]: 'Raw IP',
  [LinkType.Ieee80211]: 'IEEE 802.11 Wireless LAN',
  [LinkType.Loop]: 'OpenBSD loopback',
  [LinkType.LinuxSll]: 'Linux cooked-mode capture v1',
  [LinkType.Ieee80211Radiotap]: 'IEEE 802.11 plus radiotap radio header',
  [LinkType.User2]: 'Apple PKTAP',
  [LinkType.Ipv4]: 'Raw IPv4',
  [LinkType.Ipv6]: 'Raw IPv6',
  [LinkType.Nflog]: 'NFLOG',
  [LinkType.Pktap]: 'Apple PKTAP',
  [LinkType.LinuxSll2]: 'Linux cooked-mode capture v2',
};

/** `IPv4 (0x0800)`; a length field (below 0x0600) as `Length: n`, an unknown type as its hex alone. */
export function etherTypeText(value: number): string {
  const name = ETHER_TYPE_NAMES[value];
  return name ? `${name} (${hexOf(value, 4)})` : hexOf(value, 4);
}

/** `TCP (6)`, or the bare number when it has no name here. */
export function ipProtocolText(value: number): string {
  const name = IP_PROTOCOL_NAMES[value];
  return name ? `${name} (${value})` : String(value);
}

/** `Ethernet (1)`, or the bare number when it has no name here. */
export function linkTypeText(value: number): string {
  const name = LINK_TYPE_NAMES[value];
  return name ? `${name} (${value})` : String(value);
}

/** ARP's hardware type: `Ethernet (1)`. */
export function arpHardwareText(value: number): string {
  return value === 1 ? 'Ethernet (1)' : value === 6 ? 'IEEE 802 (6)' : String(value);
}

/** ARP's opcode: `request (1)`, `reply (2)`. */
export function arpOpcodeText(value: number): string {
  const name = ['', 'request', 'reply', 'reverse request', 'reverse reply'][value];
  return name ? `${name} (${value})` : String(value);
}
