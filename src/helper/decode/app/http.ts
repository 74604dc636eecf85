import type { PacketLayer } from '../../../shared/model/traffic';
import type { LayerBuilder } from '../dissect/layerBuilder';
import type { DecodedPacket } from '../packet';
import type { AppStatus, FieldGroup, FieldKind } from './appDissector';
import { appDissector } from './appDissector';
import {
  ascii,
  digits,
  hasBytes,
  hasBytesIgnoreCase,
  isDigits,
  latin1,
  lineEnd,
  nextLine,
  nextSpace,
  skipBlanks,
  trimEnd,
} from './text';

// Methods of RFC 9110, WebDAV, and the HTTPU ones SSDP and UPnP eventing use.
const METHODS = [
  'GET',
  'POST',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'CONNECT',
  'TRACE',
  'M-SEARCH',
  'NOTIFY',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'REPORT',
].map(ascii);
const HTTP_SLASH = ascii('HTTP/');
/** First letters of the methods, so most payloads are turned away by one lookup. */
const METHOD_FIRST = new Uint8Array(256);
for (const method of METHODS) METHOD_FIRST[method[0]!] = 1;
/** Most header lines read: the fields we keep come early, and a hostile request can have thousands. */
const MAX_HEADERS = 64;

/** HTTP/1.x start line and the headers kept; SSDP (HTTP over UDP) adds its own. */
export class HttpFields implements FieldGroup {
  /** request method ('GET', 'M-SEARCH', 'NOTIFY'…), '' for a response */
  method = '';
  uri = '';
  /** 'HTTP/1.1' as written in the start line */
  version = '';
  /** response status code, 0 for a request */
  status = 0;
  reason = '';
  host = '';
  userAgent = '';
  server = '';
  contentType = '';
  /** Content-Length, -1 when absent */
  contentLength = -1;
  /** SSDP: ST (search target) of an M-SEARCH or its response, or NT of a NOTIFY */
  ssdpTarget = '';
  /** SSDP: NTS of a NOTIFY ('ssdp:alive', 'ssdp:byebye') */
  ssdpNotificationSubtype = '';
  ssdpLocation = '';
  ssdpUsn = '';

  reset(): void {
    this.method = '';
    this.uri = '';
    this.version = '';
    this.status = 0;
    this.reason = '';
    this.host = '';
    this.userAgent = '';
    this.server = '';
    this.contentType = '';
    this.contentLength = -1;
    this.ssdpTarget = '';
    this.ssdpNotificationSubtype = '';
    this.ssdpLocation = '';
    this.ssdpUsn = '';
  }
}

/** HTTP's and SSDP's field group (`app.fields.http`). */
export const HTTP_FIELDS: FieldKind<'http', HttpFields> = { key: 'http', create: () => new HttpFields() };

/** What the start line was. */
export const HttpStart = { None: 0, Request: 1, Response: 2 } as const;

/** A payload starting with `byte` may be an HTTP start line ('HTTP/' or a method). */
export function mayStartHttp(byte: number): boolean {
  return byte === HTTP_SLASH[0] || METHOD_FIRST[byte] === 1;
}

/**
 * Reads an HTTP/1.x start line and headers at `start` (RFC 9112). Returns HttpStart.None, and
 * touches nothing, when the bytes do not begin with a request line or a status line. The Host
 * header is the packet's server name.
 */
export function decodeHttp(out: HttpFields, app: AppStatus, data: Uint8Array, start: number, end: number): number {
  const kind = startLine(out, app, data, start, end);
  if (kind === HttpStart.None) return kind;
  let pos = nextLine(data, lineEnd(data, start, end), end);
  for (let i = 0; i < MAX_HEADERS && pos < end; i++) {
    const stop = lineEnd(data, pos, end);
    if (stop === pos) break; // the blank line ending the headers
    if (stop === end) app.truncated = true;
    header(out, data, pos, stop);
    pos = nextLine(data, stop, end);
  }
  app.serverName = out.host;
  return kind;
}

function startLine(out: HttpFields, app: AppStatus, data: Uint8Array, start: number, end: number): number {
  // Decide from the first bytes before looking for the line's end: bulk payloads stop here cheaply.
  if (hasBytes(data, start, end, HTTP_SLASH)) {
    // HTTP/1.1 200 OK
    const stop = lineEnd(data, start, end);
    const space = nextSpace(data, start, stop);
    if (space - start !== 8 || !isDigits(data, space + 1, 3, stop)) return HttpStart.None;
    if (space + 4 < stop && data[space + 4] !== 0x20) return HttpStart.None;
    out.version = latin1(data, start, space);
    out.status = digits(data, space + 1, 3);
    out.reason = latin1(data, skipBlanks(data, space + 4, stop), trimEnd(data, space + 4, stop));
    return HttpStart.Response;
  }
  const method = findMethod(data, start, end);
  if (!method) return HttpStart.None;
  const uriStart = start + method.length + 1;
  const stop = lineEnd(data, uriStart, end);
  const uriEnd = nextSpace(data, uriStart, stop);
  // The version proves it is HTTP (a line cut before it is still taken: tshark does too).
  if (uriEnd < stop && !hasBytes(data, uriEnd + 1, stop, HTTP_SLASH)) return HttpStart.None;
  if (uriEnd === stop && stop !== end) return HttpStart.None;
  out.method = latin1(data, start, start + method.length);
  out.uri = latin1(data, uriStart, uriEnd);
  out.version = uriEnd < stop ? latin1(data, uriEnd + 1, trimEnd(data, uriEnd + 1, stop)) : '';
  if (stop === end) app.truncated = true;
  return HttpStart.Request;
}

