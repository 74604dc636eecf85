import { formatCount } from './format/displayFormat';

/** An IPv4 subnet, with addresses as unsigned 32-bit integers. */
export interface Ipv4Cidr {
  /** network address (host bits cleared) */
  network: number;
  prefixLength: number;
  /** number of addresses in the subnet, network and broadcast included */
  size: number;
  /** canonical text, e.g. `10.213.0.0/24` */
  text: string;
}

/** Thrown for text that is not an IPv4 address or CIDR; the message says what was expected. */
export class CidrError extends Error {
  override readonly name = 'CidrError';
}

const OCTET = /^(0|[1-9]\d{0,2})$/;

/** Parses dotted-quad IPv4 text; undefined when it is not exactly that. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Formats an unsigned 32-bit integer as dotted-quad text. */
export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

function maskOf(prefixLength: number): number {
  // `<< 32` is a no-op in JavaScript, so /0 needs its own case.
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Parses `a.b.c.d/n` (or a bare address, taken as /32); host bits are cleared, as nmap does. */
export function parseCidr(text: string): Ipv4Cidr {
  const trimmed = text.trim();
  const [addressText, prefixText, extra] = trimmed.split('/');
  if (extra !== undefined || addressText === undefined || addressText === '') {
    throw new CidrError(`"${text}" is not a subnet: expected IPv4 CIDR such as 192.168.1.0/24`);
  }
  const address = parseIpv4(addressText);
  if (address === undefined) {
    throw new CidrError(
      `"${trimmed}": "${addressText}" is not an IPv4 address: expected four numbers 0-255 separated by dots`,
    );
  }
  let prefixLength = 32;
  if (prefixText !== undefined) {
    if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
      throw new CidrError(
        `"${trimmed}": "/${prefixText}" is not a prefix length: expected a whole number from 0 to 32`,
      );
    }
    prefixLength = Number(prefixText);
  }
  const network = (address & maskOf(prefixLength)) >>> 0;
  return { network, prefixLength, size: 2 ** (32 - prefixLength), text: `${formatIpv4(network)}/${prefixLength}` };
}

/** The CIDR of the subnet an interface address belongs to. */
export function subnetOf(address: string, prefixLength: number): string {
  return parseCidr(`${address}/${prefixLength}`).text;
}

/** Whether `ip` lies inside `cidr`. */
export function cidrContains(cidr: Ipv4Cidr, ip: string | number): boolean {
  const value = typeof ip === 'number' ? ip : parseIpv4(ip);
  if (value === undefined) return false;
  return (value & maskOf(cidr.prefixLength)) >>> 0 === cidr.network;
}

/** Addresses worth probing: all but network and broadcast, except in /31 and /32 where every address is a host. */
export function hostAddresses(cidr: Ipv4Cidr): number[] {
  const first = cidr.prefixLength >= 31 ? cidr.network : cidr.network + 1;
  const last = cidr.prefixLength >= 31 ? cidr.network + cidr.size - 1 : cidr.network + cidr.size - 2;
  const hosts: number[] = [];
  for (let value = first; value <= last; value++) hosts.push(value);
  return hosts;
}

// RFC 1918 private space and RFC 3927 link-local: the only ranges scanned without asking.
const LOCAL_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'].map(parseCidr);

/** Whether every address of `cidr` is private (RFC 1918) or link-local. */
export function isPrivateOrLinkLocal(cidr: Ipv4Cidr): boolean {
  return LOCAL_RANGES.some((range) => range.prefixLength <= cidr.prefixLength && cidrContains(range, cidr.network));
}

/** The largest subnet scanned without an explicit confirmation. */
export const LARGEST_UNCONFIRMED_PREFIX = 16;

/** Why scanning `cidr` needs the user's confirmation; empty when it does not. */
export function confirmationReasons(cidr: Ipv4Cidr): string[] {
  const reasons: string[] = [];
  if (cidr.prefixLength < LARGEST_UNCONFIRMED_PREFIX) {
    reasons.push(`${cidr.text} holds ${formatCount(cidr.size)} addresses, more than a /16`);
  }
  if (!isPrivateOrLinkLocal(cidr)) {
    reasons.push(`${cidr.text} is outside private (10/8, 172.16/12, 192.168/16) and link-local (169.254/16) space`);
  }
  return reasons;
}
