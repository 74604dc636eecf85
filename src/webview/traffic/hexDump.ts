// The bytes pane: offset, 16 bytes in hex and their printable ASCII, per line, as Wireshark shows
// them. Pure; the view turns each byte into a cell so a field's range can be highlighted.

export const bytesPerLine = 16;
/** more than this is not drawn (the longest Ethernet jumbo frame fits) */
export const maxDumpBytes = 65_536;

/** base64 → bytes (atob exists in browsers and in Node 20) */
export function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const hexByte = (byte: number): string => byte.toString(16).padStart(2, '0');

/** the ASCII column's character: printable ASCII as itself, anything else as a dot */
export const asciiChar = (byte: number): string => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.');

/** the offset column: four hex digits, more for long frames */
export function offsetLabel(offset: number, total: number): string {
  return offset.toString(16).padStart(total > 0xffff ? 8 : 4, '0');
}

/** Number of lines for `length` bytes (capped at maxDumpBytes). */
export function lineCount(length: number): number {
  return Math.ceil(Math.min(length, maxDumpBytes) / bytesPerLine);
}

/** Whether byte `index` lies in the highlighted range. */
export function inRange(index: number, range: { offset: number; length: number } | undefined): boolean {
  return !!range && index >= range.offset && index < range.offset + range.length;
}
