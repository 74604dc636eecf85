// The application layer's part of the packet details pane, from what decodeApp read.
import type { PacketLayer } from '../../../shared/model/traffic';
import { ipv4Text, macAt } from '../addressText';
import { AppProtocol } from '../app/appInfo';
import type { AppInfo, DnsSection } from '../app/appInfo';
import { DHCP_MESSAGE_TYPES } from '../app/dhcp';
import { tlsVersionName } from '../app/tls';
import type { DecodedPacket } from '../packet';
import { appInfoColumn } from '../summary/appColumns';
import { dnsRecordData, dnsTypeName } from '../summary/appColumns';
import type { LayerBuilder } from './layerBuilder';
import { hexOf } from './layerBuilder';

const TITLES: Record<AppProtocol, [string, string]> = {
  [AppProtocol.None]: ['', ''],
  [AppProtocol.Data]: ['data', 'Data'],
  [AppProtocol.Dns]: ['dns', 'Domain Name System'],
  [AppProtocol.Mdns]: ['mdns', 'Multicast Domain Name System'],
  [AppProtocol.Llmnr]: ['llmnr', 'Link-local Multicast Name Resolution'],
  [AppProtocol.Nbns]: ['nbns', 'NetBIOS Name Service'],
  [AppProtocol.Http]: ['http', 'Hypertext Transfer Protocol'],
  [AppProtocol.Ssdp]: ['ssdp', 'Simple Service Discovery Protocol'],
  [AppProtocol.Tls]: ['tls', 'Transport Layer Security'],
  [AppProtocol.Quic]: ['quic', 'QUIC IETF'],
  [AppProtocol.Ssh]: ['ssh', 'SSH Protocol'],
  [AppProtocol.Ftp]: ['ftp', 'File Transfer Protocol (FTP)'],
  [AppProtocol.Smtp]: ['smtp', 'Simple Mail Transfer Protocol'],
  [AppProtocol.Dhcp]: ['dhcp', 'Dynamic Host Configuration Protocol'],
  [AppProtocol.Ntp]: ['ntp', 'Network Time Protocol'],
};

/** Adds the application layer (if any) covering the payload. */
export function dissectApp(b: LayerBuilder, packet: DecodedPacket, app: AppInfo): void {
  if (app.protocol === AppProtocol.None) return;
  const [name, title] = TITLES[app.protocol];
  const at = packet.payloadOffset;
  const summary = app.protocol === AppProtocol.Data ? `${packet.payloadLength} bytes` : appInfoColumn(packet, app);
  const layer = b.layer(name, summary ? `${title} (${summary})` : title, at, packet.payloadLength);
  if (app.truncated) b.note(layer, 'Truncated', 'the payload ends inside a field');
  if (app.malformed) b.note(layer, 'Malformed', 'the payload contradicts itself');
  if (!app.byContent && app.protocol !== AppProtocol.Data) b.note(layer, 'Named by', 'well-known port');
  switch (app.protocol) {
    case AppProtocol.Dns:
    case AppProtocol.Mdns:
    case AppProtocol.Llmnr:
    case AppProtocol.Nbns:
      return dns(b, layer, packet, app);
    case AppProtocol.Http:
    case AppProtocol.Ssdp:
      return http(b, layer, app);
    case AppProtocol.Tls:
      return tls(b, layer, app);
    case AppProtocol.Quic:
      return quic(b, layer, app);
    case AppProtocol.Ssh:
      return text(b, layer, [['Protocol', app.sshBanner]]);
    case AppProtocol.Ftp:
    case AppProtocol.Smtp:
      return text(b, layer, [
        ['Command', app.lineCommand],
        ['Argument', app.lineArgument],
        ['Reply code', app.replyCode || ''],
        ['Reply text', app.replyText],
      ]);
    case AppProtocol.Dhcp:
      return dhcp(b, layer, packet, app);
    case AppProtocol.Ntp:
      return text(b, layer, [
        ['Leap indicator', app.ntpLeap],
        ['Version', app.ntpVersion],
        ['Mode', app.ntpMode],
        ['Stratum', app.ntpStratum],
        ['Poll', `${app.ntpPoll} (${2 ** Math.max(-30, Math.min(30, app.ntpPoll))} s)`],
      ]);
  }
}

function text(b: LayerBuilder, layer: PacketLayer, fields: [string, string | number][]): void {
  for (const [name, value] of fields) if (value !== '') b.note(layer, name, value);
}

