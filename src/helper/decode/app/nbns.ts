import type { AppInfo } from './appInfo';
import { decodeDns } from './dns';

/** Characters in an encoded NetBIOS name: 16 bytes, each as two letters 'A'..'P' (RFC 1001 section 14.1). */
const ENCODED_LENGTH = 32;

/**
 * Decodes a NetBIOS name service message (RFC 1002 section 4.2): DNS's format with encoded
 * names, which are turned into Wireshark's `NAME<1c>` form in the query and record names.
 */
export function decodeNbns(out: AppInfo, data: Uint8Array, start: number, end: number): void {
  decodeDns(out, data, start, end, false);
  if (out.dnsQueryName) out.dnsQueryName = netbiosName(out.dnsQueryName);
  for (let i = 0; i < out.dnsRecordCount; i++) out.dnsRecordName[i] = netbiosName(out.dnsRecordName[i]!);
}

/** `EOGFGLGPCACA…` (plus any scope) as `NAME<xx>` (plus the scope); other text unchanged. */
export function netbiosName(encoded: string): string {
  if (encoded.length < ENCODED_LENGTH || (encoded.length > ENCODED_LENGTH && encoded[ENCODED_LENGTH] !== '.')) {
    return encoded;
  }
  let name = '';
  let suffix = 0;
  for (let i = 0; i < ENCODED_LENGTH; i += 2) {
    const high = encoded.charCodeAt(i) - 0x41;
    const low = encoded.charCodeAt(i + 1) - 0x41;
    if (high < 0 || high > 15 || low < 0 || low > 15) return encoded;
    const byte = (high << 4) | low;
    if (i === ENCODED_LENGTH - 2) suffix = byte;
    else name += String.fromCharCode(byte);
  }
  name = name.replace(/[ \0]+$/, '');
  return `${name}<${suffix.toString(16).padStart(2, '0')}>${encoded.slice(ENCODED_LENGTH)}`;
}
