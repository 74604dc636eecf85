// A table's rows moved between threads: a file read in parts aggregates each part in a worker of
// its own, and the parts' tables are folded into the first one, in file order (see RowIndex).
import type { RowIndex } from './rowIndex';

/** A table's rows as plain data (see `exportRows`). */
export interface RowsSegment {
  keys: Uint32Array;
  serial: Float64Array;
  /** slots in use, least recently used first */
  lru: Int32Array;
  /** the row number the next new row would have had */
  nextSerial: number;
}

/** The rows as plain data, to move to another thread: keys and row numbers by slot, the slots oldest first. */
export function exportRows(rows: RowIndex): RowsSegment {
  const lru: number[] = [];
  rows.forEach((slot) => lru.push(slot));
  return { keys: rows.keys, serial: rows.serial, lru: Int32Array.from(lru), nextSerial: rows.nextSerial };
}

/**
 * Folds into `rows` the rows of a later part of the same capture (`segment`, from `exportRows`),
 * calling `fold(from, to, created)` with each row's slot there and here. Rows are visited least
 * recently used first, so they end up in the order one pass over both parts would have left them;
 * rows new here are numbered in their order of creation there, after the table's own, as one pass
 * would have numbered them. Returns the row numbers here by row number there (0: not kept).
 */
export function absorbRows(
  rows: RowIndex,
  segment: RowsSegment,
  fold: (from: number, to: number, created: boolean) => void,
): Float64Array {
  const { keys, serial, lru } = segment;
  // Rows new here by their row number there (row numbers are below nextSerial), then numbered
  // in that order: a pass over the numbers rather than a sort, no array of indices, no subarray
  // per row (a merge of three tables of 12,000 rows took 22 ms, most of it those).
  const newByRowThere = new Int32Array(segment.nextSerial).fill(-1);
  // Each row's hash and slot here as the first pass found them, for the second.
  const hashes = new Int32Array(lru.length);
  const found = new Int32Array(lru.length);
  let created = 0;
  for (let i = 0; i < lru.length; i++) {
    loadProbe(rows, keys, lru[i]!);
    const hash = rows.hashProbe();
    const slot = rows.find(hash);
    hashes[i] = hash;
    found[i] = slot;
    if (slot < 0) {
      newByRowThere[serial[lru[i]!]!] = i;
      created++;
    }
  }
  const newSerial = new Float64Array(lru.length);
  let next = rows.reserveSerials(created);
  for (let row = 0; row < newByRowThere.length; row++) {
    const i = newByRowThere[row]!;
    if (i >= 0) newSerial[i] = next++;
  }
  // Slots stay where they are unless a row is evicted: with room for every new row, what the first
  // pass found holds, and each row is looked up once, not twice (folding a part of 65,000 flows,
  // 32,000 hosts and 60,000 conversations took 58 ms where it took 101, medians of five).
  const roomForAll = rows.count + created <= rows.maxRows;
  const serials = new Float64Array(segment.nextSerial);
  for (let i = 0; i < lru.length; i++) {
    const from = lru[i]!;
    let slot = found[i]!;
    if (!roomForAll || slot < 0) loadProbe(rows, keys, from);
    // A row found at first may have been evicted since by rows inserted before it: it is new again.
    if (!roomForAll) slot = rows.find(hashes[i]!);
    const isNew = slot < 0;
    if (isNew) slot = newSerial[i]! > 0 ? rows.insert(hashes[i]!, newSerial[i]) : rows.insert(hashes[i]!);
    else rows.touch(slot);
    serials[serial[from]!] = rows.serial[slot]!;
    fold(from, slot, isNew);
  }
  return serials;
}

/** copies the key of `slot` in `keys` (another table's, of the same layout) into `rows.probe` */
function loadProbe(rows: RowIndex, keys: Uint32Array, slot: number): void {
  const { probe, keyWords } = rows;
  const base = slot * keyWords;
  for (let i = 0; i < keyWords; i++) probe[i] = keys[base + i]!;
}
