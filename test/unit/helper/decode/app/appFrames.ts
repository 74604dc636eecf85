// Application payloads written byte by byte from the RFCs (not with any encoder of ours), wrapped
// in Ethernet/IPv4/UDP or TCP headers, with what decodeApp must make of them. Shared by the
// decoder table test, the fuzz seeds and the tshark cross-check.
import { createCipheriv } from 'node:crypto';
import { clientInitialKeys } from '../../../../../src/helper/decode/app/quicInitial';
import { LinkType } from '../../../../../src/helper/decode/linkType';
import { hex } from '../handMadeFrames';

/** One hand-made frame with an application payload. */
export interface AppFrame {
  name: string;
  linkType: LinkType;
  bytes: Buffer;
  /** the app protocol in Wireshark's name */
  protocol: string;
  /** fields of AppInfo (strings, numbers, booleans) that must have these values */
  fields: Record<string, string | number | boolean>;
  /** the Info column the summary must give */
  info?: string;
}

const ETH = '020000000002 020000000001 0800';

/** Ethernet + IPv4 (10.0.0.1 → 10.0.0.2 unless given) + UDP around `payload`; lengths filled in. */
export function udpFrame(sport: number, dport: number, payload: Buffer, src = '0a000001', dst = '0a000002'): Buffer {
  const udp = Buffer.concat([hex(`${port(sport)} ${port(dport)} ${port(8 + payload.length)} 0000`), payload]);
  return Buffer.concat([hex(`${ETH} 4500 ${port(20 + udp.length)} 0001 0000 4011 0000 ${src} ${dst}`), udp]);
}

/** Ethernet + IPv4 + TCP (PSH ACK, seq 1, ack 1) around `payload`. */
export function tcpFrame(sport: number, dport: number, payload: Buffer): Buffer {
  const tcp = Buffer.concat([hex(`${port(sport)} ${port(dport)} 00000001 00000001 5018 faf0 0000 0000`), payload]);
  return Buffer.concat([hex(`${ETH} 4500 ${port(20 + tcp.length)} 0001 4000 4006 0000 0a000001 0a000002`), tcp]);
}

function port(n: number): string {
  return n.toString(16).padStart(4, '0');
}

const text = (s: string) => Buffer.from(s, 'latin1');

const DNS_QUERY = hex(`
  1a2b 0100 0001 0000 0000 0000                     # id, RD, one question
  07 6578616d706c65 03 636f6d 00 0001 0001          # example.com A IN`);
const DNS_RESPONSE = hex(`
  1a2b 8180 0001 0003 0000 0000                     # response, RD RA, 1 question, 3 answers
  03 777777 07 6578616d706c65 03 636f6d 00 0001 0001   # www.example.com A IN (name at 12, example.com at 16)
  c00c 0005 0001 00000e10 0002 c010                 # www.example.com CNAME example.com (pointer)
  c010 0001 0001 00000e10 0004 5db8d822             # example.com A 93.184.216.34
  c010 001c 0001 00000e10 0010 26062800022000010248189325c81946  # example.com AAAA`);
const PTR_RESPONSE = hex(`
  0007 8580 0001 0001 0000 0000
  01 35 02 31 31 03 323133 02 3130 07 696e2d61646472 04 61727061 00 000c 0001   # 5.11.213.10.in-addr.arpa PTR
  c00c 000c 0001 00000258 000b 05 7072696e74 03 6c616e 00                      # → print.lan`);
const MDNS_QUERY = hex(`
  0000 0000 0001 0000 0000 0000
  05 5f68747470 04 5f746370 05 6c6f63616c 00 000c 0001    # _http._tcp.local PTR IN`);
/** a query for `name` (one label, then `.local`), type A, class IN; `id` 0 as mDNS sends it */
const localQuery = (label: Buffer, id = '0000') =>
  Buffer.concat([
    hex(`${id} 0000 0001 0000 0000 0000`),
    Buffer.from([label.length]),
    label,
    hex('05 6c6f63616c 00 0001 0001'),
  ]);
const LLMNR_QUERY = hex(`
  4c4c 0000 0001 0000 0000 0000
  06 6c617074 6f70 00 0001 0001                           # laptop A IN`);
const NBNS_QUERY = hex(`
  8a1c 0110 0001 0000 0000 0000                          # name query, broadcast, RD
  20 4547454a454d4546464445464643464745464643434143414341434143414341 00 0020 0001`);

