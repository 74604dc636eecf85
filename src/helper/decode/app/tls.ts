import { u16 } from '../bytes';
import { MAX_TLS_MESSAGES, MAX_TLS_VERSIONS } from './appInfo';
import type { AppInfo } from './appInfo';
import { latin1 } from './text';

/** TLS record content types (RFC 8446 section 5.1). */
export const TlsContentType = {
  ChangeCipherSpec: 20,
  Alert: 21,
  Handshake: 22,
  ApplicationData: 23,
  Heartbeat: 24,
} as const;

/** Handshake message types this decoder reads (RFC 8446 section 4). */
export const TlsHandshakeType = { ClientHello: 1, ServerHello: 2 } as const;

/** `tlsMessages` entry for a record that is not a (readable) handshake message. */
export const NO_HANDSHAKE = 0xff;
/** Largest record body: 2^14 plus the expansion TLS 1.2 allows. */
const MAX_RECORD = 16384 + 2048;

// Handshake types of RFC 8446 and earlier; anything else in a handshake record is an encrypted Finished.
const KNOWN_HANDSHAKES = new Uint8Array(256);
for (const type of [0, 1, 2, 3, 4, 5, 6, 8, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 254])
  KNOWN_HANDSHAKES[type] = 1;

/** The bytes at `at` begin a TLS record header (any content type, SSL 3.0 to TLS 1.3 versions). */
export function isTlsRecord(data: Uint8Array, at: number, end: number): boolean {
  if (end - at < 5) return false;
  const type = data[at]!;
  if (type < TlsContentType.ChangeCipherSpec || type > TlsContentType.Heartbeat) return false;
  if (data[at + 1] !== 3 || data[at + 2]! > 4) return false;
  const length = u16(data, at + 3);
  return length > 0 && length <= MAX_RECORD;
}

/**
 * Walks the TLS records of a segment from `start` (RFC 8446 section 5), listing them in
 * `tlsMessages` and reading any ClientHello or ServerHello. A record cut by the segment end is
 * read as far as it goes; a segment that starts mid-record (a continuation) yields nothing.
 */
export function decodeTls(out: AppInfo, data: Uint8Array, start: number, end: number): void {
  let pos = start;
  let encrypted = false;
  while (isTlsRecord(data, pos, end) && out.tlsMessageCount < MAX_TLS_MESSAGES) {
    const type = data[pos]!;
    if (pos === start) out.tlsRecordVersion = u16(data, pos + 1);
    const body = pos + 5;
    const bodyEnd = body + u16(data, pos + 3);
    if (bodyEnd > end) out.truncated = true;
    if (type === TlsContentType.Handshake && !encrypted) {
      readHandshakes(out, data, body, bodyEnd, end);
    } else {
      out.tlsMessages[out.tlsMessageCount++] = (type << 8) | NO_HANDSHAKE;
      // After ChangeCipherSpec (TLS 1.2) the next handshake record is the encrypted Finished.
      if (type === TlsContentType.ChangeCipherSpec) encrypted = true;
    }
    pos = bodyEnd;
  }
}