function dns(b: LayerBuilder, layer: PacketLayer, packet: DecodedPacket, app: AppInfo): void {
  const start = packet.payloadOffset;
  b.field(layer, 'Transaction ID', start, 2, () => hexOf(app.dnsId, 4));
  b.field(
    layer,
    'Flags',
    start + 2,
    2,
    () =>
      `${hexOf(app.dnsFlags, 4)} (${app.dnsIsResponse ? 'response' : 'query'}, opcode ${app.dnsOpcode}, rcode ${app.dnsRcode})`,
  );
  b.field(layer, 'Questions', start + 4, 2, () => app.dnsQuestionCount);
  b.field(layer, 'Answer RRs', start + 6, 2, () => app.dnsAnswerCount);
  b.field(layer, 'Authority RRs', start + 8, 2, () => app.dnsAuthorityCount);
  b.field(layer, 'Additional RRs', start + 10, 2, () => app.dnsAdditionalCount);
  if (app.dnsQueryName)
    b.note(
      layer,
      'Query',
      `${app.dnsQueryName}: type ${dnsTypeName(app.dnsQueryType)}, class ${app.dnsQueryClass & 0x7fff}`,
    );
  const sections = ['', 'Answer', 'Authority', 'Additional'];
  for (let i = 0; i < app.dnsRecordCount; i++) {
    const section = sections[app.dnsRecordSection[i]! as DnsSection] ?? '';
    const data = dnsRecordData(packet, app, i);
    const value = `${app.dnsRecordName[i]}: type ${dnsTypeName(app.dnsRecordType[i]!)}, class ${app.dnsRecordClass[i]! & 0x7fff}, ttl ${app.dnsRecordTtl[i]}${data ? `, ${data}` : ''}`;
    b.field(layer, section, app.dnsRecordDataOffset[i]!, app.dnsRecordDataLength[i]!, () => value);
  }
}

function http(b: LayerBuilder, layer: PacketLayer, app: AppInfo): void {
  text(b, layer, [
    ['Request method', app.httpMethod],
    ['Request URI', app.httpUri],
    ['Version', app.httpVersion],
    ['Status code', app.httpStatus || ''],
    ['Reason phrase', app.httpReason],
    ['Host', app.httpHost],
    ['User-Agent', app.httpUserAgent],
    ['Server', app.httpServer],
    ['Content-Type', app.httpContentType],
    ['Content-Length', app.httpContentLength >= 0 ? app.httpContentLength : ''],
    ['Search/notification target', app.ssdpTarget],
    ['Notification subtype', app.ssdpNotificationSubtype],
    ['Location', app.ssdpLocation],
    ['USN', app.ssdpUsn],
  ]);
}

function tls(b: LayerBuilder, layer: PacketLayer, app: AppInfo): void {
  const versions = Array.from(
    app.tlsSupportedVersions.subarray(0, app.tlsSupportedVersionCount),
    (v) => tlsVersionName(v) || hexOf(v, 4),
  );
  text(b, layer, [
    [
      'Record version',
      app.tlsRecordVersion ? tlsVersionName(app.tlsRecordVersion) || hexOf(app.tlsRecordVersion, 4) : '',
    ],
    ['Hello version', app.tlsHelloVersion ? hexOf(app.tlsHelloVersion, 4) : ''],
    ['Server Name Indication', app.tlsSni],
    ['ALPN', app.tlsAlpn],
    ['Supported versions', versions.join(', ')],
    [
      'Selected version',
      app.tlsServerHello ? tlsVersionName(app.tlsSelectedVersion) || hexOf(app.tlsSelectedVersion, 4) : '',
    ],
    ['Cipher suite', app.tlsServerHello ? hexOf(app.tlsCipherSuite, 4) : ''],
  ]);
}

function quic(b: LayerBuilder, layer: PacketLayer, app: AppInfo): void {
  text(b, layer, [
    ['Header form', app.quicLongHeader ? 'Long' : 'Short'],
    ['Version', app.quicLongHeader ? hexOf(app.quicVersion, 8) : ''],
    [
      'Packet type',
      app.quicPacketType >= 0 ? (['Initial', '0-RTT', 'Handshake', 'Retry'][app.quicPacketType] ?? '') : '',
    ],
    ['Initial decrypted', app.quicDecrypted ? 'yes (RFC 9001 initial keys)' : ''],
    ['Server Name Indication', app.tlsSni],
    ['ALPN', app.tlsAlpn],
  ]);
}

function dhcp(b: LayerBuilder, layer: PacketLayer, packet: DecodedPacket, app: AppInfo): void {
  const start = packet.payloadOffset;
  b.field(layer, 'Message type', start, 1, () =>
    app.dhcpOp === 1 ? 'Boot Request (1)' : app.dhcpOp === 2 ? 'Boot Reply (2)' : app.dhcpOp,
  );
  b.field(layer, 'Transaction ID', start + 4, 4, () => hexOf(app.dhcpTransactionId, 8));
  b.field(layer, 'Client IP address', start + 12, 4, () => ipv4Text(app.dhcpClientIp));
  b.field(layer, 'Your (client) IP address', start + 16, 4, () => ipv4Text(app.dhcpYourIp));
  if (app.dhcpClientMacOffset >= 0)
    b.field(layer, 'Client MAC address', app.dhcpClientMacOffset, 6, () => macAt(packet.data, app.dhcpClientMacOffset));
  text(b, layer, [
    [
      'DHCP message type',
      app.dhcpMessageType ? `${DHCP_MESSAGE_TYPES[app.dhcpMessageType] ?? 'Unknown'} (${app.dhcpMessageType})` : '',
    ],
    ['Requested IP address', app.dhcpRequestedIp ? ipv4Text(app.dhcpRequestedIp) : ''],
    ['Server identifier', app.dhcpServerId ? ipv4Text(app.dhcpServerId) : ''],
    ['Host name', app.dhcpHostname],
    ['Vendor class identifier', app.dhcpVendorClass],
  ]);
}
