// Addresses as text, the way tshark prints them, read straight from the frame.
import { formatIpv4 } from '../../shared/cidr';

/** The IPv4 address of 4 bytes at `at`, dotted. */
export function ipv4At(data: Uint8Array, at: number): string {
  return `${data[at] ?? 0}.${data[at + 1] ?? 0}.${data[at + 2] ?? 0}.${data[at + 3] ?? 0}`;
}

/** The IPv4 address in an unsigned 32-bit integer, dotted. */
export const ipv4Text = formatIpv4;

/** The IPv6 address of 16 bytes at `at` in RFC 5952 form (`fe80::1`, `::ffff:10.0.0.1`). */
export function ipv6At(data: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((data[at + 2 * i] ?? 0) << 8) | (data[at + 2 * i + 1] ?? 0));
  return ipv6GroupsText(groups);
}

/** Eight 16-bit groups as RFC 5952 writes them: the form tshark prints, whatever holds the address. */
export function ipv6GroupsText(groups: readonly number[]): string {
  // IPv4-mapped addresses keep their dotted tail.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4((((groups[6] ?? 0) << 16) | (groups[7] ?? 0)) >>> 0)}`;
  }
  // The longest run of two or more zero groups becomes '::' (the first, on a tie).
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: readonly number[]) => list.map((group) => group.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** The MAC address of 6 bytes at `at`, lower case with colons. */
export function macAt(data: Uint8Array, at: number): string {
  let text = '';
  for (let i = 0; i < 6; i++) text += (i ? ':' : '') + (data[at + i] ?? 0).toString(16).padStart(2, '0');
  return text;
}
