/**
 * lanlens-capd's stdio protocol (native/cap/src/capd/capdProtocol.h is the other half): a preamble
 * ("LLCD", u32 version), then records of u32 type, u32 body length, body; commands in are u32
 * length, u8 command, payload. Every number is little-endian.
 */

/** The version this helper speaks; capd sends its own in the preamble. */
export const CAPD_PROTOCOL_VERSION = 1;

/** Record types on capd's stdout. */
export const CapdRecord = {
  /** i32 DLT, then cap's name of the link type */
  opened: 1,
  /** u32 count, then packets each behind BATCH_HEADER_BYTES */
  batch: 2,
  /** u32 received, dropped, ifdropped */
  stats: 3,
  /** 16 bytes of code name, then the message; capd exits after it */
  error: 4,
  /** as error, for one frame that could not be sent; capture goes on */
  sendFailed: 5,
  /** empty: stopped as asked */
  end: 6,
} as const;

/** Commands on capd's stdin. */
export const CapdCommand = { inject: 1, stats: 2, stop: 3 } as const;

const MAGIC = 'LLCD';
const PREAMBLE_BYTES = 8;
const HEADER_BYTES = 8;
const CODE_NAME_BYTES = 16;
/** capd's largest batch (64 MiB) plus its count */
const MAX_BATCH_BODY = (64 << 20) + 4;
/** a code name and capd's longest message */
const MAX_OTHER_BODY = CODE_NAME_BYTES + 512;
/** the largest frame capd injects */
export const CAPD_MAX_FRAME = 65535;

/** What capd sent that this helper cannot read: a bug or a version mismatch, never the network's doing. */
export class CapdProtocolError extends Error {
  /** as the capture core's "any other failure" */
  readonly code = 'EPCAP';

  constructor(message: string) {
    super(`lanlens-capd's output is malformed: ${message}`);
    this.name = 'CapdProtocolError';
  }
}

/** An ERROR or SEND_FAILED record: the capture core's code ("EPERM", ...) and its message. */
export interface CapdFailure {
  code: string;
  message: string;
}

/** Reads an ERROR or SEND_FAILED body. */
export function readFailure(body: Buffer): CapdFailure {
  if (body.length < CODE_NAME_BYTES) throw new CapdProtocolError(`an error record of ${body.length} bytes`);
  const name = body.subarray(0, CODE_NAME_BYTES);
  const end = name.indexOf(0);
  return {
    code: name.toString('latin1', 0, end < 0 ? CODE_NAME_BYTES : end),
    message: body.toString('utf8', CODE_NAME_BYTES),
  };
}

/** Reads an OPENED body: the DLT and cap's name for it. */
export function readOpened(body: Buffer): { dlt: number; linkName: string } {
  if (body.length < 4) throw new CapdProtocolError(`an OPENED record of ${body.length} bytes`);
  return { dlt: body.readInt32LE(0), linkName: body.toString('latin1', 4) };
}

/** Reads a STATS body. */
export function readStats(body: Buffer): { received: number; dropped: number; ifdropped: number } {
  if (body.length !== 12) throw new CapdProtocolError(`a STATS record of ${body.length} bytes, not 12`);
  return { received: body.readUInt32LE(0), dropped: body.readUInt32LE(4), ifdropped: body.readUInt32LE(8) };
}

/**
 * Splits capd's byte stream into records, whatever the chunks: `onRecord` gets each whole record,
 * its body a view that is only valid during the call. A record split across chunks is gathered into
 * one reused buffer; one inside a chunk is not copied. Throws CapdProtocolError on malformed input.
 */
export class CapdRecordReader {
  private preamble = Buffer.alloc(0);
  private versionChecked = false;
  private readonly header = Buffer.alloc(HEADER_BYTES);
  private headerBytes = 0;
  private type = 0;
  private body = Buffer.alloc(0);
  private bodyLength = -1;
  private bodyBytes = 0;
  private paused = false;
  private held: Buffer | undefined;
  private endHeld = false;

  /** `onRecord` may return 'pause': the rest waits for `resume` (as a handle waits for its listener). */
  constructor(private readonly onRecord: (type: number, body: Buffer) => 'pause' | void) {}

  /** Feeds the next chunk of stdout (held while paused). */
  push(chunk: Buffer): void {
    if (this.paused) {
      this.held = this.held ? Buffer.concat([this.held, chunk]) : chunk;
      return;
    }
    let at = 0;
    if (!this.versionChecked) {
      at = this.readPreamble(chunk);
      if (!this.versionChecked) return;
    }
    while (at < chunk.length) {
      if (this.bodyLength < 0) {
        const take = Math.min(HEADER_BYTES - this.headerBytes, chunk.length - at);
        chunk.copy(this.header, this.headerBytes, at, at + take);
        this.headerBytes += take;
        at += take;
        if (this.headerBytes < HEADER_BYTES) return;
        this.startRecord();
        if (this.bodyLength === 0) this.finishRecord(Buffer.alloc(0));
        else if (chunk.length - at >= this.bodyLength) {
          // The common case of a small record, or a batch inside one chunk: no copy.
          const length = this.bodyLength;
          at += length;
          this.finishRecord(chunk.subarray(at - length, at));
        }
      } else {
        const take = Math.min(this.bodyLength - this.bodyBytes, chunk.length - at);
        chunk.copy(this.body, this.bodyBytes, at, at + take);
        this.bodyBytes += take;
        at += take;
        if (this.bodyBytes === this.bodyLength) this.finishRecord(this.body.subarray(0, this.bodyLength));
      }
      if (this.paused && at < chunk.length) {
        this.held = chunk.subarray(at);
        return;
      }
    }
  }