export const appFrames: AppFrame[] = [
  {
    name: 'DNS query A example.com',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(40000, 53, DNS_QUERY),
    protocol: 'dns',
    fields: { dnsId: 0x1a2b, dnsIsResponse: false, dnsQueryName: 'example.com', dnsQueryType: 1, dnsRecordCount: 0 },
    info: 'Standard query 0x1a2b A example.com',
  },
  {
    name: 'DNS response with CNAME, A and AAAA behind compression pointers',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(53, 40000, DNS_RESPONSE, '0a000002', '0a000001'),
    protocol: 'dns',
    fields: { dnsIsResponse: true, dnsQueryName: 'www.example.com', dnsAnswerCount: 3, dnsRecordCount: 3, dnsRcode: 0 },
    info:
      'Standard query response 0x1a2b A www.example.com CNAME example.com A 93.184.216.34 ' +
      'AAAA 2606:2800:220:1:248:1893:25c8:1946',
  },
  {
    name: 'DNS PTR response',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(53, 40001, PTR_RESPONSE, '0a000002', '0a000001'),
    protocol: 'dns',
    fields: { dnsQueryName: '5.11.213.10.in-addr.arpa', dnsQueryType: 12, dnsRecordCount: 1 },
    info: 'Standard query response 0x0007 PTR 5.11.213.10.in-addr.arpa PTR print.lan',
  },
  {
    name: 'mDNS PTR query',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(5353, 5353, MDNS_QUERY, '0a000001', 'e00000fb'),
    protocol: 'mdns',
    fields: { dnsQueryName: '_http._tcp.local', dnsQueryType: 12 },
  },
  {
    name: 'mDNS query for a UTF-8 name (an iPhone named with a curly apostrophe)',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(5353, 5353, localQuery(Buffer.from('João’s iPhone', 'utf8')), '0a000001', 'e00000fb'),
    protocol: 'mdns',
    fields: { dnsQueryName: 'João’s iPhone.local', dnsQueryType: 1 },
  },
  {
    name: 'DNS query for a name with bytes that are not UTF-8',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(40002, 53, localQuery(hex('61 ff 62 c3 28 63 e2 80'), '0b0c')),
    protocol: 'dns',
    fields: { dnsQueryName: 'a\ufffdb\ufffd(c\ufffd.local', dnsQueryType: 1 },
    info: 'Standard query 0x0b0c A a\ufffdb\ufffd(c\ufffd.local',
  },
  {
    name: 'LLMNR query',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(50000, 5355, LLMNR_QUERY, '0a000001', 'e00000fc'),
    protocol: 'llmnr',
    fields: { dnsQueryName: 'laptop', dnsQueryType: 1 },
  },
  {
    name: 'NBNS name query FILESERVER<20>',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(137, 137, NBNS_QUERY, '0a000001', '0a0000ff'),
    protocol: 'nbns',
    fields: { dnsQueryName: 'FILESERVER<20>', dnsOpcode: 0, dnsQueryType: 32 },
  },
  {
    name: 'HTTP GET on port 80',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(50000, 80, text('GET /index.html HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t/1\r\n\r\n')),
    protocol: 'http',
    fields: { httpMethod: 'GET', httpUri: '/index.html', httpVersion: 'HTTP/1.1', httpHost: 'example.com' },
    info: 'GET /index.html HTTP/1.1',
  },
  {
    name: 'HTTP response by content on port 8000',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(8000, 50000, text('HTTP/1.0 404 Not Found\r\nServer: x\r\nContent-Length: 12\r\n\r\n')),
    protocol: 'http',
    fields: { httpStatus: 404, httpReason: 'Not Found', httpServer: 'x', httpContentLength: 12, byContent: true },
    info: 'HTTP/1.0 404 Not Found',
  },
];

const CLIENT_HELLO = hex(`
  16 0301 0060                                      # handshake record, 96 bytes
  01 00005c 0303 ${'00'.repeat(32)} 00              # ClientHello, 92 bytes, legacy 1.2, random, no session id
  0004 1301 1302  01 00  002f                       # 2 suites, null compression, 47 bytes of extensions
  0000 0010 000e 00 000b 6578616d706c652e636f6d     # server_name example.com
  0010 000e 000c 02 6832 08 687474702f312e31        # ALPN h2, http/1.1
  002b 0005 04 0304 0303                            # supported_versions 1.3, 1.2`);
const SERVER_FLIGHT = hex(`
  16 0303 0032 02 00002e 0303 ${'11'.repeat(32)} 00 1301 00 0006 002b 0002 0304   # ServerHello, TLS 1.3
  14 0303 0001 01                                   # ChangeCipherSpec
  17 0303 0005 0102030405                           # application data`);
