// Addresses as text, the way tshark prints them, read straight from the frame.

/** The IPv4 address of 4 bytes at `at`, dotted. */
export function ipv4At(data: Uint8Array, at: number): string {
  return `${data[at] ?? 0}.${data[at + 1] ?? 0}.${data[at + 2] ?? 0}.${data[at + 3] ?? 0}`;
}

/** The IPv4 address in an unsigned 32-bit integer, dotted. */
export function ipv4Text(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 0xff}.${(address >>> 8) & 0xff}.${address & 0xff}`;
}

/** The IPv6 address of 16 bytes at `at` in RFC 5952 form (`fe80::1`, `::ffff:10.0.0.1`). */
export function ipv6At(data: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((data[at + 2 * i] ?? 0) << 8) | (data[at + 2 * i + 1] ?? 0));
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `::ffff:${ipv4At(data, at + 12)}`;
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
  const hex = (list: number[]) => list.map((group) => group.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** The MAC address of 6 bytes at `at`, lower case with colons. */
export function macAt(data: Uint8Array, at: number): string {
  let text = '';
  for (let i = 0; i < 6; i++) text += (i ? ':' : '') + (data[at + i] ?? 0).toString(16).padStart(2, '0');
  return text;
}
