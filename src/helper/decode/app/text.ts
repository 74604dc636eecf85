// Reading the text protocols (HTTP, SSDP, SSH, FTP, SMTP) straight from the frame: matching works
// on bytes, and a string is made only for a field that is kept.

/** Longest string made from one field, in bytes: a hostile payload cannot make us build megabytes. */
export const MAX_FIELD_LENGTH = 2048;

/** The bytes `start..end` (at most MAX_FIELD_LENGTH) as a string, one character per byte (Latin-1). */
export function latin1(data: Uint8Array, start: number, end: number): string {
  if (end - start > MAX_FIELD_LENGTH) end = start + MAX_FIELD_LENGTH;
  if (end <= start) return '';
  return String.fromCharCode.apply(null, data.subarray(start, end) as unknown as number[]);
}

const utf8 = new TextDecoder('utf-8');

/**
 * The string field `start..end` (at most MAX_FIELD_LENGTH bytes) as tshark reads such fields: up to
 * the first NUL, UTF-8, with bytes that are not UTF-8 as U+FFFD (never a Latin-1 guess). Hostile:
 * show it through `escapeControls`.
 */
export function utf8Text(data: Uint8Array, start: number, end: number): string {
  if (end - start > MAX_FIELD_LENGTH) end = start + MAX_FIELD_LENGTH;
  let ascii = true;
  for (let i = start; i < end; i++) {
    const byte = data[i]!;
    if (byte === 0) {
      end = i;
      break;
    }
    if (byte >= 0x80) ascii = false;
  }
  if (end <= start) return '';
  return ascii ? latin1(data, start, end) : utf8.decode(data.subarray(start, end));
}

const C_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/**
 * Text with its control characters written out as tshark's columns write them (`\t`, `\n`,
 * `\001`, `\177`), so a hostile string cannot break a line or a terminal. Backslashes stay as they are.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => {
    const code = c.charCodeAt(0);
    return C_ESCAPES[code] ?? `\\${code.toString(8).padStart(3, '0')}`;
  });
}

/** ASCII bytes of a literal, for matching without decoding the frame. */
export function ascii(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** `data` holds `literal` at `at` (before `end`). */
export function hasBytes(data: Uint8Array, at: number, end: number, literal: Uint8Array): boolean {
  if (end - at < literal.length) return false;
  for (let i = 0; i < literal.length; i++) if (data[at + i] !== literal[i]) return false;
  return true;
}

/** Like `hasBytes`, ignoring ASCII case; `lower` must be lower case. */
export function hasBytesIgnoreCase(data: Uint8Array, at: number, end: number, lower: Uint8Array): boolean {
  if (end - at < lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const byte = data[at + i]!;
    if ((byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte) !== lower[i]) return false;
  }
  return true;
}

/** Index of the CR or LF ending the line that starts at `at`, or `end` when the line is cut. */
export function lineEnd(data: Uint8Array, at: number, end: number): number {
  for (let i = at; i < end; i++) {
    const byte = data[i];
    if (byte === 0x0d || byte === 0x0a) return i;
  }
  return end;
}

/** Index of the next line's first byte after a line ending at `at` (CR LF, LF or a bare CR). */
export function nextLine(data: Uint8Array, at: number, end: number): number {
  if (at < end && data[at] === 0x0d) at++;
  if (at < end && data[at] === 0x0a) at++;
  return at;
}

/** First index in `at..end` whose byte is not a space or tab. */
export function skipBlanks(data: Uint8Array, at: number, end: number): number {
  while (at < end && (data[at] === 0x20 || data[at] === 0x09)) at++;
  return at;
}

/** Index just past the last non-blank byte in `start..end`. */
export function trimEnd(data: Uint8Array, start: number, end: number): number {
  while (end > start && (data[end - 1] === 0x20 || data[end - 1] === 0x09)) end--;
  return end;
}

/** Index of the first space in `at..end`, or `end`. */
export function nextSpace(data: Uint8Array, at: number, end: number): number {
  while (at < end && data[at] !== 0x20) at++;
  return at;
}

/** `at..end` are `count` ASCII digits. */
export function isDigits(data: Uint8Array, at: number, count: number, end: number): boolean {
  if (end - at < count) return false;
  for (let i = 0; i < count; i++) {
    const byte = data[at + i]!;
    if (byte < 0x30 || byte > 0x39) return false;
  }
  return true;
}

/** The decimal number of `count` digits at `at` (callers check `isDigits` first). */
export function digits(data: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) value = value * 10 + data[at + i]! - 0x30;
  return value;
}

/** Bytes `at..end` are printable ASCII tokens (letters, digits, '-', '_'), at least one. */
export function isToken(data: Uint8Array, at: number, end: number): boolean {
  if (end <= at) return false;
  for (let i = at; i < end; i++) {
    const byte = data[i]!;
    const letter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a;
    if (!letter && !(byte >= 0x30 && byte <= 0x39) && byte !== 0x2d && byte !== 0x5f) return false;
  }
  return true;
}
