// What a DNS server says it is when asked for the CHAOS TXT record version.bind: the text, and the
// product and version nmap reads from it (`dnsmasq-2.90` is dnsmasq 2.90).
import type * as dnsPacket from 'dns-packet';
import { cleanField } from '../printable';

/** The version.bind TXT text in a DNS answer, cleaned, or undefined. */
export function versionBindText(packet: dnsPacket.Packet): string | undefined {
  const record = packet.answers?.find((answer) => answer.type === 'TXT' && /^version\.bind\.?$/i.test(answer.name));
  const data = record?.type === 'TXT' ? record.data : undefined;
  const chunks = data === undefined ? [] : Array.isArray(data) ? data : [data];
  return cleanField(chunks.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.toString('latin1'))).join(''));
}

/** Server software by its version.bind text, with nmap's product names. */
const PRODUCTS: [RegExp, string][] = [
  [/^dnsmasq-([\w.-]+)$/, 'dnsmasq'],
  [/^(9\.\d+\.\d+[\w.~+-]*)/, 'ISC BIND'],
  [/^unbound ([\d.]+)/i, 'Unbound'],
  [/^PowerDNS Authoritative Server ([\d.]+)/, 'PowerDNS Authoritative Server'],
  [/^PowerDNS Recursor ([\d.]+)/, 'PowerDNS Recursor'],
  [/^Knot DNS ([\d.]+)/, 'Knot DNS'],
];

/** The product and version a version.bind text names, when it names one LAN Lens knows. */
export function dnsProduct(text: string | undefined): { product: string; version: string } | undefined {
  if (!text) return undefined;
  for (const [pattern, product] of PRODUCTS) {
    const version = pattern.exec(text)?.[1];
    if (version) return { product, version };
  }
  return undefined;
}
