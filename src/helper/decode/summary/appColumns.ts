// Wireshark's Protocol and Info columns for the application layer (as tshark 4 writes them, with
// a few additions it lacks: SNI on a Client Hello). Called for the packets a view shows, not per
// captured packet: it builds strings freely.
import { ipv4At, ipv6At } from '../addressText';
import { AppProtocol, DnsSection, DnsType } from '../app/appInfo';
import type { AppInfo } from '../app/appInfo';
import { DHCP_MESSAGE_TYPES } from '../app/dhcp';
import { TCP_PORTS } from '../app/ports';
import { NO_HANDSHAKE, TlsContentType, tlsVersionName } from '../app/tls';
import type { DecodedPacket } from '../packet';

/** The Protocol column for an application protocol, or undefined to let the transport name it. */
export function appProtocolColumn(app: AppInfo): string | undefined {
  switch (app.protocol) {
    case AppProtocol.Dns:
      return 'DNS';
    case AppProtocol.Mdns:
      return 'MDNS';
    case AppProtocol.Llmnr:
      return 'LLMNR';
    case AppProtocol.Nbns:
      return 'NBNS';
    case AppProtocol.Http:
      return 'HTTP';
    case AppProtocol.Ssdp:
      return 'SSDP';
    case AppProtocol.Tls:
      // Without the conversation, the ServerHello's choice or else the record's version is all there is.
      return tlsVersionName(app.tlsSelectedVersion || app.tlsRecordVersion) || 'TLS';
    case AppProtocol.Quic:
      return 'QUIC';
    case AppProtocol.Ssh:
      return 'SSHv2';
    case AppProtocol.Ftp:
      return 'FTP';
    case AppProtocol.Smtp:
      return 'SMTP';
    case AppProtocol.Dhcp:
      return 'DHCP';
    case AppProtocol.Ntp:
      return 'NTP';
    default:
      return undefined;
  }
}

/** The Info column for an application protocol, or undefined to let the transport describe the packet. */
export function appInfoColumn(packet: DecodedPacket, app: AppInfo): string | undefined {
  switch (app.protocol) {
    case AppProtocol.Dns:
    case AppProtocol.Mdns:
    case AppProtocol.Llmnr:
      return dnsInfo(packet, app);
    case AppProtocol.Nbns:
      return nbnsInfo(packet, app);
    case AppProtocol.Http:
    case AppProtocol.Ssdp:
      return httpInfo(app);
    case AppProtocol.Tls:
      return tlsInfo(app);
    case AppProtocol.Quic:
      return quicInfo(packet, app);
    case AppProtocol.Ssh:
      return `${serverSent(packet) ? 'Server' : 'Client'}: ${app.sshBanner ? `Protocol (${app.sshBanner})` : `Encrypted packet (len=${packet.payloadLength})`}`;
    case AppProtocol.Ftp:
      if (app.replyCode) return `Response: ${app.replyCode} ${app.replyText}`;
      if (app.lineCommand) return `Request: ${app.lineCommand}${app.lineArgument ? ` ${app.lineArgument}` : ''}`;
      return serverSent(packet) ? 'Response: (continuation)' : 'Request: (continuation)';
    case AppProtocol.Smtp:
      if (app.replyCode) return `S: ${app.replyCode} ${app.replyText}`;
      if (app.lineCommand) return `C: ${app.lineCommand}${app.lineArgument ? ` ${app.lineArgument}` : ''}`;
      return serverSent(packet) ? 'S: (continuation)' : `C: DATA fragment, ${packet.payloadLength} bytes`;
    case AppProtocol.Dhcp:
      return dhcpInfo(app);
    case AppProtocol.Ntp:
      return `NTP Version ${app.ntpVersion}, ${NTP_MODES[app.ntpMode]}`;
    default:
      return undefined;
  }
}

const NTP_MODES = [
  'reserved',
  'symmetric active',
  'symmetric passive',
  'client',
  'server',
  'broadcast',
  'reserved for NTP control message',
  'reserved for private use',
];

/** The packet comes from the server side: its source port is the registered one (or the lower one). */
function serverSent(packet: DecodedPacket): boolean {
  if (TCP_PORTS[packet.srcPort]) return true;
  if (TCP_PORTS[packet.dstPort]) return false;
  return packet.srcPort < packet.dstPort;
}

