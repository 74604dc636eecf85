import type { DecodedPacket } from '../packet';
import { TransportLayer } from '../packet';
import { AppProtocol } from './appInfo';
import type { AppInfo } from './appInfo';
import { decodeDhcp, isDhcp } from './dhcp';
import { decodeDns } from './dns';
import { HttpStart, decodeHttp } from './http';
import { decodeLine } from './lineProtocol';
import { decodeNbns } from './nbns';
import { decodeNtp } from './ntp';
import { TCP_PORTS, UDP_PORTS, byPort } from './ports';
import { decodeQuic, isQuicLongHeader } from './quic';
import { decodeSsh, isSshBanner } from './ssh';
import { decodeTls, isTlsRecord } from './tls';

/**
 * Names and reads the application layer of a decoded packet into `out` (reset first) and returns
 * `out.protocol`. Content decides first where it is unambiguous (a TLS record, an HTTP start line,
 * an SSH banner, a DHCP cookie, a QUIC long header); otherwise the well-known port decides, as it
 * does in Wireshark; a payload nobody claims is `data`. Pure and lax: never throws, reads only
 * `packet.payloadOffset..+payloadLength`, and allocates only the strings of fields it finds.
 */
export function decodeApp(packet: DecodedPacket, out: AppInfo): AppProtocol {
  out.reset();
  const start = packet.payloadOffset;
  if (start < 0 || packet.payloadLength <= 0) return AppProtocol.None;
  const data = packet.data;
  let end = start + packet.payloadLength;
  if (end > data.length) end = data.length;
  switch (packet.transport) {
    case TransportLayer.Tcp:
      decodeTcpPayload(packet, out, data, start, end);
      break;
    case TransportLayer.Udp:
      decodeUdpPayload(packet, out, data, start, end);
      break;
    case TransportLayer.Icmp:
    case TransportLayer.Icmpv6:
      // Echo requests and replies carry opaque data, which tshark lists as `data`.
      if (isEcho(packet)) out.protocol = AppProtocol.Data;
      break;
  }
  return out.protocol;
}

function isEcho(packet: DecodedPacket): boolean {
  const type = packet.icmpType;
  return packet.transport === TransportLayer.Icmp ? type === 0 || type === 8 : type === 128 || type === 129;
}

function decodeTcpPayload(packet: DecodedPacket, out: AppInfo, data: Uint8Array, start: number, end: number): void {
  out.byContent = true;
  if (isTlsRecord(data, start, end)) {
    out.protocol = AppProtocol.Tls;
    decodeTls(out, data, start, end);
    return;
  }
  if (isSshBanner(data, start, end)) {
    out.protocol = AppProtocol.Ssh;
    decodeSsh(out, data, start, end);
    return;
  }
  const port = byPort(TCP_PORTS, packet.srcPort, packet.dstPort);
  // DNS over TCP starts with a length, which an HTTP reader must not see first.
  if (port !== AppProtocol.Dns && decodeHttp(out, data, start, end) !== HttpStart.None) {
    out.protocol = AppProtocol.Http;
    return;
  }
  out.byContent = false;
  out.protocol = port === AppProtocol.None ? AppProtocol.Data : port;
  switch (port) {
    case AppProtocol.Ssh:
      decodeSsh(out, data, start, end);
      break;
    case AppProtocol.Ftp:
    case AppProtocol.Smtp:
      decodeLine(out, data, start, end);
      break;
    case AppProtocol.Ntp:
      decodeNtp(out, data, start, end);
      break;
    case AppProtocol.Dns:
      // RFC 1035 section 4.2.2: each message is preceded by its 2-byte length.
      if (end - start >= 2) decodeDns(out, data, start + 2, end, false);
      else out.truncated = true;
      break;
  }
}

function decodeUdpPayload(packet: DecodedPacket, out: AppInfo, data: Uint8Array, start: number, end: number): void {
  let protocol = byPort(UDP_PORTS, packet.srcPort, packet.dstPort);
  out.byContent = false;
  if (protocol === AppProtocol.None) {
    out.byContent = true;
    if (isDhcp(data, start, end)) protocol = AppProtocol.Dhcp;
    else if (isQuicLongHeader(data, start, end)) protocol = AppProtocol.Quic;
    else if (decodeHttp(out, data, start, end) !== HttpStart.None && out.httpUri === '*') protocol = AppProtocol.Ssdp;
    else {
      // An HTTP start line that was not SSDP may have filled HTTP fields: clear them all.
      if (out.httpVersion !== '') out.resetAll();
      protocol = decodeDns(out, data, start, end, true) ? AppProtocol.Dns : AppProtocol.Data;
      // A message that failed late left DNS fields behind (the header is checked before any is written).
      if (protocol === AppProtocol.Data && out.dnsQuestionCount !== 0) out.resetAll();
      out.protocol = protocol;
      out.byContent = protocol === AppProtocol.Dns;
      return;
    }
  }
  out.protocol = protocol;
  switch (protocol) {
    case AppProtocol.Dns:
    case AppProtocol.Mdns:
    case AppProtocol.Llmnr:
      decodeDns(out, data, start, end, false);
      break;
    case AppProtocol.Nbns:
      decodeNbns(out, data, start, end);
      break;
    case AppProtocol.Dhcp:
      decodeDhcp(out, data, start, end);
      break;
    case AppProtocol.Ntp:
      decodeNtp(out, data, start, end);
      break;
    case AppProtocol.Ssdp:
      if (out.httpMethod === '' && out.httpStatus === 0) decodeHttp(out, data, start, end);
      break;
    case AppProtocol.Quic:
      decodeQuic(out, data, start, end);
      break;
  }
}
