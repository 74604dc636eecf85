import * as dnsPacket from 'dns-packet';
import { portName } from './portNames';
import { cleanField, printable } from './printable';
import { parseNodeStatus } from '../os/netbiosStatus';
import { versionBindText } from './protocols/dnsVersion';
import type { ServiceInfo } from '../../../shared/model/ports';

type UdpReader = (answer: Buffer) => Omit<ServiceInfo, 'method' | 'banner'> | undefined;

/** An SSDP answer (HTTP over UDP): its SERVER header names the device's UPnP stack. */
const ssdp: UdpReader = (answer) => {
  const text = answer.subarray(0, 2048).toString('latin1');
  if (!/^HTTP\/1\.1 200/.test(text) && !/^NOTIFY \* HTTP\/1\.1/.test(text)) return undefined;
  const server = cleanField(/\r\nSERVER:\s*([^\r\n]*)/i.exec(text)?.[1], 160);
  return { name: 'upnp', confidence: 1, ...(server ? { product: server } : {}) };
};

const dns: (name: string) => UdpReader = (name) => (answer) => {
  try {
    const packet = dnsPacket.decode(answer);
    if (packet.type !== 'response') return undefined;
    const text = versionBindText(packet);
    return { name, confidence: 1, ...(text ? { extraInfo: text } : {}) };
  } catch {
    return undefined;
  }
};

/** NTP (RFC 5905): a server-mode (4) answer of 48 bytes or more; the version is in the first byte. */
const ntp: UdpReader = (answer) => {
  if (answer.length < 48) return undefined;
  const mode = answer[0]! & 0x07;
  const version = (answer[0]! >> 3) & 0x07;
  if (mode !== 4 || version < 1 || version > 4) return undefined;
  return { name: 'ntp', confidence: 1, extraInfo: `NTP v${version}` };
};

/** SNMP: a BER SEQUENCE holding the version INTEGER (0 v1, 1 v2c, 3 v3). */
const snmp: UdpReader = (answer) => {
  if (answer.length < 8 || answer[0] !== 0x30) return undefined;
  const lengthBytes = answer[1]! & 0x80 ? answer[1]! & 0x7f : 0;
  const at = 2 + lengthBytes;
  if (answer[at] !== 0x02 || answer[at + 1] !== 1) return undefined;
  const version = answer[at + 2];
  const label = version === 0 ? 'SNMPv1' : version === 1 ? 'SNMPv2c' : version === 3 ? 'SNMPv3' : undefined;
  if (!label) return undefined;
  return { name: 'snmp', confidence: 1, product: `${label} server` };
};

const netbios: UdpReader = (answer) => {
  const status = parseNodeStatus(answer);
  if (!status) return undefined;
  return {
    name: 'netbios-ns',
    confidence: 1,
    extraInfo:
      [status.name && `NetBIOS name: ${status.name}`, status.workgroup && `workgroup: ${status.workgroup}`]
        .filter(Boolean)
        .join('; ') || undefined,
  };
};

const readers: Record<number, UdpReader> = {
  53: dns('domain'),
  5353: dns('mdns'),
  5355: dns('llmnr'),
  123: ntp,
  161: snmp,
  137: netbios,
  1900: ssdp,
};

/**
 * Names a UDP service from the answer the port scan's probe got. Without an answer (open|filtered)
 * or with one no reader knows, the port's usual name is given with low confidence.
 */
export function identifyUdpAnswer(port: number, answer: Uint8Array | undefined): ServiceInfo {
  const bytes = answer ? Buffer.from(answer.buffer, answer.byteOffset, answer.byteLength) : undefined;
  if (bytes?.length) {
    const read = readers[port]?.(bytes);
    if (read) {
      const info: ServiceInfo = { ...read, method: 'probe', banner: printable(bytes) };
      if (info.extraInfo === undefined) delete info.extraInfo;
      return info;
    }
  }
  return {
    name: portName(port, 'udp'),
    method: 'port-table',
    confidence: bytes?.length ? 0.4 : 0.2,
    ...(bytes?.length ? { banner: printable(bytes) } : {}),
  };
}
