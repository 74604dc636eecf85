// tshark as the oracle for the application layer: per packet, the protocol after the transport in
// `frame.protocols`, the fields both sides extract (DNS names and answers, SNI, ALPN, HTTP, DHCP,
// SSH, FTP, SMTP, NTP, NBNS, QUIC), and the Info column, next to what decodeApp makes of the same file.
import { spawnSync } from 'node:child_process';
import { openPcapFile } from '../../src/helper/capture/pcapFile';
import { ipv4Text } from '../../src/helper/decode/addressText';
import { APP_PROTOCOL_NAMES, AppInfo, AppProtocol, DnsType } from '../../src/helper/decode/app/appInfo';
import { decodeApp } from '../../src/helper/decode/app/decodeApp';
import { decodePacket } from '../../src/helper/decode/decodePacket';
import { DecodedPacket } from '../../src/helper/decode/packet';
import { dnsRecordData } from '../../src/helper/decode/summary/appColumns';
import { packetColumns } from '../../src/helper/decode/summary/packetColumns';
import { macAt } from '../../src/helper/decode/addressText';

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
};
const KEYS = Object.keys(FIELDS);

/** Protocol names we decode; tshark's others after TCP/UDP are payloads we call `data`. */
const KNOWN = new Set(Object.values(APP_PROTOCOL_NAMES).filter(Boolean));
const TRANSPORTS = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);
/** Protocols whose Info column we write exactly as tshark does (others add or leave out details). */
const SAME_INFO = new Set(['dns', 'llmnr', 'nbns', 'dhcp', 'ntp', 'ftp', 'http', 'ssdp']);

/** tshark's view of every packet in `file`, per packet as decodeApp sees it (no reassembly). */
export function tsharkAppView(file: string): AppView[] {
  // Without sequence analysis tshark dissects what it takes for retransmissions too, as a per-packet decoder does.
  const args = ['-r', file, '-n', '-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'ip.defragment:FALSE'];
  args.push('-o', 'tcp.analyze_sequence_numbers:FALSE');
  args.push('-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|', '-e', 'frame.protocols', '-e', '_ws.col.Info');
  for (const key of KEYS) args.push('-e', FIELDS[key]);
  const run = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`tshark failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [protocols = '', info = '', ...values] = line.split('\t');
      const layers = protocols.split(':');
      const transport = layers.findIndex((name) => TRANSPORTS.has(name));
      let app = transport >= 0 ? (layers[transport + 1] ?? '') : '';
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
  const reader = openPcapFile(file);
  const packet = new DecodedPacket();
  const app = new AppInfo();
  const views: AppView[] = [];
  try {
    for (let record = reader.next(); record; record = reader.next()) {
      decodePacket(packet, record.linkType, record.data, record.offset, record.capturedLength);
      decodeApp(packet, app);
      views.push({
        app: APP_PROTOCOL_NAMES[app.protocol],
        fields: ourFields(packet, app),
        info: normalizeInfo(packetColumns(packet, app).info),
      });
    }
  } finally {
    reader.close();
  }
  return views;
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
  switch (app.protocol) {
    case AppProtocol.Dns:
    case AppProtocol.Mdns:
    case AppProtocol.Llmnr: {
      if (app.dnsQuestionCount > 0) set('queryName', app.dnsQueryName);
      const records = (type: number) => {
        const list: string[] = [];
        for (let i = 0; i < app.dnsRecordCount; i++) {
          if (app.dnsRecordType[i] === type)
            list.push(type === DnsType.MX ? app.dnsRecordTarget[i] : dnsRecordData(packet, app, i));
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
    case AppProtocol.Nbns:
      set('nbnsName', app.dnsQueryName || (app.dnsRecordCount > 0 ? app.dnsRecordName[0] : ''));
      break;
    case AppProtocol.Tls:
      set('sni', app.tlsSni);
      set('alpn', app.tlsAlpn.replaceAll(',', '|'));
      if (app.tlsClientHello || app.tlsServerHello) set('helloVersion', hex4(app.tlsHelloVersion));
      if (app.tlsClientHello) {
        set(
          'clientVersions',
          Array.from(app.tlsSupportedVersions.subarray(0, app.tlsSupportedVersionCount), hex4).join('|'),
        );
      } else if (app.tlsServerHello && app.tlsSelectedVersion !== app.tlsHelloVersion) {
        set('clientVersions', hex4(app.tlsSelectedVersion));
      }
      break;
    case AppProtocol.Http:
    case AppProtocol.Ssdp:
      set('method', app.httpMethod);
      set('uri', app.httpUri);
      set('host', app.httpHost);
      set('status', app.httpStatus || undefined);
      break;
    case AppProtocol.Dhcp:
      set('dhcpType', app.dhcpMessageType || undefined);
      set('dhcpHostname', app.dhcpHostname);
      set('dhcpVendor', app.dhcpVendorClass);
      set('dhcpRequested', app.dhcpRequestedIp ? ipv4Text(app.dhcpRequestedIp) : undefined);
      set('dhcpMac', app.dhcpClientMacOffset >= 0 ? macAt(packet.data, app.dhcpClientMacOffset) : undefined);
      break;
    case AppProtocol.Ssh:
      set('sshBanner', app.sshBanner);
      break;
    case AppProtocol.Ftp:
      set('ftpCommand', app.lineCommand);
      set('ftpArgument', app.lineArgument);
      set('ftpCode', app.replyCode || undefined);
      break;
    case AppProtocol.Smtp:
      set('smtpCommand', app.lineCommand);
      set('smtpCode', app.replyCode || undefined);
      break;
    case AppProtocol.Ntp:
      set('ntpVersion', app.ntpVersion);
      set('ntpMode', app.ntpMode);
      set('ntpStratum', app.ntpStratum);
      break;
    case AppProtocol.Quic:
      if (app.quicLongHeader) set('quicVersion', `0x${app.quicVersion.toString(16).padStart(8, '0')}`);
      set('sni', app.tlsSni);
      set('alpn', app.tlsAlpn.replaceAll(',', '|'));
      if (app.tlsClientHello) {
        set('helloVersion', hex4(app.tlsHelloVersion));
        const versions = Array.from(app.tlsSupportedVersions.subarray(0, app.tlsSupportedVersionCount), hex4);
        set('clientVersions', versions.join('|'));
      }
      break;
  }
  return fields;
}

function hex4(value: number): string {
  return `0x${value.toString(16).padStart(4, '0')}`;
}
