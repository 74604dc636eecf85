// The event log's file format. A header (magic and a random log id), then records appended one
// after another, each sealed on its own with AES-256-GCM:
//
//   u32 length of the rest | u32 key id | 12-byte nonce | ciphertext | 16-byte tag
//
// The additional authenticated data binds each record to its place: magic, log id, the record's
// number (its position from 0) and its key id. A record changed, removed, moved or copied from
// another log fails authentication where it now stands, which the reader turns into a sentence.
// The plaintext is JSON: { time, kind, data }.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The file's first bytes. */
export const MAGIC = Buffer.from('LLEVLOG1', 'ascii');
export const LOG_ID_BYTES = 16;
export const HEADER_BYTES = MAGIC.length + LOG_ID_BYTES;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes of a record before its ciphertext (after the length). */
const RECORD_OVERHEAD = 4 + NONCE_BYTES + TAG_BYTES;
/** The largest record accepted, in bytes. */
export const MAX_RECORD_BYTES = 1 << 20;

/** What a record says. */
export interface EventRecord {
  /** ms since the Unix epoch */
  time: number;
  /** 'log-open', 'log-close', 'key-rotated', 'alert', 'scan', 'ports', 'capture-start', 'capture-end', 'device-new', 'permission' */
  kind: string;
  data: unknown;
}

/** A 256-bit key and its id (the first four bytes of its SHA-256, as a number). */
export interface LogKey {
  id: number;
  key: Buffer;
}

/** The id of a key: the first four bytes of its SHA-256. */
export function keyId(key: Buffer): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0);
}

/** A fresh random key. */
export function newKey(): LogKey {
  const key = randomBytes(32);
  return { id: keyId(key), key };
}

/** The header of a new log. */
export function header(logId: Buffer): Buffer {
  return Buffer.concat([MAGIC, logId]);
}

function aad(logId: Buffer, seq: number, id: number): Buffer {
  const tail = Buffer.alloc(12);
  tail.writeBigUInt64BE(BigInt(seq), 0);
  tail.writeUInt32BE(id, 8);
  return Buffer.concat([MAGIC, logId, tail]);
}

/** Record number `seq` of log `logId`, sealed with `key` under a fresh nonce. */
export function sealRecord(record: EventRecord, seq: number, logId: Buffer, key: LogKey): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(aad(logId, seq, key.id));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final()]);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(RECORD_OVERHEAD + ciphertext.length, 0);
  head.writeUInt32BE(key.id, 4);
  return Buffer.concat([head, nonce, ciphertext, cipher.getAuthTag()]);
}

/** One record's bytes as framed in the file (not yet opened). */
export interface SealedRecord {
  /** byte offset of its length field */
  offset: number;
  keyId: number;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** The record as number `seq` with `key`, or undefined when it does not authenticate so. */
export function openRecord(sealed: SealedRecord, seq: number, logId: Buffer, key: LogKey): EventRecord | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.nonce);
    decipher.setAAD(aad(logId, seq, sealed.keyId));
    decipher.setAuthTag(sealed.tag);
    const plain = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as EventRecord;
  } catch {
    return undefined;
  }
}

/** Splits a log's bytes into its header's log id and its framed records; `cut` when the end is inside a record. */
export function frameLog(
  bytes: Buffer,
): { logId: Buffer; records: SealedRecord[]; cut?: { offset: number; record: number } } | { error: string } {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { error: 'not a LAN Lens event log (its first bytes are not LLEVLOG1)' };
  }
  const logId = bytes.subarray(MAGIC.length, HEADER_BYTES);
  const records: SealedRecord[] = [];
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    const length = offset + 4 <= bytes.length ? bytes.readUInt32BE(offset) : -1;
    if (length < RECORD_OVERHEAD || length > MAX_RECORD_BYTES || offset + 4 + length > bytes.length) {
      return { logId, records, cut: { offset, record: records.length } };
    }
    const body = bytes.subarray(offset + 4, offset + 4 + length);
    records.push({
      offset,
      keyId: body.readUInt32BE(0),
      nonce: body.subarray(4, 4 + NONCE_BYTES),
      ciphertext: body.subarray(4 + NONCE_BYTES, length - TAG_BYTES),
      tag: body.subarray(length - TAG_BYTES),
    });
    offset += 4 + length;
  }
  return { logId, records };
}
