import { formatIpv4, parseIpv4 } from '../../shared/cidr';
import { ipv6GroupsText } from '../decode/addressText';

/**
 * IP addresses as four unsigned 32-bit words, so table keys hold IPv4 and IPv6 alike without
 * strings: IPv6 is its 16 bytes big-endian, IPv4 is [0, 0, 0, address] (the version is kept next
 * to the key, so `::a.b.c.d` and `a.b.c.d` stay apart).
 */
export const ADDRESS_WORDS = 4;

/** Writes the address of `version` at byte `offset` of `data` into `words[at…at+3]`. */
export function writeAddress(
  words: Uint32Array,
  at: number,
  data: Uint8Array,
  offset: number,
  version: number,
  ipv4: number,
): void {
  if (version === 4) {
    words[at] = 0;
    words[at + 1] = 0;
    words[at + 2] = 0;
    words[at + 3] = ipv4;
    return;
  }
  for (let i = 0; i < 4; i++) {
    const o = offset + 4 * i;
    words[at + i] = ((data[o]! << 24) | (data[o + 1]! << 16) | (data[o + 2]! << 8) | data[o + 3]!) >>> 0;
  }
}

/** Negative, 0 or positive as the address at `a` sorts before, with or after the one at `b` (same array). */
export function compareAddresses(words: Uint32Array, a: number, b: number): number {
  for (let i = 0; i < 4; i++) {
    const x = words[a + i]!;
    const y = words[b + i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The address at `words[at…]` as text: dotted IPv4, or IPv6 as RFC 5952 writes it (Wireshark's form). */
export function formatAddress(words: Uint32Array, at: number, version: number): string {
  if (version === 4) return formatIpv4(words[at + 3]!);
  const groups: number[] = [];
  for (let i = 0; i < 4; i++) groups.push(words[at + i]! >>> 16, words[at + i]! & 0xffff);
  return ipv6GroupsText(groups);
}

/** Whether the address at the start of `words` is all zeros (`::`, `0.0.0.0`). */
export function isUnspecified(words: Uint32Array): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0;
}

/** Parses dotted IPv4 or IPv6 text into `words[at…]`; returns the version, or 0 when it is not an address. */
export function parseAddress(text: string, words: Uint32Array, at: number): 0 | 4 | 6 {
  const ipv4 = parseIpv4(text);
  if (ipv4 !== undefined) {
    words.fill(0, at, at + 3);
    words[at + 3] = ipv4;
    return 4;
  }
  const groups = parseIpv6Groups(text);
  if (!groups) return 0;
  for (let i = 0; i < 4; i++) words[at + i] = ((groups[2 * i]! << 16) | groups[2 * i + 1]!) >>> 0;
  return 6;
}

function parseIpv6Groups(text: string): number[] | undefined {
  let body = text.trim().toLowerCase();
  const zone = body.indexOf('%');
  if (zone >= 0) body = body.slice(0, zone);
  // A dotted IPv4 tail (::ffff:10.0.0.1) is two more groups.
  const colon = body.lastIndexOf(':');
  if (colon >= 0 && body.includes('.', colon)) {
    const ipv4 = parseIpv4(body.slice(colon + 1));
    if (ipv4 === undefined) return undefined;
    body = `${body.slice(0, colon + 1)}${(ipv4 >>> 16).toString(16)}:${(ipv4 & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const head = split(halves[0]!);
  const tail = halves.length === 2 ? split(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const parts = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (!parts.every((part) => /^[0-9a-f]{1,4}$/.test(part))) return undefined;
  return parts.map((part) => parseInt(part, 16));
}
