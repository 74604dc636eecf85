// The four running counts of each row a capture's ticks sent last, by the row's id: what the history
// needs to tell a tick's cumulative row into what it gained since. Kept in one typed array (a slot of
// four numbers per row, reused once its row is evicted) rather than as the tick's row objects with
// their strings and boxed numbers: those held 37 MiB for 100,000 flows and 16 MiB for 50,000 hosts
// in a heap snapshot of the soak's helper (`npm run soak`), where this holds a map entry and 32 bytes.

import { SlotCounts } from './slotCounts';

/** Counts per row id; `gain` returns what a row's counts grew by since the last call for it. */
export class LastTotals {
  private readonly rows = new SlotCounts(4);
  /** what the last `gain` returned: the four counts' growth, never negative */
  readonly gained = new Float64Array(4);

  get size(): number {
    return this.rows.size;
  }

  /** Stores the row's counts `a`…`d` and sets `gained` to their growth since the last call (all of them when new). */
  gain(id: string, a: number, b: number, c: number, d: number): Float64Array {
    const slot = this.rows.slot(id) ?? this.rows.add(id);
    const counts = this.rows.counts;
    const at = slot * 4;
    const gained = this.gained;
    // A new slot is zeros, so a new row gains all of its counts.
    gained[0] = Math.max(0, a - counts[at]!);
    gained[1] = Math.max(0, b - counts[at + 1]!);
    gained[2] = Math.max(0, c - counts[at + 2]!);
    gained[3] = Math.max(0, d - counts[at + 3]!);
    counts[at] = a;
    counts[at + 1] = b;
    counts[at + 2] = c;
    counts[at + 3] = d;
    return gained;
  }

  /** Forgets a row (evicted from its table): its slot is reused. */
  delete(id: string): void {
    this.rows.delete(id);
  }
}
