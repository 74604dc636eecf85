import { u16, u32 } from '../bytes';
import type { AppStatus } from './appDissector';
import { appDissector } from './appDissector';
import { DNS_FIELDS, DnsSection, DnsType, MAX_DNS_RECORDS } from './dnsFields';
import type { DnsFields } from './dnsFields';
import { beginDnsMessage, NameStatus, nameRead, readDnsName, skipDnsName } from './dnsName';
import { dissectDns, dnsInfo } from './dnsText';

/** Most questions walked (a hostile count cannot make us loop long; each takes at least 5 bytes anyway). */
const MAX_QUESTIONS = 64;
/** Where a cut or odd message stops reading: `decodeDns` then says what `strict` wants. */
const STOP = -1;

/**
 * Decodes a DNS message (RFC 1035; also mDNS, LLMNR and NBNS, which share the format) at `start`:
 * header, first question, and up to MAX_DNS_RECORDS records of all sections. Returns false when
 * the bytes cannot be DNS (used to decide by content); with `strict`, also when anything is cut,
 * left over or odd (or there is not exactly one question), so random payloads on other ports are
 * not taken for DNS. `nbns`: NetBIOS name service, whose type 33 holds no name.
 */
export function decodeDns(
  out: DnsFields,
  app: AppStatus,
  data: Uint8Array,
  start: number,
  end: number,
  strict: boolean,
  nbns = false,
): boolean {
  if (end - start < 12) {
    if (strict) return false;
    app.truncated = true;
    if (end - start >= 2) out.id = u16(data, start);
    return true;
  }
  if (!readHeader(out, data, start, strict)) return false;
  beginDnsMessage(end - start);
  let pos = start + 12;
  for (let i = 0; i < out.questionCount && i < MAX_QUESTIONS && pos !== STOP; i++) {
    pos = readQuestion(out, app, data, start, pos, end, i === 0);
  }
  const total = out.answerCount + out.authorityCount + out.additionalCount;
  for (let i = 0; i < total && pos !== STOP; i++) pos = readRecord(out, app, data, start, pos, end, i, nbns);
  return pos === STOP ? !strict : !strict || pos === end;
}

/** The 12-byte header; false (writing nothing) when `strict` finds it unlike a query or answer. */
function readHeader(out: DnsFields, data: Uint8Array, start: number, strict: boolean): boolean {
  const flags = u16(data, start + 2);
  const questions = u16(data, start + 4);
  const answers = u16(data, start + 6);
  const authority = u16(data, start + 8);
  const additional = u16(data, start + 10);
  const opcode = (flags >> 11) & 0xf;
  if (strict && (opcode > 6 || opcode === 3 || questions !== 1 || answers + authority + additional > 256)) return false;
  out.id = u16(data, start);
  out.flags = flags;
  out.isResponse = (flags & 0x8000) !== 0;
  out.opcode = opcode;
  out.rcode = flags & 0xf;
  out.questionCount = questions;
  out.answerCount = answers;
  out.authorityCount = authority;
  out.additionalCount = additional;
  return true;
}

/** One question at `pos` (the first is kept); returns where the next item starts, or STOP. */
function readQuestion(
  out: DnsFields,
  app: AppStatus,
  data: Uint8Array,
  message: number,
  pos: number,
  end: number,
  first: boolean,
): number {
  if (first) out.queryName = readDnsName(data, message, pos, end);
  else skipDnsName(data, message, pos, end);
  if (!nameOk(app)) return STOP;
  pos = nameRead.next;
  if (end - pos < 4) {
    app.truncated = true;
    return STOP;
  }
  if (first) {
    out.queryType = u16(data, pos);
    out.queryClass = u16(data, pos + 2);
  }
  return pos + 4;
}

