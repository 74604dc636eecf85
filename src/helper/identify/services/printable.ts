/** The most characters of a banner LAN Lens keeps: enough to read, too little to flood a view. */
export const BANNER_MAX = 256;

/**
 * Network bytes as one line of safe text: printable ASCII kept, `\r`, `\n`, `\t` and every other
 * control or non-ASCII byte escaped (`\x1b`), capped at `max` characters with an ellipsis.
 */
export function printable(bytes: Uint8Array, max = BANNER_MAX): string {
  let text = '';
  for (const byte of bytes) {
    if (byte >= 0x20 && byte < 0x7f && byte !== 0x5c) text += String.fromCharCode(byte);
    else if (byte === 0x5c) text += '\\\\';
    else if (byte === 0x0d) text += '\\r';
    else if (byte === 0x0a) text += '\\n';
    else if (byte === 0x09) text += '\\t';
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
    if (text.length >= max) return `${text.slice(0, max - 1)}…`;
  }
  return text;
}

/**
 * A field taken out of an answer (a product, version, title): whitespace runs folded to one space,
 * control characters dropped, trimmed and capped. Undefined when nothing printable is left.
 */
export function cleanField(text: string | undefined, max = 120): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!cleaned) return undefined;
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}
