// Appends sealed records to an event log file, append-only (O_APPEND, never rewritten). Opening
// an existing log reads its header and counts its records, so numbering goes on where it stopped;
// each session begins with a 'log-open' record and ends with 'log-close', and a different key for
// the same file is a rotation: a 'key-rotated' record under the old key names the new one.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import { frameLog, header, LOG_ID_BYTES, sealRecord } from './eventLogFormat';
import type { EventRecord, LogKey } from './eventLogFormat';

/** An open event log. */
export class EventLogWriter {
  private constructor(
    readonly path: string,
    private fd: number,
    private readonly logId: Buffer,
    private key: LogKey,
    private seq: number,
    private readonly now: () => number,
  ) {}

  /** Opens (or creates) the log at `path` for appending with `key`; throws when the file is not a log. */
  static open(path: string, key: LogKey, now: () => number = Date.now): EventLogWriter {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    let logId: Buffer;
    let seq = 0;
    if (existsSync(path)) {
      const framed = frameLog(readFileSync(path));
      if ('error' in framed) throw new Error(`${path} is ${framed.error}`);
      if (framed.cut)
        throw new Error(
          `${path} ends inside record ${framed.cut.record} (byte ${framed.cut.offset}): it was cut; move it aside to start a new log`,
        );
      logId = Buffer.from(framed.logId);
      seq = framed.records.length;
    } else logId = randomBytes(LOG_ID_BYTES);
    const fd = openSync(path, 'a', 0o600);
    if (seq === 0) writeSync(fd, header(logId));
    const writer = new EventLogWriter(path, fd, logId, key, seq, now);
    writer.append('log-open', { pid: process.pid });
    return writer;
  }

  /** the number the next record gets */
  get records(): number {
    return this.seq;
  }

  /** id of the key records are sealed with */
  get keyId(): number {
    return this.key.id;
  }

  /** Appends one record. */
  append(kind: string, data: unknown): void {
    const record: EventRecord = { time: this.now(), kind, data };
    writeSync(this.fd, sealRecord(record, this.seq, this.logId, this.key));
    this.seq += 1;
  }

  /** Goes on with `key`: the change is recorded under the old key first. */
  rotate(key: LogKey): void {
    if (key.id === this.key.id) return;
    this.append('key-rotated', { to: key.id.toString(16).padStart(8, '0') });
    this.key = key;
  }

  /** Appends 'log-close' and closes the file. */
  close(): void {
    if (this.fd < 0) return;
    this.append('log-close', {});
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}