  /** Goes on with what was held since a record asked to pause. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const held = this.held;
    this.held = undefined;
    if (held) this.push(held);
    if (this.endHeld && !this.paused) {
      this.endHeld = false;
      this.end();
    }
  }

  /** The stream ended: throws when it ended inside a record or before the preamble. */
  end(): void {
    if (this.paused) return void (this.endHeld = true);
    if (!this.versionChecked) {
      throw new CapdProtocolError(`it ended after ${this.preamble.length} of the preamble's ${PREAMBLE_BYTES} bytes`);
    }
    if (this.bodyLength >= 0) {
      throw new CapdProtocolError(
        `it ended inside a record of type ${this.type} (${this.bodyBytes} of ${this.bodyLength} bytes)`,
      );
    }
    if (this.headerBytes > 0) {
      throw new CapdProtocolError(`it ended inside a record header (${this.headerBytes} of ${HEADER_BYTES} bytes)`);
    }
  }

  private readPreamble(chunk: Buffer): number {
    const take = Math.min(PREAMBLE_BYTES - this.preamble.length, chunk.length);
    this.preamble = Buffer.concat([this.preamble, chunk.subarray(0, take)]);
    if (this.preamble.length < PREAMBLE_BYTES) return take;
    if (this.preamble.toString('latin1', 0, 4) !== MAGIC) {
      throw new CapdProtocolError(`it does not start with "${MAGIC}" (is this lanlens-capd?)`);
    }
    const version = this.preamble.readUInt32LE(4);
    if (version !== CAPD_PROTOCOL_VERSION) {
      throw new CapdProtocolError(
        `it speaks protocol ${version}, this helper ${CAPD_PROTOCOL_VERSION}: grant capture permission again to update it`,
      );
    }
    this.versionChecked = true;
    return take;
  }

  private startRecord(): void {
    this.type = this.header.readUInt32LE(0);
    const length = this.header.readUInt32LE(4);
    const limit = this.type === CapdRecord.batch ? MAX_BATCH_BODY : MAX_OTHER_BODY;
    if (this.type < CapdRecord.opened || this.type > CapdRecord.end) {
      throw new CapdProtocolError(`unknown record type ${this.type}`);
    }
    if (length > limit) throw new CapdProtocolError(`a record of type ${this.type} claims ${length} bytes`);
    if (this.body.length < length) this.body = Buffer.allocUnsafe(Math.max(length, 2 * this.body.length));
    this.bodyLength = length;
    this.bodyBytes = 0;
  }

  private finishRecord(body: Buffer): void {
    const type = this.type;
    this.headerBytes = 0;
    this.bodyLength = -1;
    if (this.onRecord(type, body) === 'pause') this.paused = true;
  }
}

/** Checks a BATCH body (a count, then packets behind their headers) and returns its packet count. */
export function checkBatch(body: Buffer, headerBytes: number): number {
  if (body.length < 4) throw new CapdProtocolError(`a BATCH record of ${body.length} bytes`);
  const count = body.readUInt32LE(0);
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + headerBytes > body.length) {
      throw new CapdProtocolError(`a BATCH record of ${count} packets ends inside packet ${i + 1}'s header`);
    }
    const captured = body.readUInt32LE(at + 8);
    at += headerBytes + captured;
    if (at > body.length) {
      throw new CapdProtocolError(`a BATCH record's packet ${i + 1} claims ${captured} bytes past its end`);
    }
  }
  if (at !== body.length) throw new CapdProtocolError(`a BATCH record has ${body.length - at} bytes after its packets`);
  return count;
}

/** Encodes one command for capd's stdin (an INJECT carries `frame`). */
export function encodeCapdCommand(command: number, frame?: Buffer): Buffer {
  const payload = frame?.length ?? 0;
  if (command === CapdCommand.inject && (payload < 1 || payload > CAPD_MAX_FRAME)) {
    throw new RangeError(`a frame to inject must be 1 to ${CAPD_MAX_FRAME} bytes, not ${payload}`);
  }
  const out = Buffer.allocUnsafe(5 + payload);
  out.writeUInt32LE(1 + payload, 0);
  out.writeUInt8(command, 4);
  frame?.copy(out, 5);
  return out;
}
