// DNS over TCP (RFC 1035 §4.2.2, RFC 7766): a length-prefixed query for the CHAOS TXT record
// version.bind, as nmap's DNSVersionBindReqTCP probe asks, and any DNS answer to it. The server
// software and its version come from the record when the server tells them (dnsmasq, BIND…); a
// server that refuses is still a DNS server.
import * as dnsPacket from 'dns-packet';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';
import { dnsProduct, versionBindText } from './dnsVersion';

const QUERY_ID = 6;
/** Response codes by number (RFC 1035, 2136), as nmap names them. */
const RCODES: Readonly<Record<number, string>> = {
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
};

/** The query: `version.bind` CH TXT, recursion desired, with its two-byte length. */
function versionBindQuery(): Buffer {
  return dnsPacket.streamEncode({
    type: 'query',
    id: QUERY_ID,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: 'TXT', class: 'CH', name: 'version.bind' }],
  });
}

/** Reads an answer to the query: the length fits, our id, a response to one question. */
export function parseDnsTcpAnswer(answer: Buffer): ServiceMatch | undefined {
  if (answer.length < 14 || answer.readUInt16BE(0) < 12 || answer.readUInt16BE(2) !== QUERY_ID) return undefined;
  const flags = answer.readUInt16BE(4);
  // QR set, a standard query's opcode, one question.
  if ((flags & 0x8000) === 0 || ((flags >> 11) & 0xf) !== 0 || answer.readUInt16BE(6) !== 1) return undefined;
  let packet: dnsPacket.Packet;
  try {
    packet = dnsPacket.streamDecode(answer);
  } catch {
    // A cut answer: the header alone says DNS.
    return { name: 'domain', confidence: 0.8 };
  }
  const text = versionBindText(packet);
  const product = dnsProduct(text);
  if (product) return { name: 'domain', ...product, confidence: 1 };
  const code = flags & 0xf;
  const rcode = code === 0 ? undefined : (RCODES[code] ?? `RCODE ${code}`);
  const extraInfo = text ?? (rcode ? `generic dns response: ${rcode}` : undefined);
  return { name: 'domain', confidence: 0.9, ...(extraInfo ? { extraInfo } : {}) };
}

export const dns: ServiceProbe = {
  id: 'dns',
  serverFirst: false,
  ports: [53, 5353, 853],
  request: versionBindQuery,
  complete: (answer) => answer.length >= 2 && answer.length >= 2 + answer.readUInt16BE(0),
  parse: parseDnsTcpAnswer,
};
