// A bounded table's rows as snapshots and pages list them: in the table's own order (least recently
// used first), each row made only when it is sent, so a table of 100,000 rows sent cut to what a
// view keeps never has all its rows made.
import type { RowIndex } from './rowIndex';
import { newestRows } from '../../shared/traffic/newestRows';
import type { TrafficViewLimits } from '../../shared/traffic/trafficLimits';

/** A table whose rows can be listed. */
export interface ListedTable {
  readonly rows: RowIndex;
  /** when the row in `slot` was last seen (ms since the epoch): what a cut keeps the newest of */
  lastSeenAt(slot: number): number;
  /** its bytes, both ways: what a cut keeps the largest of, for a table that counts them */
  bytesAt?(slot: number): number;
}

/**
 * Every row, or the `cap` kept by `keep`, in the table's order: by default the newest, by the
 * receivers' rule (`newestRows`); of a file, which gets no ticks, the largest by bytes.
 */
export function listRows<T>(
  table: ListedTable,
  row: (slot: number) => T,
  cap = Infinity,
  keep: TrafficViewLimits['keep'] = 'newest',
): T[] {
  if (cap <= 0) return [];
  const slots: number[] = [];
  table.rows.forEach((slot) => slots.push(slot));
  const kept = slots.length > cap ? newestRows(Float64Array.from(slots, rankOf(table, keep)), cap) : undefined;
  const out: T[] = [];
  for (let i = 0; i < slots.length; i++) if (!kept || kept[i]) out.push(row(slots[i]!));
  return out;
}

/** What `newestRows` keeps the highest of: bytes for `largest` where the table counts them, else when last seen. */
function rankOf(table: ListedTable, keep: TrafficViewLimits['keep']): (slot: number) => number {
  const bytes = keep === 'largest' ? table.bytesAt?.bind(table) : undefined;
  return bytes ?? ((slot) => table.lastSeenAt(slot));
}

/** Rows `from…from+count-1` (1-based) in the table's order, and how many rows there are. */
export function pageRows<T>(
  table: ListedTable,
  row: (slot: number) => T,
  from: number,
  count: number,
): { rows: T[]; total: number } {
  const rows: T[] = [];
  let position = 0;
  table.rows.forEach((slot) => {
    position++;
    if (position >= from && rows.length < count) rows.push(row(slot));
  });
  return { rows, total: position };
}