function findMethod(data: Uint8Array, start: number, end: number): Uint8Array | undefined {
  if (start >= end || !METHOD_FIRST[data[start]!]) return undefined;
  for (const name of METHODS) {
    if (start + name.length < end && data[start + name.length] === 0x20 && hasBytes(data, start, end, name))
      return name;
  }
  return undefined;
}

/** The value of the header line `start..end` whose name (with its colon) is `name`, trimmed. */
function value(data: Uint8Array, start: number, end: number, name: Uint8Array): string {
  return latin1(data, skipBlanks(data, start + name.length, end), trimEnd(data, start, end));
}

const HOST = ascii('host:');
const USER_AGENT = ascii('user-agent:');
const SERVER = ascii('server:');
const CONTENT_TYPE = ascii('content-type:');
const CONTENT_LENGTH = ascii('content-length:');
const ST = ascii('st:');
const NT = ascii('nt:');
const NTS = ascii('nts:');
const LOCATION = ascii('location:');
const USN = ascii('usn:');

function header(out: HttpFields, data: Uint8Array, start: number, end: number): void {
  // Dispatch on the first letter: most header lines are compared once.
  switch (data[start]! | 0x20) {
    case 0x68: // h
      if (hasBytesIgnoreCase(data, start, end, HOST)) out.host = value(data, start, end, HOST);
      break;
    case 0x75: // u
      if (hasBytesIgnoreCase(data, start, end, USER_AGENT)) out.userAgent = value(data, start, end, USER_AGENT);
      else if (hasBytesIgnoreCase(data, start, end, USN)) out.ssdpUsn = value(data, start, end, USN);
      break;
    case 0x73: // s
      if (hasBytesIgnoreCase(data, start, end, SERVER)) out.server = value(data, start, end, SERVER);
      else if (hasBytesIgnoreCase(data, start, end, ST)) out.ssdpTarget = value(data, start, end, ST);
      break;
    case 0x63: // c
      if (hasBytesIgnoreCase(data, start, end, CONTENT_TYPE)) out.contentType = value(data, start, end, CONTENT_TYPE);
      else if (hasBytesIgnoreCase(data, start, end, CONTENT_LENGTH)) {
        const at = skipBlanks(data, start + CONTENT_LENGTH.length, end);
        let length = 0;
        let i = at;
        for (; i < end && i - at < 15 && data[i]! >= 0x30 && data[i]! <= 0x39; i++)
          length = length * 10 + data[i]! - 0x30;
        if (i > at) out.contentLength = length;
      }
      break;
    case 0x6e: // n
      if (hasBytesIgnoreCase(data, start, end, NT)) out.ssdpTarget = value(data, start, end, NT);
      else if (hasBytesIgnoreCase(data, start, end, NTS)) out.ssdpNotificationSubtype = value(data, start, end, NTS);
      break;
    case 0x6c: // l
      if (hasBytesIgnoreCase(data, start, end, LOCATION)) out.ssdpLocation = value(data, start, end, LOCATION);
      break;
  }
}

/** The Info column of HTTP and SSDP: the start line and the content type. */
export function httpInfo(out: HttpFields): string {
  const type = out.contentType ? ` (${out.contentType})` : '';
  if (out.method) return `${out.method} ${out.uri}${out.version ? ` ${out.version}` : ''}${type}`;
  if (out.status) return `${out.version} ${out.status} ${out.reason}${type}`.trimEnd();
  return 'Continuation';
}

/** The details of HTTP and SSDP: the start line and the headers kept. */
export function dissectHttp(b: LayerBuilder, layer: PacketLayer, _packet: DecodedPacket, out: HttpFields): void {
  b.notes(layer, [
    ['Request method', out.method],
    ['Request URI', out.uri],
    ['Version', out.version],
    ['Status code', out.status || ''],
    ['Reason phrase', out.reason],
    ['Host', out.host],
    ['User-Agent', out.userAgent],
    ['Server', out.server],
    ['Content-Type', out.contentType],
    ['Content-Length', out.contentLength >= 0 ? out.contentLength : ''],
    ['Search/notification target', out.ssdpTarget],
    ['Notification subtype', out.ssdpNotificationSubtype],
    ['Location', out.ssdpLocation],
    ['USN', out.ssdpUsn],
  ]);
}

/** HTTP/1.x: recognised by its start line on any TCP port; a registered port names what follows. */
export const http = appDissector({
  name: 'http',
  title: 'Hypertext Transfer Protocol',
  fields: HTTP_FIELDS,
  tcp: {
    ports: [80, 631, 1900, 2710, 2869, 3128, 3132, 3689, 5985, 8080, 8088, 11371],
    heuristic: {
      acceptsFirstByte: mayStartHttp,
      test: (out, app, data, start, end) => decodeHttp(out, app, data, start, end) !== HttpStart.None,
    },
  },
  protocolColumn: () => 'HTTP',
  infoColumn: (_packet, out) => httpInfo(out),
  dissect: dissectHttp,
});
