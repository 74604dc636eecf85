// tshark as the oracle for the application layer: per packet, the protocol after the transport in
// `frame.protocols`, the fields both sides extract (DNS names and answers, SNI, ALPN, HTTP, DHCP,
// SSH, FTP, SMTP, NTP, NBNS, QUIC), and the Info column, next to what decodeApp makes of the same file.
import { ipv4Text } from '../../src/helper/decode/addressText';
import type { AppInfo } from '../../src/helper/decode/app/appInfo';
import { APP_PROTOCOL_NAMES, AppProtocol } from '../../src/helper/decode/app/appRegistry';
import { DnsType } from '../../src/helper/decode/app/dnsFields';
import { dnsRecordData } from '../../src/helper/decode/app/dnsText';
import type { DecodedPacket } from '../../src/helper/decode/packet';
import { packetColumns } from '../../src/helper/decode/summary/packetColumns';
import { macAt } from '../../src/helper/decode/addressText';
import type { NeighbourFields } from '../../src/helper/decode/app/neighbourFields';
import { hexBytes } from '../../src/helper/decode/dissect/layerBuilder';
import { mapDecodedPackets, tsharkFieldRows } from './tsharkOracle';

/** One packet's application layer as either side sees it: protocol name, fields, Info column. */
export interface AppView {
  app: string;
  fields: Record<string, string>;
  info: string;
}

// Our key → tshark field. Multiple occurrences are joined with '|' on both sides.
const FIELDS: Record<string, string> = {
  queryName: 'dns.qry.name',
  a: 'dns.a',
  aaaa: 'dns.aaaa',
  cname: 'dns.cname',
  ptr: 'dns.ptr.domain_name',
  mx: 'dns.mx.mail_exchange',
  sni: 'tls.handshake.extensions_server_name',
  alpn: 'tls.handshake.extensions_alpn_str',
  helloVersion: 'tls.handshake.version',
  clientVersions: 'tls.handshake.extensions.supported_version',
  method: 'http.request.method',
  uri: 'http.request.uri',
  host: 'http.host',
  status: 'http.response.code',
  dhcpType: 'dhcp.option.dhcp',
  dhcpHostname: 'dhcp.option.hostname',
  dhcpVendor: 'dhcp.option.vendor_class_id',
  dhcpRequested: 'dhcp.option.requested_ip_address',
  dhcpMac: 'dhcp.hw.mac_addr',
  sshBanner: 'ssh.protocol',
  ftpCommand: 'ftp.request.command',
  ftpArgument: 'ftp.request.arg',
  ftpCode: 'ftp.response.code',
  smtpCommand: 'smtp.req.command',
  smtpCode: 'smtp.response.code',
  ntpVersion: 'ntp.flags.vn',
  ntpMode: 'ntp.flags.mode',
  ntpStratum: 'ntp.stratum',
  nbnsName: 'nbns.name',
  quicVersion: 'quic.version',
  lldpChassisSubtype: 'lldp.chassis.subtype',
  lldpChassisId: 'lldp.chassis.id',
  lldpChassisMac: 'lldp.chassis.id.mac',
  lldpChassisIp: 'lldp.chassis.id.ip4',
  lldpPortSubtype: 'lldp.port.subtype',
  lldpPortId: 'lldp.port.id',
  lldpPortMac: 'lldp.port.id.mac',
  lldpPortIp: 'lldp.port.id.ip4',
  lldpTtl: 'lldp.time_to_live',
  lldpPortDescription: 'lldp.port.desc',
  lldpSystemName: 'lldp.tlv.system.name',
  lldpSystemDescription: 'lldp.tlv.system.desc',
  lldpCapabilities: 'lldp.tlv.system_cap',
  lldpEnabled: 'lldp.tlv.enable_system_cap',
  lldpAddress: 'lldp.mgn.addr.ip4',
  lldpAddress6: 'lldp.mgn.addr.ip6',
  lldpVlan: 'lldp.ieee.802_1.port_vlan.id',
  cdpVersion: 'cdp.version',
  cdpTtl: 'cdp.ttl',
  cdpDeviceId: 'cdp.deviceid',
  cdpPortId: 'cdp.portid',
  cdpCapabilities: 'cdp.capabilities',
  cdpSoftware: 'cdp.software_version',
  cdpPlatform: 'cdp.platform',
  cdpVlan: 'cdp.native_vlan',
  cdpDuplex: 'cdp.duplex',
  cdpAddress: 'cdp.nrgyz.ip_address',
  cdpAddress6: 'cdp.nrgyz.ipv6_address',
};
const KEYS = Object.keys(FIELDS);

