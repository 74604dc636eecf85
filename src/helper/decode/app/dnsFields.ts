import type { FieldGroup, FieldKind } from './appDissector';

/** Most DNS resource records kept per message (answers, then authority and additional records). */
export const MAX_DNS_RECORDS = 32;

/** Which section of a DNS message a record came from. */
export enum DnsSection {
  Answer = 1,
  Authority,
  Additional,
}

/** DNS record types the decoders name (IANA); others are kept as numbers. */
export const DnsType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  HINFO: 13,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  /** NetBIOS general name service record (NBNS only; 33 there is NBSTAT, not SRV) */
  NB: 32,
  OPT: 41,
  HTTPS: 65,
  ANY: 255,
} as const;

/** A DNS message's header, first question and records: DNS, mDNS, LLMNR and NBNS (same wire format). */
export class DnsFields implements FieldGroup {
  id = 0;
  /** the 16-bit flags word */
  flags = 0;
  isResponse = false;
  opcode = 0;
  rcode = 0;
  /** section counts as the header declares them */
  questionCount = 0;
  answerCount = 0;
  authorityCount = 0;
  additionalCount = 0;
  /** first question (NBNS: the decoded NetBIOS name, `NAME<1c>`), '' without one */
  queryName = '';
  queryType = 0;
  queryClass = 0;
  /** records decoded into the arrays below (at most MAX_DNS_RECORDS); the arrays are only read up to it */
  recordCount = 0;
  readonly recordSection = new Uint8Array(MAX_DNS_RECORDS);
  /** owner names (hostile) */
  readonly recordName: string[] = new Array<string>(MAX_DNS_RECORDS).fill('');
  readonly recordType = new Uint16Array(MAX_DNS_RECORDS);
  readonly recordClass = new Uint16Array(MAX_DNS_RECORDS);
  /** time to live in seconds */
  readonly recordTtl = new Uint32Array(MAX_DNS_RECORDS);
  /** RDATA offset (A: 4 address bytes, AAAA: 16; NBNS NB: 2 flag bytes then 4 per address) */
  readonly recordDataOffset = new Int32Array(MAX_DNS_RECORDS);
  readonly recordDataLength = new Uint16Array(MAX_DNS_RECORDS);
  /** the name a CNAME, PTR, NS, MX, SRV record points to ('' for other types; hostile) */
  readonly recordTarget: string[] = new Array<string>(MAX_DNS_RECORDS).fill('');

  reset(): void {
    this.id = 0;
    this.flags = 0;
    this.isResponse = false;
    this.opcode = 0;
    this.rcode = 0;
    this.questionCount = 0;
    this.answerCount = 0;
    this.authorityCount = 0;
    this.additionalCount = 0;
    this.queryName = '';
    this.queryType = 0;
    this.queryClass = 0;
    this.recordCount = 0;
  }
}

/** The DNS family's field group (`app.fields.dns`). */
export const DNS_FIELDS: FieldKind<'dns', DnsFields> = { key: 'dns', create: () => new DnsFields() };
