// Frames written byte by byte from the RFCs and link-type specs (not with any encoder of ours),
// shared by the decoder tables, the fuzz seeds and the tshark cross-check.
import { LinkType } from '../../../../src/helper/decode/linkType';

/** One hand-made frame and what decoding it must give. */
export interface HandMadeFrame {
  name: string;
  linkType: LinkType;
  bytes: Buffer;
  /** protocol stack in Wireshark's names */
  stack: string[];
  /** fields of DecodedPacket that must have these values */
  fields: Record<string, number | boolean>;
  /** the payload as text, when there is one worth checking */
  payload?: string;
}

/** Hex with spaces, newlines and `#` comments allowed, so frames read like the RFC diagrams. */
export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/#[^\n]*/g, '').replace(/\s+/g, ''), 'hex');
}

const ETH = '020000000002 020000000001'; // destination, source
const V6_LINK_LOCAL_1 = 'fe80 0000 0000 0000 0000 0000 0000 0001';
const V6_LINK_LOCAL_2 = 'fe80 0000 0000 0000 0000 0000 0000 0002';
const V6_LOOPBACK = '0000 0000 0000 0000 0000 0000 0000 0001';
const V6_ALL_NODES = 'ff02 0000 0000 0000 0000 0000 0000 0001';

export const handMadeFrames: HandMadeFrame[] = [
  {
    name: 'Ethernet, IPv4, TCP SYN with MSS, SACK-permitted, timestamps, window scale',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 0800
      45 00 003c 1c46 4000 40 06 0000  0a000001 0a000002   # IPv4: 60 bytes, DF, TTL 64, TCP
      c350 0050 11223344 00000000 a0 02 faf0 0000 0000     # TCP 50000 -> 80, SYN, 40-byte header
      0204 05b4  0402  080a 00000064 00000000  01  030307  # MSS 1460, SACK-perm, TS 100/0, NOP, WS 7`),
    stack: ['eth', 'ip', 'tcp'],
    fields: {
      srcPort: 50000,
      dstPort: 80,
      tcpSeq: 0x11223344,
      tcpFlags: 0x02,
      tcpWindow: 0xfaf0,
      tcpHeaderLength: 40,
      tcpMss: 1460,
      tcpSackPermitted: true,
      tcpHasTimestamps: true,
      tcpTsVal: 100,
      tcpTsEcr: 0,
      tcpWindowScale: 7,
      ttl: 64,
      srcIpv4: 0x0a000001,
      dstIpv4: 0x0a000002,
      ipLength: 60,
      payloadOffset: 74,
      payloadLength: 0,
      truncated: false,
    },
  },
  {
    name: 'Ethernet, IPv4, TCP with an HTTP request',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 0800
      45 00 0038 0001 4000 40 06 0000 0a000001 0a000002   # 56 bytes
      c351 0050 00000001 00000001 50 18 0200 0000 0000     # PSH+ACK, 20-byte header
      ${Buffer.from('GET / HTTP/1.1\r\n').toString('hex')}`),
    stack: ['eth', 'ip', 'tcp'],
    fields: { srcPort: 50001, dstPort: 80, tcpFlags: 0x18, tcpMss: -1, payloadOffset: 54, payloadLength: 16 },
    payload: 'GET / HTTP/1.1\r\n',
  },
  {
    name: 'Ethernet, 802.1Q VLAN 100, IPv4, UDP DNS query',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 8100 0064 0800
      45 00 0037 0002 0000 40 11 0000 0a000001 0a000002    # 55 bytes, UDP
      d431 0035 0023 0000                                  # 54321 -> 53, 35 bytes
      1234 0100 0001 0000 0000 0000 01 61 07 6578616d706c65 00 0001 0001  # a.example A IN`),
    stack: ['eth', 'vlan', 'ip', 'udp'],
    fields: {
      vlanCount: 1,
      vlanOuter: 100,
      vlanInner: 100,
      etherType: 0x0800,
      srcPort: 54321,
      dstPort: 53,
      udpLength: 35,
      payloadOffset: 46,
      payloadLength: 27,
    },
  },
  {
    name: 'Ethernet, QinQ (802.1ad 100 over 802.1Q 200), IPv6, UDP',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 88a8 0064 8100 00c8 86dd
      6000 0000 000a 11 40 ${V6_LINK_LOCAL_1} ${V6_ALL_NODES}
      1f90 1f91 000a 0000 6869                             # 8080 -> 8081, "hi"`),
    stack: ['eth', 'ieee8021ad', 'vlan', 'ipv6', 'udp'],
    fields: {
      vlanCount: 2,
      serviceTagCount: 1,
      vlanOuter: 100,
      vlanInner: 200,
      srcPort: 8080,
      dstPort: 8081,
      ttl: 64,
      payloadLength: 2,
    },
    payload: 'hi',
  },
  {
    name: 'Ethernet padded to 60 bytes: IP length, not the frame, bounds the payload',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 0800
      45 00 001c 0003 0000 40 01 0000 0a000001 0a000002    # 28 bytes: ICMP echo, no data
      08 00 0000 0001 0001
      000000000000000000000000000000000000                # 18 bytes of Ethernet padding`),
    stack: ['eth', 'ip', 'icmp'],
    fields: { icmpType: 8, icmpCode: 0, ipLength: 28, payloadLength: 0, capturedLength: 60 },
  },
  {
    name: 'Ethernet, IPv4 with a router-alert option, UDP',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 0800
      46 00 0020 0004 0000 01 11 0000 0a000001 e0000016 94040000  # IHL 6: router alert
      0001 0002 0008 0000`),
    stack: ['eth', 'ip', 'udp'],
    fields: { ipHeaderLength: 24, transportOffset: 38, srcPort: 1, dstPort: 2, payloadLength: 0 },
  },
  {
    name: 'Ethernet, IPv4 first fragment: the UDP header is there',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 0800
      45 00 0024 abcd 2000 40 11 0000 0a000001 0a000002    # MF, offset 0
      0044 0043 0100 0000 0102030405060708                 # UDP 68 -> 67, says 256 bytes`),
    stack: ['eth', 'ip', 'udp'],
    fields: {
      isFragment: true,
      moreFragments: true,
      fragmentOffset: 0,
      ipId: 0xabcd,
      srcPort: 68,
      dstPort: 67,
      payloadLength: 8,
    },
  },
  {
    name: 'Ethernet, IPv4 later fragment: no transport header',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 0800
      45 00 001c abcd 0001 40 11 0000 0a000001 0a000002    # offset 1 (8 bytes), last
      0102030405060708`),
    stack: ['eth', 'ip'],
    fields: {
      isFragment: true,
      moreFragments: false,
      fragmentOffset: 8,
      ipProtocol: 17,
      transport: 0,
      payloadOffset: -1,
    },
  },
  {
    name: 'Ethernet, ARP reply',
    linkType: LinkType.Ethernet,
    bytes: hex(`020000000001 b827eb000011 0806
      0001 0800 06 04 0002 b827eb000011 0ad5000b 020000000001 0ad50001`),
    stack: ['eth', 'arp'],
    fields: {
      arpOperation: 2,
      arpSenderMacOffset: 22,
      arpSenderIp: 0x0ad5000b,
      arpTargetMacOffset: 32,
      arpTargetIp: 0x0ad50001,
    },
  },
  {
    name: 'Ethernet 802.3 with LLC (a spanning-tree BPDU)',
    linkType: LinkType.Ethernet,
    bytes: hex(`0180c2000000 020000000001 0026
      42 42 03 0000 00 00 00 8000020000000001 00000000 8000020000000001 8001 0000 1400 0200 0f00
      0000000000000000`),
    stack: ['eth', 'llc'],
    fields: { etherType: 0x26 },
  },
  {
    name: 'Linux SLL, IPv4, ICMP echo request',
    linkType: LinkType.LinuxSll,
    bytes: hex(`0000 0001 0006 020000000001 0000 0800               # to us, Ethernet, 6-byte address
      45 00 001c 0001 0000 40 01 0000 7f000001 7f000001
      08 00 0000 0001 0001`),
    stack: ['sll', 'ip', 'icmp'],
    fields: { sllPacketType: 0, srcMacOffset: 6, icmpType: 8 },
  },
  {
    name: 'Linux SLL, ARP request',
    linkType: LinkType.LinuxSll,
    bytes: hex(`0001 0001 0006 020000000001 0000 0806               # broadcast
      0001 0800 06 04 0001 020000000001 0ad50001 000000000000 0ad5002a`),
    stack: ['sll', 'arp'],
    fields: { sllPacketType: 1, arpOperation: 1, arpTargetIp: 0x0ad5002a },
  },
  {
    name: 'Linux SLL2, IPv6, ICMPv6 neighbour solicitation with source link-layer address',
    linkType: LinkType.LinuxSll2,
    bytes: hex(`86dd 0000 00000002 0001 00 06 020000000001 0000   # interface 2, to us
      6000 0000 0020 3a ff ${V6_LINK_LOCAL_1} ff02 0000 0000 0000 0000 0001 ff00 0002
      87 00 0000 00000000 ${V6_LINK_LOCAL_2}
      01 01 020000000001`),
    stack: ['sll', 'ipv6', 'icmpv6'],
    fields: {
      sllInterfaceIndex: 2,
      sllPacketType: 0,
      srcMacOffset: 12,
      icmpType: 135,
      ndpTargetOffset: 68,
      ndpLinkAddressOffset: 86,
      ttl: 255,
    },
  },
  {
    name: 'Ethernet, IPv6, ICMPv6 neighbour advertisement with target link-layer address',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 86dd
      6000 0000 0020 3a ff ${V6_LINK_LOCAL_2} ${V6_LINK_LOCAL_1}
      88 00 0000 60000000 ${V6_LINK_LOCAL_2}               # solicited, override
      02 01 020000000002`),
    stack: ['eth', 'ipv6', 'icmpv6'],
    fields: { icmpType: 136, ndpTargetOffset: 62, ndpLinkAddressOffset: 80 },
  },
  {
    name: 'Ethernet, IPv6 with hop-by-hop, routing and destination options, then TCP',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 86dd
      6000 0000 002c 00 40 ${V6_LINK_LOCAL_1} ${V6_LINK_LOCAL_2}
      2b 00 0104 00000000                                  # hop-by-hop: PadN; next routing
      3c 00 00 00 00000000                                 # routing type 0, no segments left; next dest-opts
      06 00 0104 00000000                                  # destination options: PadN; next TCP
      0016 c352 00000001 00000002 50 10 0200 0000 0000`),
    stack: ['eth', 'ipv6', 'ipv6.hopopts', 'ipv6.routing', 'ipv6.dstopts', 'tcp'],
    fields: { extensionCount: 3, ipProtocol: 6, transportOffset: 78, srcPort: 22, dstPort: 50002, tcpFlags: 0x10 },
  },
  {
    name: 'Ethernet, IPv6 first fragment: the UDP header is there',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 86dd
      6000 0000 0010 2c 40 ${V6_LINK_LOCAL_1} ${V6_LINK_LOCAL_2}
      11 00 0001 12345678                                  # fragment: offset 0, more follow
      0035 0035 0100 0000`),
    stack: ['eth', 'ipv6', 'ipv6.fraghdr', 'udp'],
    fields: { isFragment: true, moreFragments: true, fragmentOffset: 0, ipId: 0x12345678, srcPort: 53, udpLength: 256 },
  },
  {
    name: 'Ethernet, IPv6 later fragment: no transport header',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 86dd
      6000 0000 0010 2c 40 ${V6_LINK_LOCAL_1} ${V6_LINK_LOCAL_2}
      11 00 0008 12345678                                  # fragment: offset 1 (8 bytes), last
      0102030405060708`),
    stack: ['eth', 'ipv6', 'ipv6.fraghdr'],
    fields: { isFragment: true, moreFragments: false, fragmentOffset: 8, ipProtocol: 17, transport: 0 },
  },
  {
    name: 'Ethernet, IPv6, AH, TCP',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 86dd
      6000 0000 002c 33 40 ${V6_LINK_LOCAL_1} ${V6_LINK_LOCAL_2}
      06 04 0000 00000100 00000001 000000000000000000000000  # AH: 24 bytes, SPI 256; next TCP
      0016 c353 00000001 00000002 50 10 0200 0000 0000`),
    stack: ['eth', 'ipv6', 'ah', 'tcp'],
    fields: { extensionCount: 1, srcPort: 22, dstPort: 50003 },
  },
  {
    name: 'Ethernet, IPv6, ESP: nothing after it is readable',
    linkType: LinkType.Ethernet,
    bytes: hex(`${ETH} 86dd
      6000 0000 0010 32 40 ${V6_LINK_LOCAL_1} ${V6_LINK_LOCAL_2}
      00000100 00000001 0102030405060708`),
    stack: ['eth', 'ipv6', 'esp'],
    fields: { ipProtocol: 50, transportOffset: 54, srcPort: 0 },
  },
  {
    name: 'BSD null (little-endian AF_INET), IPv4, UDP',
    linkType: LinkType.Null,
    bytes: hex(`02000000
      45 00 0020 0005 0000 40 11 0000 7f000001 7f000001
      0035 d431 000c 0000 61626364`),
    stack: ['null', 'ip', 'udp'],
    fields: { etherType: 0x0800, srcPort: 53, dstPort: 54321, payloadLength: 4 },
    payload: 'abcd',
  },
  {
    name: 'BSD null (big-endian AF_INET6 = 30, macOS), IPv6, TCP',
    linkType: LinkType.Null,
    bytes: hex(`0000001e
      6000 0000 0014 06 40 ${V6_LOOPBACK} ${V6_LOOPBACK}
      0016 c351 00000001 00000002 50 10 0200 0000 0000`),
    stack: ['null', 'ipv6', 'tcp'],
    fields: { etherType: 0x86dd, srcPort: 22, dstPort: 50001 },
  },
  {
    name: 'Raw IP (LINKTYPE_RAW), IPv4, TCP with payload',
    linkType: LinkType.Raw,
    bytes: hex(`45 00 002c 0006 4000 40 06 0000 7f000001 7f000001
      c350 1a0b 00000001 00000001 50 18 0200 0000 0000 50494e47`),
    stack: ['raw', 'ip', 'tcp'],
    fields: { srcPort: 50000, dstPort: 6667, payloadOffset: 40, payloadLength: 4 },
    payload: 'PING',
  },
  {
    name: 'Raw IP (LINKTYPE_RAW), IPv6, UDP',
    linkType: LinkType.Raw,
    bytes: hex(`6000 0000 0008 11 40 ${V6_LOOPBACK} ${V6_LOOPBACK} 0001 0002 0008 0000`),
    stack: ['raw', 'ipv6', 'udp'],
    fields: { ipVersion: 6, srcPort: 1, dstPort: 2, payloadLength: 0 },
  },
];