/** Protocol names we decode; tshark's others after TCP/UDP are payloads we call `data`. */
const KNOWN = new Set(Object.values(APP_PROTOCOL_NAMES).filter(Boolean));
const TRANSPORTS = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);
/** Protocols whose Info column we write exactly as tshark does (others add or leave out details). */
const SAME_INFO = new Set(['dns', 'llmnr', 'nbns', 'dhcp', 'ntp', 'ftp', 'http', 'ssdp', 'lldp', 'cdp']);

/** tshark's view of every packet in `file`, per packet as decodeApp sees it (no reassembly). */
export function tsharkAppView(file: string): AppView[] {
  // Without sequence analysis tshark dissects what it takes for retransmissions too, as a per-packet decoder does.
  const args = ['-r', file, '-n', '-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'ip.defragment:FALSE'];
  args.push('-o', 'tcp.analyze_sequence_numbers:FALSE');
  args.push('-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', '-e', 'frame.protocols', '-e', '_ws.col.Info');
  for (const key of KEYS) args.push('-e', FIELDS[key]);
  return tsharkFieldRows(args).map(([protocols = '', info = '', ...values]) => {
    const layers = protocols.split(':');
    const transport = layers.findIndex((name) => TRANSPORTS.has(name));
    let app = transport >= 0 ? (layers[transport + 1] ?? '') : '';
    // A protocol carried right in the frame (LLDP, CDP) is the last layer, with no transport before it.
    if (transport < 0) app = KNOWN.has(layers[layers.length - 1]) ? layers[layers.length - 1] : '';
    if (app === 'data' && transport < 0) app = '';
    if (transport >= 0 && layers[transport].startsWith('icmp')) app = app === 'data' ? 'data' : '';
    else if (app && !KNOWN.has(app)) app = 'data';
    const fields: Record<string, string> = {};
    KEYS.forEach((key, i) => {
      let value = values[i] ?? '';
      if (key === 'nbnsName') value = (value.split('|')[0] ?? '').replace(/ \(.*\)$/, '');
      if (key === 'queryName' || key === 'ftpCode' || key === 'smtpCode' || key === 'helloVersion') {
        value = value.split('|')[0] ?? '';
      }
      if (key === 'dhcpMac') value = value.split('|')[0] ?? '';
      if (value) fields[key] = value;
    });
    return { app, fields, info: normalizeInfo(info) };
  });
}

/** decodeApp's view of every packet in `file`, in the same shape. */
export function ourAppView(file: string): AppView[] {
  return mapDecodedPackets(file, (packet, app) => ({
    app: APP_PROTOCOL_NAMES[app.protocol],
    fields: ourFields(packet, app),
    info: normalizeInfo(packetColumns(packet, app).info),
  }));
}

/** Whether the Info columns of this packet are expected to agree. */
export function sameInfoExpected(view: AppView): boolean {
  if (view.app === 'ssh') return 'sshBanner' in view.fields;
  return SAME_INFO.has(view.app);
}

// tshark pads some columns (`HTTP/1.1 200 OK  (text/html)`, `GET / HTTP/1.1 `): compare words.
function normalizeInfo(info: string): string {
  return info.replace(/\s+/g, ' ').trim();
}

function ourFields(packet: DecodedPacket, app: AppInfo): Record<string, string> {
  const fields: Record<string, string> = {};
  const set = (key: string, value: string | number | undefined | false) => {
    if (value !== undefined && value !== '' && value !== false) fields[key] = String(value);
  };
  const { dns, tls, http, dhcp, ssh, line, ntp, quic, neighbour } = app.fields;
  switch (app.protocol) {
    case AppProtocol.dns:
    case AppProtocol.mdns:
    case AppProtocol.llmnr: {
      if (dns.questionCount > 0) set('queryName', dns.queryName);
      const records = (type: number) => {
        const list: string[] = [];
        for (let i = 0; i < dns.recordCount; i++) {
          if (dns.recordType[i] === type)
            list.push(type === DnsType.MX ? dns.recordTarget[i] : dnsRecordData(packet, dns, i));
        }
        return list.join('|');
      };
      set('a', records(DnsType.A));
      set('aaaa', records(DnsType.AAAA));
      set('cname', records(DnsType.CNAME));
      set('ptr', records(DnsType.PTR));
      set('mx', records(DnsType.MX));
      break;
    }
    case AppProtocol.nbns:
      set('nbnsName', dns.queryName || (dns.recordCount > 0 ? dns.recordName[0] : ''));
      break;
    case AppProtocol.tls:
      set('sni', tls.sni);
      set('alpn', tls.alpn.replaceAll(',', '|'));
      if (tls.clientHello || tls.serverHello) set('helloVersion', hex4(tls.helloVersion));
      if (tls.clientHello) {
        set('clientVersions', Array.from(tls.supportedVersions.subarray(0, tls.supportedVersionCount), hex4).join('|'));
      } else if (tls.serverHello && tls.selectedVersion !== tls.helloVersion) {
        set('clientVersions', hex4(tls.selectedVersion));
      }
      break;
    case AppProtocol.http:
    case AppProtocol.ssdp:
      set('method', http.method);
      set('uri', http.uri);
      set('host', http.host);
      set('status', http.status || undefined);
      break;
    case AppProtocol.dhcp:
      set('dhcpType', dhcp.messageType || undefined);
      set('dhcpHostname', dhcp.hostname);
      set('dhcpVendor', dhcp.vendorClass);
      set('dhcpRequested', dhcp.requestedIp ? ipv4Text(dhcp.requestedIp) : undefined);
      set('dhcpMac', dhcp.clientMacOffset >= 0 ? macAt(packet.data, dhcp.clientMacOffset) : undefined);
      break;
    case AppProtocol.ssh:
      set('sshBanner', ssh.banner);
      break;
    case AppProtocol.ftp:
      set('ftpCommand', line.command);
      set('ftpArgument', line.argument);
      set('ftpCode', line.replyCode || undefined);
      break;
    case AppProtocol.smtp:
      set('smtpCommand', line.command);
      set('smtpCode', line.replyCode || undefined);
      break;
    case AppProtocol.ntp:
      set('ntpVersion', ntp.version);
      set('ntpMode', ntp.mode);
      set('ntpStratum', ntp.stratum);
      break;
    case AppProtocol.lldp:
      lldpFields(packet, neighbour, set);
      break;
    case AppProtocol.cdp: {
      const addresses = neighbour.addresses.slice(0, neighbour.addressCount);
      set('cdpVersion', neighbour.cdpVersion);
      set('cdpTtl', neighbour.ttl);
      set('cdpDeviceId', neighbour.chassisIdOffset >= 0 && neighbour.chassisId);
      set('cdpPortId', neighbour.portIdOffset >= 0 && neighbour.portId);
      set('cdpCapabilities', neighbour.capabilities >= 0 && hex(neighbour.capabilities, 8));
      // tshark lists the software version line by line.
      set('cdpSoftware', neighbour.systemDescription.split('\n').join('|'));
      set('cdpPlatform', neighbour.platform);
      set('cdpVlan', neighbour.vlan || undefined);
      set('cdpDuplex', neighbour.duplex >= 0 && neighbour.duplex);
      set('cdpAddress', addresses.filter((a) => !a.includes(':')).join('|'));
      set('cdpAddress6', addresses.filter((a) => a.includes(':')).join('|'));
      break;
    }
    case AppProtocol.quic: {
      const hello = quic.hello;
      if (quic.longHeader) set('quicVersion', `0x${quic.version.toString(16).padStart(8, '0')}`);
      set('sni', hello.sni);
      set('alpn', hello.alpn.replaceAll(',', '|'));
      if (hello.clientHello) {
        set('helloVersion', hex4(hello.helloVersion));
        const versions = Array.from(hello.supportedVersions.subarray(0, hello.supportedVersionCount), hex4);
        set('clientVersions', versions.join('|'));
      }
      break;
    }
  }
  return fields;
}

function hex4(value: number): string {
  return hex(value, 4);
}

function hex(value: number, digits: number): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

/** LLDP's ids are in the field tshark has for their subtype: a MAC, an IPv4 address, text, or bytes (hex). */
function lldpFields(
  packet: DecodedPacket,
  out: NeighbourFields,
  set: (key: string, value: string | number | undefined | false) => void,
): void {
  set('lldpChassisSubtype', out.chassisSubtype);
  if (out.chassisSubtype === 4) set('lldpChassisMac', out.chassisId);
  else if (out.chassisSubtype === 5) set('lldpChassisIp', out.chassisId);
  else set('lldpChassisId', hexBytes(packet.data, out.chassisIdOffset, out.chassisIdLength));
  set('lldpPortSubtype', out.portSubtype);
  if (out.portSubtype === 3) set('lldpPortMac', out.portId);
  else if (out.portSubtype === 4) set('lldpPortIp', out.portId);
  else set('lldpPortId', out.portId);
  set('lldpTtl', out.ttl >= 0 && out.ttl);
  set('lldpPortDescription', out.portDescription);
  set('lldpSystemName', out.systemName);
  set('lldpSystemDescription', out.systemDescription);
  set('lldpCapabilities', out.capabilities >= 0 && hex(out.capabilities, 4));
  set('lldpEnabled', out.enabledCapabilities >= 0 && hex(out.enabledCapabilities, 4));
  const addresses = out.addresses.slice(0, out.addressCount);
  set('lldpAddress', addresses.filter((a) => !a.includes(':')).join('|'));
  set('lldpAddress6', addresses.filter((a) => a.includes(':')).join('|'));
  set('lldpVlan', out.vlan || undefined);
}
