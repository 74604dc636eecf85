import {
  IPFIX_VERSION,
  IPV4_TEMPLATE,
  IPV6_TEMPLATE,
  MESSAGE_HEADER_BYTES,
  SET_HEADER_BYTES,
  TEMPLATE_SET_BYTES,
  writeTemplateSet,
} from './ipfixTemplates';
import type { IpfixTemplate } from './ipfixTemplates';

const TWO_32 = 2 ** 32;

/** One direction of a flow over one export period, as the templates carry it (reused: `add` copies it out). */
export class IpfixFlowRecord {
  ipVersion: 4 | 6 = 4;
  /** source address words at 0-3, destination's at 4-7, big-endian; IPv4 in words 3 and 7 */
  readonly addresses = new Uint32Array(8);
  sourcePort = 0;
  destinationPort = 0;
  protocol = 0;
  /** TcpFlag bits (tcpControlBits) */
  tcpFlags = 0;
  /** bytes of the IP packets (octetDeltaCount) */
  octets = 0;
  packets = 0;
  /** bytes of the frames (layer2OctetDeltaCount) */
  layer2Octets = 0;
  /** first and last packet, ms since the Unix epoch */
  startMs = 0;
  endMs = 0;
  /** a FlowEndReason */
  endReason = 0;
}

/** How messages are made. */
export interface IpfixEncoderOptions {
  /** the exporter's observation domain (RFC 7011: scopes templates and sequence numbers) */
  observationDomainId: number;
  /** the largest message, in bytes: below the path MTU, as UDP transport requires (RFC 7011 10.3.3) */
  maxMessageBytes: number;
  /** templates go out again after this long… */
  templateRefreshMs: number;
  /** …or after this many messages, whichever comes first (UDP: a collector may have missed them) */
  templateRefreshMessages: number;
}

/** Settings that suit UDP to a collector on an Ethernet path. */
export const DEFAULT_ENCODER_OPTIONS: IpfixEncoderOptions = {
  observationDomainId: 1,
  maxMessageBytes: 1400,
  templateRefreshMs: 60_000,
  templateRefreshMessages: 100,
};

/**
 * Builds IPFIX messages (RFC 7011) of flow records: a header, the template set when it is due,
 * then data sets of the IPv4 and IPv6 templates, each message at most `maxMessageBytes`. Every
 * finished message goes to `emit` (a fresh buffer) with the number of data records it holds.
 * Sequence numbers count the data records sent before each message, modulo 2^32.
 */
export class IpfixEncoder {
  /** data records in all messages finished so far, modulo 2^32: the next message's sequence number */
  sequence = 0;
  private readonly buffer: Buffer;
  /** the same bytes, for the records: DataView's setters cost less than Buffer's in a loop of thousands */
  private readonly view: DataView;
  /** bytes of the open message, 0 when none is open */
  private length = 0;
  private records = 0;
  private set: IpfixTemplate | undefined;
  private setStart = 0;
  private templatesAt = -Infinity;
  private messagesSinceTemplates = 0;

  constructor(
    private readonly emit: (message: Buffer, records: number) => void,
    private readonly options: IpfixEncoderOptions = DEFAULT_ENCODER_OPTIONS,
  ) {
    if (options.maxMessageBytes < MESSAGE_HEADER_BYTES + TEMPLATE_SET_BYTES + SET_HEADER_BYTES + 100) {
      throw new RangeError(
        `an IPFIX message of ${options.maxMessageBytes} bytes cannot hold the templates and a record`,
      );
    }
    this.buffer = Buffer.alloc(Math.min(options.maxMessageBytes, 65535));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length);
  }

  /** Sends a message holding only the templates (a collector can decode what follows from the start). */
  sendTemplates(nowMs: number): void {
    this.flush();
    this.open(nowMs, true);
    this.flush();
  }

  /** Adds a record to the open message, finishing it first when the record does not fit. */
  add(record: IpfixFlowRecord, nowMs: number): void {
    const template = record.ipVersion === 6 ? IPV6_TEMPLATE : IPV4_TEMPLATE;
    const needed = template.recordBytes + (this.set === template ? 0 : SET_HEADER_BYTES);
    if (this.length > 0 && this.length + needed > this.buffer.length) this.flush();
    if (this.length === 0) this.open(nowMs, false);
    if (this.set !== template) {
      this.closeSet();
      this.set = template;
      this.setStart = this.length;
      this.buffer.writeUInt16BE(template.id, this.length);
      this.length += SET_HEADER_BYTES;
    }
    this.length = writeRecord(this.view, this.length, record);
    this.records++;
  }

  /** Finishes the open message, if any, and emits it. */
  flush(): void {
    if (this.length === 0) return;
    this.closeSet();
    this.buffer.writeUInt16BE(this.length, 2);
    this.emit(Buffer.from(this.buffer.subarray(0, this.length)), this.records);
    this.sequence = (this.sequence + this.records) % TWO_32;
    this.length = 0;
    this.records = 0;
  }

  private open(nowMs: number, withTemplates: boolean): void {
    const buffer = this.buffer;
    buffer.writeUInt16BE(IPFIX_VERSION, 0);
    buffer.writeUInt32BE(Math.floor(nowMs / 1000) % TWO_32, 4);
    buffer.writeUInt32BE(this.sequence, 8);
    buffer.writeUInt32BE(this.options.observationDomainId >>> 0, 12);
    this.length = MESSAGE_HEADER_BYTES;
    this.set = undefined;
    const due =
      nowMs - this.templatesAt >= this.options.templateRefreshMs ||
      this.messagesSinceTemplates >= this.options.templateRefreshMessages;
    if (withTemplates || due) {
      this.length = writeTemplateSet(buffer, this.length);
      this.templatesAt = nowMs;
      this.messagesSinceTemplates = 0;
    }
    this.messagesSinceTemplates++;
  }

  private closeSet(): void {
    if (!this.set) return;
    this.buffer.writeUInt16BE(this.length - this.setStart, this.setStart + 2);
    this.set = undefined;
  }
}

/** Writes one data record in its template's field order (see ipfixTemplates.ts); returns the offset after it. */
function writeRecord(view: DataView, offset: number, record: IpfixFlowRecord): number {
  let at = offset;
  const words = record.addresses;
  if (record.ipVersion === 6) {
    for (let i = 0; i < 8; i++, at += 4) view.setUint32(at, words[i]!);
  } else {
    view.setUint32(at, words[3]!);
    view.setUint32(at + 4, words[7]!);
    at += 8;
  }
  view.setUint16(at, record.sourcePort);
  view.setUint16(at + 2, record.destinationPort);
  view.setUint8(at + 4, record.protocol);
  view.setUint16(at + 5, record.tcpFlags & 0xfff);
  at = writeUnsigned64(view, at + 7, record.octets);
  at = writeUnsigned64(view, at, record.packets);
  at = writeUnsigned64(view, at, record.layer2Octets);
  at = writeUnsigned64(view, at, Math.round(record.startMs));
  at = writeUnsigned64(view, at, Math.round(record.endMs));
  view.setUint8(at, record.endReason);
  return at + 1;
}

/** An unsigned64 field from a whole number below 2^53, without a BigInt per field. */
function writeUnsigned64(view: DataView, offset: number, value: number): number {
  view.setUint32(offset, Math.floor(value / TWO_32));
  view.setUint32(offset + 4, value % TWO_32);
  return offset + 8;
}
