// Reads an event log back: every record opened with the keys given, and every sign of tampering
// named at its record: one changed (it does not authenticate), missing, out of order, written
// with a key the key file lacks, or the file cut inside a record or after its last whole one.
import { frameLog, openRecord } from './eventLogFormat';
import type { EventRecord, LogKey, SealedRecord } from './eventLogFormat';

/** One record read back. */
export interface ReadRecord extends EventRecord {
  /** its number in the log (its position when nothing is wrong) */
  seq: number;
  keyId: number;
}

/** Something wrong, at a record (its position in the file, from 0) and byte offset. */
export interface LogProblem {
  record: number;
  offset: number;
  message: string;
}

/** What a log holds and what is wrong with it; `error` when it cannot be read at all. */
export interface LogReading {
  records: ReadRecord[];
  problems: LogProblem[];
  error?: string;
}

/** How far around its place a record is looked for when it is not where it should be. */
const SEARCH = 64;

const hex = (id: number) => id.toString(16).padStart(8, '0');

/** Reads and verifies a log with the keys of a key file. */
export function readEventLog(bytes: Buffer, keys: readonly LogKey[]): LogReading {
  const framed = frameLog(bytes);
  if ('error' in framed) return { records: [], problems: [], error: framed.error };
  const { logId, records: sealed } = framed;
  const keyOf = new Map(keys.map((key) => [key.id, key]));
  if (sealed.length > 0 && !keyOf.has(sealed[0]!.keyId)) {
    return {
      records: [],
      problems: [],
      error: `this log was written with key ${hex(sealed[0]!.keyId)}, which the key file does not hold (it holds ${keys.map((key) => hex(key.id)).join(', ') || 'none'}): the wrong key file?`,
    };
  }
  const found = sealed.map((record, position) => identify(record, position, logId, keyOf));
  const problems: LogProblem[] = [];
  const records: ReadRecord[] = [];
  const seen = new Set<number>();
  let expected = 0;
  found.forEach((entry, position) => {
    const offset = sealed[position]!.offset;
    const problem = (message: string) => problems.push({ record: position, offset, message });
    if (entry === 'unknown-key')
      problem(
        `record ${position} was written with key ${hex(sealed[position]!.keyId)}, which the key file does not hold`,
      );
    else if (entry === undefined) problem(`record ${position} was changed: it does not authenticate`);
    else {
      records.push({ ...entry.record, seq: entry.seq, keyId: sealed[position]!.keyId });
      if (seen.has(entry.seq)) problem(`record ${position} repeats record ${entry.seq}`);
      else if (entry.seq > expected && found.slice(position + 1).some((later) => isSeq(later, expected))) {
        problem(`record ${position} is record ${entry.seq}: records are out of order here`);
      } else if (entry.seq > expected) {
        const missing =
          entry.seq - expected === 1 ? `record ${expected} is` : `records ${expected} to ${entry.seq - 1} are`;
        problem(`${missing} missing (the record here is record ${entry.seq})`);
      } else if (entry.seq < expected)
        problem(`record ${position} is record ${entry.seq}: records are out of order here`);
      seen.add(entry.seq);
      expected = Math.max(expected, entry.seq + 1);
      return;
    }
    expected += 1;
  });
  if (framed.cut) {
    problems.push({
      record: framed.cut.record,
      offset: framed.cut.offset,
      message: `the log is cut (or damaged) inside record ${framed.cut.record}, at byte ${framed.cut.offset}`,
    });
  } else if (records.length > 0 && records[records.length - 1]!.kind !== 'log-close' && problems.length === 0) {
    problems.push({
      record: sealed.length,
      offset: bytes.length,
      message: `the log ends after record ${sealed.length - 1} without its closing record: its end was cut, or LAN Lens is still writing it (or stopped without closing it)`,
    });
  }
  return { records, problems };
}

type Identified = { seq: number; record: EventRecord } | 'unknown-key' | undefined;

function isSeq(entry: Identified, seq: number): boolean {
  return typeof entry === 'object' && entry.seq === seq;
}

/** Which record number a sealed record is: its position first, then the numbers around it. */
function identify(sealed: SealedRecord, position: number, logId: Buffer, keys: Map<number, LogKey>): Identified {
  const key = keys.get(sealed.keyId);
  if (!key) return 'unknown-key';
  for (let distance = 0; distance <= SEARCH; distance++) {
    for (const seq of distance === 0 ? [position] : [position + distance, position - distance]) {
      if (seq < 0) continue;
      const record = openRecord(sealed, seq, logId, key);
      if (record) return { seq, record };
    }
  }
  return undefined;
}