const DNS_OPCODES: Record<number, string> = {
  0: 'Standard query',
  1: 'Inverse query',
  2: 'Server status request',
  4: 'Zone change notification',
  5: 'Dynamic update',
};
const DNS_RCODES: Record<number, string> = {
  1: 'Format error',
  2: 'Server failure',
  3: 'No such name',
  4: 'Not implemented',
  5: 'Refused',
};
const DNS_TYPES: Record<number, string> = Object.fromEntries(Object.entries(DnsType).map(([name, n]) => [n, name]));

/** A DNS type by name ('AAAA'), or `Unknown (n)`. */
export function dnsTypeName(type: number): string {
  return DNS_TYPES[type] ?? `Unknown (${type})`;
}

/** The data of record `i` as tshark shows it in the Info column ('' for types it does not show). */
export function dnsRecordData(packet: DecodedPacket, app: AppInfo, i: number): string {
  const at = app.dnsRecordDataOffset[i]!;
  const length = app.dnsRecordDataLength[i]!;
  switch (app.dnsRecordType[i]!) {
    case DnsType.A:
      return length >= 4 ? ipv4At(packet.data, at) : '';
    case DnsType.AAAA:
      return length >= 16 ? ipv6At(packet.data, at) : '';
    case DnsType.MX:
      return `${length >= 2 ? (packet.data[at]! << 8) | packet.data[at + 1]! : 0} ${app.dnsRecordTarget[i]!}`;
    default:
      return app.dnsRecordTarget[i]! ?? '';
  }
}

function dnsInfo(packet: DecodedPacket, app: AppInfo): string {
  const mdns = app.protocol === AppProtocol.Mdns;
  let text = `${DNS_OPCODES[app.dnsOpcode] ?? `Unknown operation (${app.dnsOpcode})`}${app.dnsIsResponse ? ' response' : ''}`;
  text += ` 0x${app.dnsId.toString(16).padStart(4, '0')}`;
  if (app.dnsIsResponse && DNS_RCODES[app.dnsRcode]) text += ` ${DNS_RCODES[app.dnsRcode]}`;
  if (app.dnsQuestionCount > 0 && app.dnsQueryName) {
    text += ` ${dnsTypeName(app.dnsQueryType)} ${app.dnsQueryName}`;
    if (mdns) text += (app.dnsQueryClass & 0x8000) !== 0 ? ', "QU" question' : ', "QM" question';
  }
  for (let i = 0; i < app.dnsRecordCount; i++) {
    const type = app.dnsRecordType[i]!;
    // tshark lists answers with their data, and other sections' records by type only.
    if (app.dnsRecordSection[i]! !== (DnsSection.Answer as number)) {
      text += ` ${dnsTypeName(type)}`;
      continue;
    }
    const flush = mdns && (app.dnsRecordClass[i]! & 0x8000) !== 0 ? ', cache flush' : '';
    const data = dnsRecordData(packet, app, i);
    text += ` ${dnsTypeName(type)}${flush}${data ? ` ${data}` : ''}`;
  }
  return text;
}

const NBNS_OPCODES: Record<number, string> = {
  0: 'Name query',
  5: 'Registration',
  6: 'Release',
  7: 'Wait for acknowledgment',
  8: 'Refresh',
  9: 'Refresh (alternate opcode)',
  15: 'Multi-homed registration',
};

function nbnsInfo(packet: DecodedPacket, app: AppInfo): string {
  let text = `${NBNS_OPCODES[app.dnsOpcode] ?? `Unknown operation (${app.dnsOpcode})`}${app.dnsIsResponse ? ' response' : ''}`;
  if (app.dnsIsResponse && DNS_RCODES[app.dnsRcode]) text += `, ${DNS_RCODES[app.dnsRcode]}`;
  const nbType = (type: number) => (type === DnsType.NB ? 'NB' : type === 33 ? 'NBSTAT' : dnsTypeName(type));
  if (app.dnsQueryName) text += ` ${nbType(app.dnsQueryType)} ${app.dnsQueryName}`;
  for (let i = 0; i < app.dnsRecordCount; i++) {
    if (app.dnsRecordSection[i]! !== (DnsSection.Answer as number)) continue;
    const type = app.dnsRecordType[i]!;
    const at = app.dnsRecordDataOffset[i]!;
    // An NB record holds 6-byte entries: 2 flag bytes, then an IPv4 address.
    const address = type === DnsType.NB && app.dnsRecordDataLength[i]! >= 6 ? ` ${ipv4At(packet.data, at + 2)}` : '';
    text += ` ${nbType(type)}${address}`;
  }
  return text;
}

