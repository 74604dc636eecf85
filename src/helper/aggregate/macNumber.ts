// Hardware addresses as 48-bit numbers (exact in a double), so tables keep them without strings.

/** The six bytes at `offset` of `data` as a number, or -1 when `offset` is -1. */
export function macNumber(data: Uint8Array, offset: number): number {
  if (offset < 0) return -1;
  return (
    (data[offset]! * 0x10000 + ((data[offset + 1]! << 8) | data[offset + 2]!)) * 0x1000000 +
    ((data[offset + 3]! << 16) | (data[offset + 4]! << 8) | data[offset + 5]!)
  );
}

/** Lower-case, colon-separated text of a MAC address number. */
export function macText(mac: number): string {
  const high = Math.floor(mac / 0x1000000);
  const low = mac % 0x1000000;
  return `${HEX[(high >>> 16) & 255]}:${HEX[(high >>> 8) & 255]}:${HEX[high & 255]}:${HEX[(low >>> 16) & 255]}:${HEX[(low >>> 8) & 255]}:${HEX[low & 255]}`;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
