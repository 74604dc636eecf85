// The four running counts of each row a capture's ticks sent last, by the row's id: what the history
// needs to tell a tick's cumulative row into what it gained since. Kept in one typed array (a slot of
// four numbers per row, reused once its row is evicted) rather than as the tick's row objects with
// their strings and boxed numbers: those held 37 MiB for 100,000 flows and 16 MiB for 50,000 hosts
// in a heap snapshot of the soak's helper (`npm run soak`), where this holds a map entry and 32 bytes.

/** Counts per row id; `gain` returns what a row's counts grew by since the last call for it. */
export class LastTotals {
  private readonly slots = new Map<string, number>();
  private counts = new Float64Array(4 * 1024);
  private readonly free: number[] = [];
  private used = 0;
  /** what the last `gain` returned: the four counts' growth, never negative */
  readonly gained = new Float64Array(4);

  get size(): number {
    return this.slots.size;
  }

  /** Stores the row's counts `a`…`d` and sets `gained` to their growth since the last call (all of them when new). */
  gain(id: string, a: number, b: number, c: number, d: number): Float64Array {
    let slot = this.slots.get(id);
    const gained = this.gained;
    if (slot === undefined) {
      slot = this.take();
      this.slots.set(id, slot);
      gained[0] = a;
      gained[1] = b;
      gained[2] = c;
      gained[3] = d;
    } else {
      const counts = this.counts;
      const at = slot * 4;
      gained[0] = Math.max(0, a - counts[at]!);
      gained[1] = Math.max(0, b - counts[at + 1]!);
      gained[2] = Math.max(0, c - counts[at + 2]!);
      gained[3] = Math.max(0, d - counts[at + 3]!);
    }
    const at = slot * 4;
    this.counts[at] = a;
    this.counts[at + 1] = b;
    this.counts[at + 2] = c;
    this.counts[at + 3] = d;
    return gained;
  }

  /** Forgets a row (evicted from its table): its slot is reused. */
  delete(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.slots.delete(id);
    this.free.push(slot);
  }

  private take(): number {
    const slot = this.free.pop();
    if (slot !== undefined) return slot;
    if (this.used * 4 === this.counts.length) {
      const grown = new Float64Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    return this.used++;
  }
}
