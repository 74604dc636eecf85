// Rows of a few numbers each, by key, in one typed array: a slot of `width` numbers per row, reused
// once its row is deleted. What the history folds from a live capture's ticks (each row's last
// counts, an hour's sums per host and flow, the sightings between flushes) is kept this way rather
// than as an object per row with boxed numbers: fed the soak's churn (`npm run soak`; 1,000 new
// hosts, flows and devices a second), that fold held 26 MiB of heap before a flush as objects, 15 this way.

/** Slots of `width` numbers by key; a new slot is all zeros. */
export class SlotCounts {
  private readonly slots = new Map<string, number>();
  private free: number[] = [];
  private used = 0;
  /** slot `s` is `counts[s * width]` to `counts[s * width + width - 1]` (replaced as it grows: read it after `add`) */
  counts: Float64Array;

  /** `capacity`: the rows to make room for at first (it grows by doubling, up to `most` when the rows are capped) */
  constructor(
    readonly width: number,
    capacity = 1024,
    private readonly most = Infinity,
  ) {
    this.counts = new Float64Array(width * Math.max(16, capacity));
  }

  get size(): number {
    return this.slots.size;
  }

  /** the key's slot, if it has one */
  slot(key: string): number | undefined {
    return this.slots.get(key);
  }

  /** Gives the key a slot of zeros (a key not added yet). */
  add(key: string): number {
    const slot = this.free.pop() ?? this.grow();
    this.counts.fill(0, slot * this.width, slot * this.width + this.width);
    this.slots.set(key, slot);
    return slot;
  }

  /** Forgets the key; returns the slot it had, now free. */
  delete(key: string): number | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    this.slots.delete(key);
    this.free.push(slot);
    return slot;
  }

  /** Forgets every key whose slot `drop` picks, in one pass over the keys; their slots are free. */
  deleteWhere(drop: (slot: number) => boolean): void {
    // (A Map's iteration goes on past the entries deleted from it.)
    for (const [key, slot] of this.slots) {
      if (!drop(slot)) continue;
      this.slots.delete(key);
      this.free.push(slot);
    }
  }

  /**
   * The keys of `slots` (in use), in their order: one pass over the keys, so a table that picks a few
   * rows by their counts need not keep each slot's key beside the map that has it.
   */
  keysOf(slots: readonly number[]): string[] {
    const order = new Map<number, number>();
    for (let i = 0; i < slots.length; i++) order.set(slots[i]!, i);
    const keys = new Array<string>(slots.length);
    for (const [key, slot] of this.slots) {
      const at = order.get(slot);
      if (at !== undefined) keys[at] = key;
    }
    return keys;
  }

  /** Keys and their slots, in the order the keys were added. */
  entries(): MapIterator<[string, number]> {
    return this.slots.entries();
  }

  private grow(): number {
    if ((this.used + 1) * this.width > this.counts.length) {
      const rows = Math.max(this.used + 1, Math.min(2 * this.used, this.most));
      const grown = new Float64Array(rows * this.width);
      grown.set(this.counts);
      this.counts = grown;
    }
    return this.used++;
  }
}
