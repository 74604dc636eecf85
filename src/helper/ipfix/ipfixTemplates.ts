// The two templates LAN Lens exports flows with, in IANA's IPFIX information elements (RFC 7012,
// numbers from IANA's registry): one for IPv4 flows, one for IPv6. Each record is one direction of
// a flow over one export period, as NetFlow exporters (softflowd, nfpcapd) report them.

/** The version number of an IPFIX message header (RFC 7011 section 3.1). */
export const IPFIX_VERSION = 10;
/** The set id of a template set (RFC 7011 section 3.3.2). */
export const TEMPLATE_SET_ID = 2;
/** Message header, set header and template record header sizes in bytes. */
export const MESSAGE_HEADER_BYTES = 16;
export const SET_HEADER_BYTES = 4;
const TEMPLATE_HEADER_BYTES = 4;

/** flowEndReason values (IANA registry, RFC 5102). */
export const FlowEndReason = {
  idleTimeout: 1,
  activeTimeout: 2,
  endOfFlow: 3,
  forcedEnd: 4,
  lackOfResources: 5,
} as const;

/** One field of a template: an information element and its length in bytes. */
export interface TemplateField {
  name: string;
  id: number;
  length: number;
}

/** A template: its id (256 and up) and fields in record order. */
export interface IpfixTemplate {
  id: number;
  fields: readonly TemplateField[];
  /** bytes of one data record */
  recordBytes: number;
}

const field = (name: string, id: number, length: number): TemplateField => ({ name, id, length });

// Everything after the addresses is the same for both versions.
const COMMON: readonly TemplateField[] = [
  field('sourceTransportPort', 7, 2),
  field('destinationTransportPort', 11, 2),
  field('protocolIdentifier', 4, 1),
  field('tcpControlBits', 6, 2),
  field('octetDeltaCount', 1, 8),
  field('packetDeltaCount', 2, 8),
  field('layer2OctetDeltaCount', 352, 8),
  field('flowStartMilliseconds', 152, 8),
  field('flowEndMilliseconds', 153, 8),
  field('flowEndReason', 136, 1),
];

function template(id: number, fields: readonly TemplateField[]): IpfixTemplate {
  return { id, fields, recordBytes: fields.reduce((sum, f) => sum + f.length, 0) };
}

/** Flows over IPv4. */
export const IPV4_TEMPLATE = template(256, [
  field('sourceIPv4Address', 8, 4),
  field('destinationIPv4Address', 12, 4),
  ...COMMON,
]);

/** Flows over IPv6. */
export const IPV6_TEMPLATE = template(257, [
  field('sourceIPv6Address', 27, 16),
  field('destinationIPv6Address', 28, 16),
  ...COMMON,
]);

/** Both templates, as a template set announces them. */
export const TEMPLATES: readonly IpfixTemplate[] = [IPV4_TEMPLATE, IPV6_TEMPLATE];

/** Bytes of the template set that announces `TEMPLATES`. */
export const TEMPLATE_SET_BYTES =
  SET_HEADER_BYTES + TEMPLATES.reduce((sum, t) => sum + TEMPLATE_HEADER_BYTES + 4 * t.fields.length, 0);

/** Writes the template set at `offset` of `buffer`; returns the offset after it. */
export function writeTemplateSet(buffer: Buffer, offset: number): number {
  buffer.writeUInt16BE(TEMPLATE_SET_ID, offset);
  buffer.writeUInt16BE(TEMPLATE_SET_BYTES, offset + 2);
  let at = offset + SET_HEADER_BYTES;
  for (const { id, fields } of TEMPLATES) {
    buffer.writeUInt16BE(id, at);
    buffer.writeUInt16BE(fields.length, at + 2);
    at += TEMPLATE_HEADER_BYTES;
    for (const f of fields) {
      buffer.writeUInt16BE(f.id, at);
      buffer.writeUInt16BE(f.length, at + 2);
      at += 4;
    }
  }
  return at;
}
