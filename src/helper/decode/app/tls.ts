import { u16 } from '../bytes';
import type { AppStatus } from './appDissector';
import { appDissector } from './appDissector';
import { latin1 } from './text';
import {
  MAX_TLS_MESSAGES,
  MAX_TLS_VERSIONS,
  NO_HANDSHAKE,
  TLS_FIELDS,
  TlsContentType,
  TlsHandshakeType,
} from './tlsFields';
import type { TlsFields } from './tlsFields';
import { dissectTls, tlsInfo, tlsVersionName } from './tlsText';

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
 * `messages` and reading any ClientHello or ServerHello. A record cut by the segment end is
 * read as far as it goes; a segment that starts mid-record (a continuation) yields nothing.
 */
export function decodeTls(out: TlsFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  let pos = start;
  let encrypted = false;
  while (isTlsRecord(data, pos, end) && out.messageCount < MAX_TLS_MESSAGES) {
    const type = data[pos]!;
    if (pos === start) out.recordVersion = u16(data, pos + 1);
    const body = pos + 5;
    const bodyEnd = body + u16(data, pos + 3);
    if (bodyEnd > end) app.truncated = true;
    if (type === TlsContentType.Handshake && !encrypted) {
      readHandshakes(out, app, data, body, bodyEnd, end);
    } else {
      out.messages[out.messageCount++] = (type << 8) | NO_HANDSHAKE;
      // After ChangeCipherSpec (TLS 1.2) the next handshake record is the encrypted Finished.
      if (type === TlsContentType.ChangeCipherSpec) encrypted = true;
    }
    pos = bodyEnd;
  }
}