const DHCP_DISCOVER = hex(`
  01 01 06 00 3903f326 0000 8000                    # BOOTREQUEST, Ethernet, xid, broadcast flag
  00000000 00000000 00000000 00000000               # ciaddr yiaddr siaddr giaddr
  020000000001 ${'00'.repeat(10)}                   # chaddr
  ${'00'.repeat(64)} ${'00'.repeat(128)}            # sname, file
  63825363                                          # magic cookie
  35 01 01                                          # 53: Discover
  32 04 0a000005                                    # 50: requested 10.0.0.5
  0c 06 6c6170746f70                                # 12: laptop
  3c 08 4d53465420352e30                            # 60: MSFT 5.0
  ff`);
const DHCP_DISCOVER_SMALL_XID = Buffer.from(DHCP_DISCOVER);
DHCP_DISCOVER_SMALL_XID.writeUInt32BE(0x02d34b57, 4);
const NTP_CLIENT = hex(`23 00 06 ec ${'00'.repeat(44)}`); // LI 0, version 4, mode 3 (client)

appFrames.push(
  {
    name: 'TLS ClientHello with SNI, ALPN and supported_versions',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(50000, 443, CLIENT_HELLO),
    protocol: 'tls',
    fields: {
      tlsClientHello: true,
      tlsSni: 'example.com',
      tlsAlpn: 'h2,http/1.1',
      tlsRecordVersion: 0x0301,
      tlsHelloVersion: 0x0303,
      tlsSupportedVersionCount: 2,
      tlsMessageCount: 1,
    },
    info: 'Client Hello (SNI=example.com)',
  },
  {
    name: 'TLS ServerHello (1.3), ChangeCipherSpec and application data in one segment',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(443, 50000, SERVER_FLIGHT),
    protocol: 'tls',
    fields: { tlsServerHello: true, tlsSelectedVersion: 0x0304, tlsCipherSuite: 0x1301, tlsMessageCount: 3 },
    info: 'Server Hello, Change Cipher Spec, Application Data',
  },
  {
    name: 'TLS continuation on 443 (no record header): named by port',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(443, 50000, hex('ab'.repeat(40))),
    protocol: 'tls',
    fields: { byContent: false, tlsMessageCount: 0 },
  },
  {
    name: 'SSH banner',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(22, 50000, text('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n')),
    protocol: 'ssh',
    fields: { sshBanner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3' },
    info: 'Server: Protocol (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3)',
  },
  {
    name: 'FTP greeting',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(21, 50000, text('220 (vsFTPd 3.0.3)\r\n')),
    protocol: 'ftp',
    fields: { replyCode: 220, replyText: '(vsFTPd 3.0.3)' },
    info: 'Response: 220 (vsFTPd 3.0.3)',
  },
  {
    name: 'FTP USER',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(50000, 21, text('USER anonymous\r\n')),
    protocol: 'ftp',
    fields: { lineCommand: 'USER', lineArgument: 'anonymous' },
    info: 'Request: USER anonymous',
  },
  {
    name: 'SMTP greeting',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(25, 50000, text('220 mail.lab ESMTP Postfix\r\n')),
    protocol: 'smtp',
    fields: { replyCode: 220, replyText: 'mail.lab ESMTP Postfix' },
    info: 'S: 220 mail.lab ESMTP Postfix',
  },
  {
    name: 'SMTP EHLO',
    linkType: LinkType.Ethernet,
    bytes: tcpFrame(50000, 25, text('EHLO client.lab\r\n')),
    protocol: 'smtp',
    fields: { lineCommand: 'EHLO', lineArgument: 'client.lab' },
    info: 'C: EHLO client.lab',
  },
  {
    name: 'DHCP Discover with requested address, host name and vendor class',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(68, 67, DHCP_DISCOVER, '00000000', 'ffffffff'),
    protocol: 'dhcp',
    fields: {
      dhcpOp: 1,
      dhcpMessageType: 1,
      dhcpTransactionId: 0x3903f326,
      dhcpHostname: 'laptop',
      dhcpVendorClass: 'MSFT 5.0',
      dhcpRequestedIp: 0x0a000005,
      truncated: false,
    },
    info: 'DHCP Discover - Transaction ID 0x3903f326',
  },
  {
    // Wireshark's Info column does not pad the id: a leading zero nibble is left out.
    name: 'DHCP Discover whose transaction id starts with a zero nibble',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(68, 67, DHCP_DISCOVER_SMALL_XID, '00000000', 'ffffffff'),
    protocol: 'dhcp',
    fields: { dhcpMessageType: 1, dhcpTransactionId: 0x02d34b57 },
    info: 'DHCP Discover - Transaction ID 0x2d34b57',
  },
  {
    name: 'NTP client request',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(40123, 123, NTP_CLIENT),
    protocol: 'ntp',
    fields: { ntpVersion: 4, ntpMode: 3, ntpStratum: 0, ntpPoll: 6 },
    info: 'NTP Version 4, client',
  },
  {
    name: 'SSDP M-SEARCH',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(
      40000,
      1900,
      text(
        'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n',
      ),
      '0a000001',
      'effffffa',
    ),
    protocol: 'ssdp',
    fields: { httpMethod: 'M-SEARCH', httpUri: '*', ssdpTarget: 'ssdp:all', httpHost: '239.255.255.250:1900' },
    info: 'M-SEARCH * HTTP/1.1',
  },
  {
    name: 'SSDP NOTIFY',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(
      1900,
      1900,
      text(
        'NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n' +
          'LOCATION: http://10.0.0.1:80/desc.xml\r\nSERVER: Linux/5 UPnP/1.0 x/1\r\nUSN: uuid:1::upnp:rootdevice\r\n\r\n',
      ),
      '0a000001',
      'effffffa',
    ),
    protocol: 'ssdp',
    fields: {
      httpMethod: 'NOTIFY',
      ssdpTarget: 'upnp:rootdevice',
      ssdpNotificationSubtype: 'ssdp:alive',
      ssdpLocation: 'http://10.0.0.1:80/desc.xml',
      httpServer: 'Linux/5 UPnP/1.0 x/1',
      ssdpUsn: 'uuid:1::upnp:rootdevice',
    },
    info: 'NOTIFY * HTTP/1.1',
  },
  {
    name: 'UDP payload nobody claims',
    linkType: LinkType.Ethernet,
    bytes: udpFrame(40000, 40001, text('hello')),
    protocol: 'data',
    fields: { byContent: false },
    info: '40000 → 40001 Len=5',
  },
);

/**
 * A client Initial as RFC 9001 (section 5 and appendix A) builds it: the ClientHello above in a
 * CRYPTO frame, padded to 1200 bytes, protected with the initial keys of DCID 8394c8f03e515708.
 * The protection is applied here with node:crypto step by step from the RFC; the keys come from
 * `keys` (checked against appendix A.1 in the test, and tshark decrypts the result independently).
 */
export function quicInitialFrame(keys: { key: Buffer; iv: Buffer; hp: Buffer }): Buffer {
  const hello = CLIENT_HELLO.subarray(5); // the handshake message without the TLS record header
  const crypto = Buffer.concat([hex(`06 00 40${hello.length.toString(16).padStart(2, '0')}`), hello]);
  const pn = 2;
  const header = hex(`c3 00000001 08 8394c8f03e515708 00 00 449e 00000002`); // Initial, 4-byte PN, token 0, length 1182
  const plain = Buffer.concat([crypto, Buffer.alloc(1162 - crypto.length)]); // 1182 - 4 (PN) - 16 (tag)
  const nonce = Buffer.from(keys.iv);
  nonce.writeUInt32BE(nonce.readUInt32BE(8) ^ pn, 8);
  const gcm = createCipheriv('aes-128-gcm', keys.key, nonce);
  gcm.setAAD(header);
  const sealed = Buffer.concat([gcm.update(plain), gcm.final(), gcm.getAuthTag()]);
  const packet = Buffer.concat([header, sealed]);
  const pnAt = header.length - 4;
  const mask = createCipheriv('aes-128-ecb', keys.hp, null).update(packet.subarray(pnAt + 4, pnAt + 20));
  packet[0] ^= mask[0] & 0x0f;
  for (let i = 0; i < 4; i++) packet[pnAt + i] ^= mask[1 + i];
  return udpFrame(50000, 443, packet);
}

appFrames.push({
  name: 'QUIC v1 client Initial (RFC 9001 keys): decrypted, SNI and ALPN from its ClientHello',
  linkType: LinkType.Ethernet,
  bytes: quicInitialFrame(clientInitialKeys(1, hex('8394c8f03e515708'))!),
  protocol: 'quic',
  fields: {
    quicLongHeader: true,
    quicVersion: 1,
    quicPacketType: 0,
    quicDcidLength: 8,
    quicDecrypted: true,
    tlsClientHello: true,
    tlsSni: 'example.com',
    tlsAlpn: 'h2,http/1.1',
  },
  info: 'Initial, DCID=8394c8f03e515708, Client Hello (SNI=example.com)',
});