function readHandshakes(out: AppInfo, data: Uint8Array, body: number, bodyEnd: number, end: number): void {
  let at = body;
  do {
    if (end - at < 4) {
      out.truncated = true;
      out.tlsMessages[out.tlsMessageCount++] = (TlsContentType.Handshake << 8) | (at < end ? data[at]! : NO_HANDSHAKE);
      return;
    }
    const type = data[at]!;
    const length = (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!;
    // A handshake message never overruns its record (we do not join records): if it seems to, it is ciphertext.
    if (bodyEnd - at < 4 || !KNOWN_HANDSHAKES[type] || at + 4 + length > bodyEnd) {
      out.tlsMessages[out.tlsMessageCount++] = (TlsContentType.Handshake << 8) | NO_HANDSHAKE;
      return;
    }
    out.tlsMessages[out.tlsMessageCount++] = (TlsContentType.Handshake << 8) | type;
    readHandshake(out, data, at, end < bodyEnd ? end : bodyEnd);
    at += 4 + length;
  } while (at < bodyEnd && at < end && out.tlsMessageCount < MAX_TLS_MESSAGES);
}

/**
 * Reads one handshake message at `at` (its 4-byte header first), as far as `end`: the hellos'
 * versions, SNI, ALPN and supported_versions. Also used for the ClientHello inside QUIC's CRYPTO frames.
 */
export function readHandshake(out: AppInfo, data: Uint8Array, at: number, end: number): void {
  if (end - at < 4) return cut(out);
  const type = data[at];
  if (type !== TlsHandshakeType.ClientHello && type !== TlsHandshakeType.ServerHello) return;
  const client = type === TlsHandshakeType.ClientHello;
  const declaredEnd = at + 4 + ((data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!);
  if (declaredEnd < end) end = declaredEnd;
  if (client) out.tlsClientHello = true;
  else out.tlsServerHello = true;
  let p = at + 4;
  if (end - p < 2) return cut(out);
  out.tlsHelloVersion = u16(data, p);
  if (!client) out.tlsSelectedVersion = out.tlsHelloVersion;
  p += 2 + 32; // random
  if (end - p < 1) return cut(out);
  p += 1 + data[p]!; // legacy_session_id
  if (client) {
    if (end - p < 2) return cut(out);
    p += 2 + u16(data, p); // cipher_suites
    if (end - p < 1) return cut(out);
    p += 1 + data[p]!; // legacy_compression_methods
  } else {
    if (end - p < 3) return cut(out);
    out.tlsCipherSuite = u16(data, p);
    p += 3;
  }
  if (p === end) return; // a hello without extensions
  if (end - p < 2) return cut(out);
  const extensionsEnd = p + 2 + u16(data, p);
  p += 2;
  while (p + 4 <= extensionsEnd && p + 4 <= end) {
    const extension = u16(data, p);
    const bodyEnd = p + 4 + u16(data, p + 2);
    const readable = bodyEnd < end ? bodyEnd : end;
    if (bodyEnd > end) out.truncated = true;
    if (extension === 0 && client) serverName(out, data, p + 4, readable);
    else if (extension === 16) alpn(out, data, p + 4, readable);
    else if (extension === 43) supportedVersions(out, data, p + 4, readable, client);
    p = bodyEnd;
  }
  if (extensionsEnd > end) out.truncated = true;
}

function cut(out: AppInfo): void {
  out.truncated = true;
}

/** server_name (RFC 6066 section 3): the first host_name entry. */
function serverName(out: AppInfo, data: Uint8Array, at: number, end: number): void {
  let p = at + 2;
  while (p + 3 <= end) {
    const length = u16(data, p + 1);
    if (data[p] === 0) {
      out.tlsSni = latin1(data, p + 3, p + 3 + length < end ? p + 3 + length : end);
      return;
    }
    p += 3 + length;
  }
}

/** application_layer_protocol_negotiation (RFC 7301): protocol names, comma-separated. */
function alpn(out: AppInfo, data: Uint8Array, at: number, end: number): void {
  let p = at + 2;
  let list = '';
  while (p < end) {
    const length = data[p]!;
    const stop = p + 1 + length < end ? p + 1 + length : end;
    list = list ? `${list},${latin1(data, p + 1, stop)}` : latin1(data, p + 1, stop);
    p += 1 + length;
  }
  out.tlsAlpn = list;
}

/** supported_versions (RFC 8446 section 4.2.1): the client's list, or the server's choice. */
function supportedVersions(out: AppInfo, data: Uint8Array, at: number, end: number, client: boolean): void {
  if (!client) {
    if (end - at >= 2) out.tlsSelectedVersion = u16(data, at);
    return;
  }
  const listEnd = at + 1 + (data[at] ?? 0);
  for (let p = at + 1; p + 2 <= listEnd && p + 2 <= end && out.tlsSupportedVersionCount < MAX_TLS_VERSIONS; p += 2) {
    out.tlsSupportedVersions[out.tlsSupportedVersionCount++] = u16(data, p);
  }
}

/** Wireshark's name of a TLS version ('TLSv1.3'), or '' when unknown. */
export function tlsVersionName(version: number): string {
  switch (version) {
    case 0x0300:
      return 'SSLv3';
    case 0x0301:
      return 'TLSv1';
    case 0x0302:
      return 'TLSv1.1';
    case 0x0303:
      return 'TLSv1.2';
    case 0x0304:
      return 'TLSv1.3';
    default:
      return '';
  }
}