function readHandshakes(
  out: TlsFields,
  app: AppStatus,
  data: Uint8Array,
  body: number,
  bodyEnd: number,
  end: number,
): void {
  let at = body;
  do {
    if (end - at < 4) {
      app.truncated = true;
      out.messages[out.messageCount++] = (TlsContentType.Handshake << 8) | (at < end ? data[at]! : NO_HANDSHAKE);
      return;
    }
    const type = data[at]!;
    const length = (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!;
    // A handshake message never overruns its record (we do not join records): if it seems to, it is ciphertext.
    if (bodyEnd - at < 4 || !KNOWN_HANDSHAKES[type] || at + 4 + length > bodyEnd) {
      out.messages[out.messageCount++] = (TlsContentType.Handshake << 8) | NO_HANDSHAKE;
      return;
    }
    out.messages[out.messageCount++] = (TlsContentType.Handshake << 8) | type;
    readHandshake(out, app, data, at, end < bodyEnd ? end : bodyEnd);
    at += 4 + length;
  } while (at < bodyEnd && at < end && out.messageCount < MAX_TLS_MESSAGES);
}

/**
 * Reads one handshake message at `at` (its 4-byte header first), as far as `end`: the hellos'
 * versions, SNI, ALPN and supported_versions. Also used for the ClientHello inside QUIC's CRYPTO frames.
 */
export function readHandshake(out: TlsFields, app: AppStatus, data: Uint8Array, at: number, end: number): void {
  if (end - at < 4) return cut(app);
  const type = data[at];
  if (type !== TlsHandshakeType.ClientHello && type !== TlsHandshakeType.ServerHello) return;
  const client = type === TlsHandshakeType.ClientHello;
  const declaredEnd = at + 4 + ((data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!);
  if (declaredEnd < end) end = declaredEnd;
  if (client) out.clientHello = true;
  else out.serverHello = true;
  let p = at + 4;
  if (end - p < 2) return cut(app);
  out.helloVersion = u16(data, p);
  if (!client) out.selectedVersion = out.helloVersion;
  p += 2 + 32; // random
  if (end - p < 1) return cut(app);
  p += 1 + data[p]!; // legacy_session_id
  if (client) {
    if (end - p < 2) return cut(app);
    p += 2 + u16(data, p); // cipher_suites
    if (end - p < 1) return cut(app);
    p += 1 + data[p]!; // legacy_compression_methods
  } else {
    if (end - p < 3) return cut(app);
    out.cipherSuite = u16(data, p);
    p += 3;
  }
  if (p === end) return; // a hello without extensions
  if (end - p < 2) return cut(app);
  const extensionsEnd = p + 2 + u16(data, p);
  p += 2;
  while (p + 4 <= extensionsEnd && p + 4 <= end) {
    const extension = u16(data, p);
    const bodyEnd = p + 4 + u16(data, p + 2);
    const readable = bodyEnd < end ? bodyEnd : end;
    if (bodyEnd > end) app.truncated = true;
    if (extension === 0 && client) serverName(out, app, data, p + 4, readable);
    else if (extension === 16) alpn(out, data, p + 4, readable);
    else if (extension === 43) supportedVersions(out, data, p + 4, readable, client);
    p = bodyEnd;
  }
  if (extensionsEnd > end) app.truncated = true;
}

function cut(app: AppStatus): void {
  app.truncated = true;
}

/** server_name (RFC 6066 section 3): the first host_name entry, which is also the packet's server name. */
function serverName(out: TlsFields, app: AppStatus, data: Uint8Array, at: number, end: number): void {
  let p = at + 2;
  while (p + 3 <= end) {
    const length = u16(data, p + 1);
    if (data[p] === 0) {
      out.sni = latin1(data, p + 3, p + 3 + length < end ? p + 3 + length : end);
      app.serverName = out.sni;
      return;
    }
    p += 3 + length;
  }
}

/** application_layer_protocol_negotiation (RFC 7301): protocol names, comma-separated. */
function alpn(out: TlsFields, data: Uint8Array, at: number, end: number): void {
  let p = at + 2;
  let list = '';
  while (p < end) {
    const length = data[p]!;
    const stop = p + 1 + length < end ? p + 1 + length : end;
    list = list ? `${list},${latin1(data, p + 1, stop)}` : latin1(data, p + 1, stop);
    p += 1 + length;
  }
  out.alpn = list;
}

/** supported_versions (RFC 8446 section 4.2.1): the client's list, or the server's choice. */
function supportedVersions(out: TlsFields, data: Uint8Array, at: number, end: number, client: boolean): void {
  if (!client) {
    if (end - at >= 2) out.selectedVersion = u16(data, at);
    return;
  }
  const listEnd = at + 1 + (data[at] ?? 0);
  for (let p = at + 1; p + 2 <= listEnd && p + 2 <= end && out.supportedVersionCount < MAX_TLS_VERSIONS; p += 2) {
    out.supportedVersions[out.supportedVersionCount++] = u16(data, p);
  }
}

/** TLS: a record header proves it on any TCP port; a registered port names its continuations. */
export const tls = appDissector({
  name: 'tls',
  title: 'Transport Layer Security',
  fields: TLS_FIELDS,
  tcp: {
    ports: [
      324, 443, 465, 636, 802, 853, 993, 995, 1300, 2221, 2443, 3249, 3250, 3251, 3252, 3496, 5061, 5671, 5684, 5868,
      8883, 11207, 19999, 27017,
    ],
    heuristic: {
      strong: true,
      acceptsFirstByte: (byte) => byte >= TlsContentType.ChangeCipherSpec && byte <= TlsContentType.Heartbeat,
      test: (_out, _app, data, start, end) => isTlsRecord(data, start, end),
      decode: decodeTls,
    },
  },
  // Without the conversation, the ServerHello's choice or else the record's version is all there is.
  protocolColumn: (out) => tlsVersionName(out.selectedVersion || out.recordVersion) || 'TLS',
  infoColumn: (_packet, out) => tlsInfo(out),
  dissect: (b, layer, _packet, out) => dissectTls(b, layer, out),
});
