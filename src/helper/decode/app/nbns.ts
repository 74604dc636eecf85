import { ipv4At } from '../addressText';
import type { DecodedPacket } from '../packet';
import type { AppStatus } from './appDissector';
import { appDissector } from './appDissector';
import { decodeDns } from './dns';
import { DNS_FIELDS, DnsSection, DnsType } from './dnsFields';
import type { DnsFields } from './dnsFields';
import { DNS_RCODES, dissectDns, dnsTypeName } from './dnsText';

/** Characters in an encoded NetBIOS name: 16 bytes, each as two letters 'A'..'P' (RFC 1001 section 14.1). */
const ENCODED_LENGTH = 32;

/**
 * Decodes a NetBIOS name service message (RFC 1002 section 4.2): DNS's format with encoded
 * names, which are turned into Wireshark's `NAME<1c>` form in the query and record names.
 */
export function decodeNbns(out: DnsFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  decodeDns(out, app, data, start, end, false, true);
  if (out.queryName) out.queryName = netbiosName(out.queryName);
  for (let i = 0; i < out.recordCount; i++) out.recordName[i] = netbiosName(out.recordName[i]!);
}

/** `EOGFGLGPCACA…` (plus any scope) as `NAME<xx>` (plus the scope); other text unchanged. */
export function netbiosName(encoded: string): string {
  if (encoded.length < ENCODED_LENGTH || (encoded.length > ENCODED_LENGTH && encoded[ENCODED_LENGTH] !== '.')) {
    return encoded;
  }
  let name = '';
  let suffix = 0;
  for (let i = 0; i < ENCODED_LENGTH; i += 2) {
    const high = encoded.charCodeAt(i) - 0x41;
    const low = encoded.charCodeAt(i + 1) - 0x41;
    if (high < 0 || high > 15 || low < 0 || low > 15) return encoded;
    const byte = (high << 4) | low;
    if (i === ENCODED_LENGTH - 2) suffix = byte;
    else name += String.fromCharCode(byte);
  }
  name = name.replace(/[ \0]+$/, '');
  return `${name}<${suffix.toString(16).padStart(2, '0')}>${encoded.slice(ENCODED_LENGTH)}`;
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

function nbnsInfo(packet: DecodedPacket, nbns: DnsFields): string {
  let text = `${NBNS_OPCODES[nbns.opcode] ?? `Unknown operation (${nbns.opcode})`}${nbns.isResponse ? ' response' : ''}`;
  if (nbns.isResponse && DNS_RCODES[nbns.rcode]) text += `, ${DNS_RCODES[nbns.rcode]}`;
  const nbType = (type: number) => (type === DnsType.NB ? 'NB' : type === 33 ? 'NBSTAT' : dnsTypeName(type));
  if (nbns.queryName) text += ` ${nbType(nbns.queryType)} ${nbns.queryName}`;
  for (let i = 0; i < nbns.recordCount; i++) {
    if (nbns.recordSection[i]! !== (DnsSection.Answer as number)) continue;
    const type = nbns.recordType[i]!;
    const at = nbns.recordDataOffset[i]!;
    // An NB record holds 6-byte entries: 2 flag bytes, then an IPv4 address.
    const address = type === DnsType.NB && nbns.recordDataLength[i]! >= 6 ? ` ${ipv4At(packet.data, at + 2)}` : '';
    text += ` ${nbType(type)}${address}`;
  }
  return text;
}

/** NetBIOS name service (RFC 1002), DNS's format with encoded names. */
export const nbns = appDissector({
  name: 'nbns',
  title: 'NetBIOS Name Service',
  fields: DNS_FIELDS,
  udp: { ports: [137], decode: decodeNbns },
  protocolColumn: () => 'NBNS',
  infoColumn: (packet, out) => nbnsInfo(packet, out),
  dissect: dissectDns,
});