function httpInfo(app: AppInfo): string {
  const type = app.httpContentType ? ` (${app.httpContentType})` : '';
  if (app.httpMethod) return `${app.httpMethod} ${app.httpUri}${app.httpVersion ? ` ${app.httpVersion}` : ''}${type}`;
  if (app.httpStatus) {
    return `${app.httpVersion} ${app.httpStatus} ${app.httpReason}${type}`.trimEnd();
  }
  return 'Continuation';
}

const HANDSHAKE_NAMES: Record<number, string> = {
  0: 'Hello Request',
  1: 'Client Hello',
  2: 'Server Hello',
  4: 'New Session Ticket',
  8: 'Encrypted Extensions',
  11: 'Certificate',
  12: 'Server Key Exchange',
  13: 'Certificate Request',
  14: 'Server Hello Done',
  15: 'Certificate Verify',
  16: 'Client Key Exchange',
  20: 'Finished',
};
const RECORD_NAMES: Record<number, string> = {
  [TlsContentType.ChangeCipherSpec]: 'Change Cipher Spec',
  [TlsContentType.Alert]: 'Alert',
  [TlsContentType.ApplicationData]: 'Application Data',
  [TlsContentType.Heartbeat]: 'Heartbeat',
};

function tlsInfo(app: AppInfo): string {
  if (app.tlsMessageCount === 0) return 'Continuation Data';
  const parts: string[] = [];
  for (let i = 0; i < app.tlsMessageCount; i++) {
    const content = app.tlsMessages[i]! >> 8;
    const handshake = app.tlsMessages[i]! & 0xff;
    if (content !== TlsContentType.Handshake) parts.push(RECORD_NAMES[content] ?? `Content type ${content}`);
    else if (handshake === NO_HANDSHAKE) parts.push('Encrypted Handshake Message');
    else if (handshake === 1 && app.tlsSni) parts.push(`Client Hello (SNI=${app.tlsSni})`);
    else parts.push(HANDSHAKE_NAMES[handshake] ?? `Handshake type ${handshake}`);
  }
  return parts.join(', ');
}

const QUIC_TYPES = ['Initial', '0-RTT', 'Handshake', 'Retry'];

function quicInfo(packet: DecodedPacket, app: AppInfo): string {
  if (!app.quicLongHeader) return 'Protected Payload';
  if (app.quicVersion === 0) return 'Version Negotiation';
  let text = QUIC_TYPES[app.quicPacketType] ?? 'Long Header';
  if (app.quicDcidOffset >= 0) text += `, DCID=${hex(packet.data, app.quicDcidOffset, app.quicDcidLength)}`;
  if (app.quicScidOffset >= 0 && app.quicScidLength > 0) {
    text += `, SCID=${hex(packet.data, app.quicScidOffset, app.quicScidLength)}`;
  }
  if (app.tlsClientHello) text += app.tlsSni ? `, Client Hello (SNI=${app.tlsSni})` : ', Client Hello';
  return text;
}

function hex(data: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += (data[at + i] ?? 0).toString(16).padStart(2, '0');
  return text;
}

function dhcpInfo(app: AppInfo): string {
  const name = DHCP_MESSAGE_TYPES[app.dhcpMessageType] ?? `Unknown Message Type (${app.dhcpMessageType})`;
  // Wireshark's Info column prints the id unpadded (0x%x), unlike its field in the tree.
  const xid = `Transaction ID 0x${app.dhcpTransactionId.toString(16)}`;
  if (!app.dhcpMessageType) return `Boot ${app.dhcpOp === 2 ? 'Reply' : 'Request'} - ${xid}`;
  return `DHCP ${name.padEnd(8)} - ${xid}`;
}