/** Resource record `i` at `pos`, kept while there is room; returns where the next one starts, or STOP. */
function readRecord(
  out: DnsFields,
  app: AppStatus,
  data: Uint8Array,
  message: number,
  pos: number,
  end: number,
  i: number,
  nbns: boolean,
): number {
  if (pos >= end) {
    app.truncated = true;
    return STOP;
  }
  const index = out.recordCount;
  const keep = index < MAX_DNS_RECORDS;
  if (keep) out.recordName[index] = readDnsName(data, message, pos, end);
  else skipDnsName(data, message, pos, end);
  if (!nameOk(app)) return STOP;
  pos = nameRead.next;
  if (end - pos < 10) {
    app.truncated = true;
    return STOP;
  }
  const type = u16(data, pos);
  const length = u16(data, pos + 8);
  const rdata = pos + 10;
  if (keep) {
    const answers = out.answerCount;
    out.recordSection[index] =
      i < answers ? DnsSection.Answer : i < answers + out.authorityCount ? DnsSection.Authority : DnsSection.Additional;
    out.recordType[index] = type;
    out.recordClass[index] = u16(data, pos + 2);
    out.recordTtl[index] = u32(data, pos + 4);
    out.recordDataOffset[index] = rdata;
    out.recordDataLength[index] = length;
    out.recordTarget[index] = '';
    out.recordCount++;
  }
  if (rdata + length > end) {
    app.truncated = true;
    if (keep) out.recordDataLength[index] = end > rdata ? end - rdata : 0;
    return STOP;
  }
  const targetAt = keep ? targetOffset(nbns, type, rdata) : -1;
  if (targetAt >= 0 && targetAt < rdata + length) {
    out.recordTarget[index] = readDnsName(data, message, targetAt, rdata + length);
    if (nameRead.status === NameStatus.Malformed) app.malformed = true;
  }
  return rdata + length;
}

/** Where a record's RDATA holds a name, or -1 for types without one. */
function targetOffset(nbns: boolean, type: number, rdata: number): number {
  switch (type) {
    case DnsType.CNAME:
    case DnsType.PTR:
    case DnsType.NS:
      return rdata;
    case DnsType.MX:
      return rdata + 2;
    case DnsType.SRV:
      // Type 33 is NBSTAT in NetBIOS name service, which holds no name.
      return nbns ? -1 : rdata + 6;
    default:
      return -1;
  }
}

function nameOk(app: AppStatus): boolean {
  if (nameRead.status === NameStatus.Ok) return true;
  if (nameRead.status === NameStatus.Truncated) app.truncated = true;
  else app.malformed = true;
  return false;
}

/** A lax read, for payloads a port named. */
function decodeLax(out: DnsFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  decodeDns(out, app, data, start, end, false);
}

/** DNS: on port 53, and by content on UDP ports nobody registered. */
export const dns = appDissector({
  name: 'dns',
  title: 'Domain Name System',
  fields: DNS_FIELDS,
  tcp: {
    ports: [53, 5353],
    // RFC 1035 section 4.2.2: each message is preceded by its 2-byte length, which HTTP's test must not read.
    portFirst: true,
    decode(out, app, data, start, end) {
      if (end - start >= 2) decodeDns(out, app, data, start + 2, end, false);
      else app.truncated = true;
    },
  },
  udp: {
    ports: [53],
    heuristic: {
      test(out, app, data, start, end) {
        if (decodeDns(out, app, data, start, end, true)) return true;
        // A message that failed late left fields behind (the header is checked before any is written).
        if (out.questionCount !== 0) out.reset();
        return false;
      },
    },
    decode: decodeLax,
  },
  protocolColumn: () => 'DNS',
  infoColumn: (packet, out) => dnsInfo(packet, out, false),
  dissect: dissectDns,
});

/** A protocol in DNS's format on one UDP port of its own, which names it. */
function dnsOnPort<const N extends string>(name: N, title: string, port: number, column: string, mdns: boolean) {
  return appDissector({
    name,
    title,
    fields: DNS_FIELDS,
    udp: { ports: [port], decode: decodeLax },
    protocolColumn: () => column,
    infoColumn: (packet, out) => dnsInfo(packet, out, mdns),
    dissect: dissectDns,
  });
}

/** Multicast DNS (RFC 6762): QU/QM questions and cache-flush records in its Info column. */
export const mdns = dnsOnPort('mdns', 'Multicast Domain Name System', 5353, 'MDNS', true);
/** Link-local Multicast Name Resolution (RFC 4795). */
export const llmnr = dnsOnPort('llmnr', 'Link-local Multicast Name Resolution', 5355, 'LLMNR', false);
