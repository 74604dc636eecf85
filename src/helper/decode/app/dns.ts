import { u16, u32 } from '../bytes';
import { AppProtocol, DnsSection, DnsType, MAX_DNS_RECORDS } from './appInfo';
import type { AppInfo } from './appInfo';
import { NameStatus, nameRead, readDnsName, skipDnsName } from './dnsName';

/** Most questions walked (a hostile count cannot make us loop long; each takes at least 5 bytes anyway). */
const MAX_QUESTIONS = 64;

/**
 * Decodes a DNS message (RFC 1035; also mDNS and LLMNR, which share the format) at `start`:
 * header, first question, and up to MAX_DNS_RECORDS records of all sections. Returns false when
 * the bytes cannot be DNS (used to decide by content); with `strict`, also when anything is cut,
 * left over or odd (or there is not exactly one question), so random payloads on other ports are
 * not taken for DNS.
 */
export function decodeDns(out: AppInfo, data: Uint8Array, start: number, end: number, strict: boolean): boolean {
  if (end - start < 12) {
    if (strict) return false;
    out.truncated = true;
    if (end - start >= 2) out.dnsId = u16(data, start);
    return true;
  }
  const flags = u16(data, start + 2);
  const questions = u16(data, start + 4);
  const answers = u16(data, start + 6);
  const authority = u16(data, start + 8);
  const additional = u16(data, start + 10);
  const opcode = (flags >> 11) & 0xf;
  if (strict && (opcode > 6 || opcode === 3 || questions !== 1 || answers + authority + additional > 256)) return false;
  out.dnsId = u16(data, start);
  out.dnsFlags = flags;
  out.dnsIsResponse = (flags & 0x8000) !== 0;
  out.dnsOpcode = opcode;
  out.dnsRcode = flags & 0xf;
  out.dnsQuestionCount = questions;
  out.dnsAnswerCount = answers;
  out.dnsAuthorityCount = authority;
  out.dnsAdditionalCount = additional;
  let pos = start + 12;
  for (let i = 0; i < questions && i < MAX_QUESTIONS; i++) {
    if (i === 0) out.dnsQueryName = readDnsName(data, start, pos, end);
    else skipDnsName(data, start, pos, end);
    if (!nameOk(out)) return !strict;
    pos = nameRead.next;
    if (end - pos < 4) {
      out.truncated = true;
      return !strict;
    }
    if (i === 0) {
      out.dnsQueryType = u16(data, pos);
      out.dnsQueryClass = u16(data, pos + 2);
    }
    pos += 4;
  }
  const total = answers + authority + additional;
  for (let i = 0; i < total; i++) {
    if (pos >= end) {
      out.truncated = true;
      return !strict;
    }
    const keep = out.dnsRecordCount < MAX_DNS_RECORDS;
    const index = out.dnsRecordCount;
    if (keep) out.dnsRecordName[index] = readDnsName(data, start, pos, end);
    else skipDnsName(data, start, pos, end);
    if (!nameOk(out)) return !strict;
    pos = nameRead.next;
    if (end - pos < 10) {
      out.truncated = true;
      return !strict;
    }
    const type = u16(data, pos);
    const length = u16(data, pos + 8);
    const rdata = pos + 10;
    if (keep) {
      out.dnsRecordSection[index] =
        i < answers ? DnsSection.Answer : i < answers + authority ? DnsSection.Authority : DnsSection.Additional;
      out.dnsRecordType[index] = type;
      out.dnsRecordClass[index] = u16(data, pos + 2);
      out.dnsRecordTtl[index] = u32(data, pos + 4);
      out.dnsRecordDataOffset[index] = rdata;
      out.dnsRecordDataLength[index] = length;
      out.dnsRecordTarget[index] = '';
      out.dnsRecordCount++;
    }
    if (rdata + length > end) {
      out.truncated = true;
      if (keep) out.dnsRecordDataLength[index] = end > rdata ? end - rdata : 0;
      return !strict;
    }
    if (keep) {
      const targetAt = targetOffset(out.protocol === AppProtocol.Nbns, type, rdata);
      if (targetAt >= 0 && targetAt < rdata + length) {
        out.dnsRecordTarget[index] = readDnsName(data, start, targetAt, rdata + length);
        if (nameRead.status === NameStatus.Malformed) out.malformed = true;
      }
    }
    pos = rdata + length;
  }
  return !strict || pos === end;
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

function nameOk(out: AppInfo): boolean {
  if (nameRead.status === NameStatus.Ok) return true;
  if (nameRead.status === NameStatus.Truncated) out.truncated = true;
  else out.malformed = true;
  return false;
}
