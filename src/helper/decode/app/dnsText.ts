// The DNS family's text: record types and data as tshark writes them, the Info column and the
// details pane (for the packets a view shows: builds strings freely).
import type { PacketLayer } from '../../../shared/model/traffic';
import { ipv4At, ipv6At } from '../addressText';
import type { LayerBuilder } from '../dissect/layerBuilder';
import { hexOf } from '../dissect/layerBuilder';
import type { DecodedPacket } from '../packet';
import { DnsSection, DnsType } from './dnsFields';
import type { DnsFields } from './dnsFields';

const DNS_OPCODES: Record<number, string> = {
  0: 'Standard query',
  1: 'Inverse query',
  2: 'Server status request',
  4: 'Zone change notification',
  5: 'Dynamic update',
};
/** Response codes as tshark's Info column names them. */
export const DNS_RCODES: Record<number, string> = {
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
export function dnsRecordData(packet: DecodedPacket, dns: DnsFields, i: number): string {
  const at = dns.recordDataOffset[i]!;
  const length = dns.recordDataLength[i]!;
  switch (dns.recordType[i]!) {
    case DnsType.A:
      return length >= 4 ? ipv4At(packet.data, at) : '';
    case DnsType.AAAA:
      return length >= 16 ? ipv6At(packet.data, at) : '';
    case DnsType.MX:
      return `${length >= 2 ? (packet.data[at]! << 8) | packet.data[at + 1]! : 0} ${dns.recordTarget[i]!}`;
    default:
      return dns.recordTarget[i]! ?? '';
  }
}

/** The Info column of DNS, mDNS (`mdns`: QU/QM questions, cache flush) and LLMNR. */
export function dnsInfo(packet: DecodedPacket, dns: DnsFields, mdns: boolean): string {
  let text = `${DNS_OPCODES[dns.opcode] ?? `Unknown operation (${dns.opcode})`}${dns.isResponse ? ' response' : ''}`;
  text += ` 0x${dns.id.toString(16).padStart(4, '0')}`;
  if (dns.isResponse && DNS_RCODES[dns.rcode]) text += ` ${DNS_RCODES[dns.rcode]}`;
  if (dns.questionCount > 0 && dns.queryName) {
    text += ` ${dnsTypeName(dns.queryType)} ${dns.queryName}`;
    if (mdns) text += (dns.queryClass & 0x8000) !== 0 ? ', "QU" question' : ', "QM" question';
  }
  for (let i = 0; i < dns.recordCount; i++) {
    const type = dns.recordType[i]!;
    // tshark lists answers with their data, and other sections' records by type only.
    if (dns.recordSection[i]! !== (DnsSection.Answer as number)) {
      text += ` ${dnsTypeName(type)}`;
      continue;
    }
    const flush = mdns && (dns.recordClass[i]! & 0x8000) !== 0 ? ', cache flush' : '';
    const data = dnsRecordData(packet, dns, i);
    text += ` ${dnsTypeName(type)}${flush}${data ? ` ${data}` : ''}`;
  }
  return text;
}

/** The details of a DNS-family message: header fields, the question, each record over its data. */
export function dissectDns(b: LayerBuilder, layer: PacketLayer, packet: DecodedPacket, dns: DnsFields): void {
  const start = packet.payloadOffset;
  b.field(layer, 'Transaction ID', start, 2, () => hexOf(dns.id, 4));
  b.field(
    layer,
    'Flags',
    start + 2,
    2,
    () => `${hexOf(dns.flags, 4)} (${dns.isResponse ? 'response' : 'query'}, opcode ${dns.opcode}, rcode ${dns.rcode})`,
  );
  b.field(layer, 'Questions', start + 4, 2, () => dns.questionCount);
  b.field(layer, 'Answer RRs', start + 6, 2, () => dns.answerCount);
  b.field(layer, 'Authority RRs', start + 8, 2, () => dns.authorityCount);
  b.field(layer, 'Additional RRs', start + 10, 2, () => dns.additionalCount);
  if (dns.queryName)
    b.note(layer, 'Query', `${dns.queryName}: type ${dnsTypeName(dns.queryType)}, class ${dns.queryClass & 0x7fff}`);
  const sections = ['', 'Answer', 'Authority', 'Additional'];
  for (let i = 0; i < dns.recordCount; i++) {
    const section = sections[dns.recordSection[i]! as DnsSection] ?? '';
    const data = dnsRecordData(packet, dns, i);
    const value = `${dns.recordName[i]}: type ${dnsTypeName(dns.recordType[i]!)}, class ${dns.recordClass[i]! & 0x7fff}, ttl ${dns.recordTtl[i]}${data ? `, ${data}` : ''}`;
    b.field(layer, section, dns.recordDataOffset[i]!, dns.recordDataLength[i]!, () => value);
  }
}
