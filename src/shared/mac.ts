/** Lower-case, colon-separated text for six bytes of a hardware address. */
export function formatMac(bytes: ArrayLike<number>, offset = 0): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((bytes[offset + i] ?? 0).toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** Parses `aa:bb:cc:dd:ee:ff`, `aa-bb-…` or `aabb.ccdd.eeff` into six bytes; undefined when malformed. */
export function parseMac(text: string): number[] | undefined {
  const hex = text.trim().toLowerCase().replace(/[:.-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < 12; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

/** Canonical form of a MAC address text; undefined when malformed. */
export function normalizeMac(text: string): string | undefined {
  const bytes = parseMac(text);
  return bytes ? formatMac(bytes) : undefined;
}
