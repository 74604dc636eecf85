import { grown, indexSize } from './tableArrays';
import { RESTAMP_AT, SLOT_RANGE, restamp, slotsByStamp } from './useStamps';
export { grown };

/**
 * A bounded table of rows keyed by a few unsigned 32-bit words (addresses, ports), with nothing
 * allocated per lookup: keys live in one Uint32Array, the hash index is open addressing with
 * linear probing over an Int32Array, and rows are kept in least-recently-used order. Until the
 * table is full that order is a stamp per row (a use counter), sorted when asked for: one store per
 * use where a doubly linked list of slot numbers moved four rows' links, in arrays of their own (a
 * packet uses a row in four tables; with thousands of rows those were cache misses). Once it is full
 * and must evict the least recently used row, the list is built from the stamps and kept from then on.
 * Tables (flows, hosts…) keep their values in their own typed arrays, indexed by the same slots,
 * and are told to grow them through `onGrow`.
 *
 * Callers write the key into `probe`, call `find`, and `insert` when it is absent.
 */
export class RowIndex {
  /** rows the arrays can hold now; grows by doubling up to `maxRows` */
  capacity: number;
  /** rows in use */
  count = 0;
  /** slots freed so far: while 0, a slot once found still holds its row (no need to check its number) */
  freed = 0;
  /** the key being looked up: callers fill it before `find`/`insert` */
  readonly probe: Uint32Array;
  /** each slot's key, `keyWords` words per slot */
  keys: Uint32Array;
  /** each slot's row number: 1, 2, 3… in creation order (ids are made from it); 0 for a free slot */
  serial: Float64Array;
  /** whether changed rows are noted for `takeDirty`: set once, by `untrackChanges` */
  private tracking = true;
  /** slots changed since the last `takeDirty`, in the order they first changed */
  private dirtySlots: Int32Array;
  private dirtyCount = 0;
  private dirty: Uint8Array;
  private hashes: Int32Array;
  private index: Int32Array;
  private mask: number;
  private newer: Int32Array;
  private older: Int32Array;
  /** most and least recently used slots, -1 when empty (kept once `linked`) */
  private newest = -1;
  private oldest = -1;
  /** whether `newer`/`older` hold the use order (from the first eviction on); before, `stamp` does */
  private linked = false;
  /** each slot's last use, by `clock` (the use order until `linked`) */
  private stamp: Float64Array;
  private clock = 0;
  /** the last `slotsByUse`, and the clock it was sorted at */
  private sorted: { clock: number; slots: Int32Array } | undefined;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private serialAfter = 1;

  constructor(
    readonly keyWords: number,
    readonly maxRows: number,
    /** called with the new capacity after the arrays grew: copy your value arrays */
    private readonly onGrow: (capacity: number) => void,
    /** called before a slot is reused for another key: count the eviction, note the removed id */
    private readonly onEvict: (slot: number) => void,
    // Small, so the first growth happens while V8 is still learning the code: growth first met in
    // optimised code (a table passing 1024 rows) sent the per-packet path back to the interpreter.
    initialRows = 64,
  ) {
    if (maxRows < 1) throw new RangeError(`a table needs room for at least one row, not ${maxRows}`);
    if (maxRows > SLOT_RANGE) throw new RangeError(`a table holds at most ${SLOT_RANGE} rows, not ${maxRows}`);
    if (!primed) primeLinkedOrder();
    this.capacity = Math.min(initialRows, maxRows);
    this.probe = new Uint32Array(keyWords);
    this.keys = new Uint32Array(this.capacity * keyWords);
    this.serial = new Float64Array(this.capacity);
    this.dirty = new Uint8Array(this.capacity);
    this.dirtySlots = new Int32Array(this.capacity);
    this.hashes = new Int32Array(this.capacity);
    this.newer = new Int32Array(this.capacity);
    this.older = new Int32Array(this.capacity);
    this.stamp = new Float64Array(this.capacity);
    this.freeSlots = new Int32Array(this.capacity);
    const size = indexSize(this.capacity);
    this.index = new Int32Array(size);
    this.mask = size - 1;
  }

  /** whether changed rows are noted for `takeDirty` (see `untrackChanges`); only then are evicted rows' ids wanted */
  get tracksChanges(): boolean {
    return this.tracking;
  }

  /** the row number the next new row gets */
  get nextSerial(): number {
    return this.serialAfter;
  }

  /** Sets aside `count` row numbers, for rows a merge numbers itself (see `absorbRows`); returns the first. */
  reserveSerials(count: number): number {
    const first = this.serialAfter;
    this.serialAfter += count;
    return first;
  }

  /** hash of `probe`, a signed 32-bit integer (a small integer to V8: returning it allocates nothing) */
  hashProbe(): number {
    const probe = this.probe;
    let hash = 0x811c9dc5;
    for (let i = 0; i < this.keyWords; i++) hash = Math.imul(hash ^ probe[i]!, 0x9e3779b1) ^ (hash >>> 15);
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    return hash ^ (hash >>> 13);
  }

  /** the slot holding `probe`'s key, or -1 */
  find(hash: number): number {
    const { index, keys, probe, hashes, keyWords, mask } = this;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = index[at]!;
      if (entry === 0) return -1;
      const slot = entry - 1;
      if (hashes[slot] !== hash) continue;
      const base = slot * keyWords;
      let same = true;
      for (let i = 0; i < keyWords; i++) {
        if (keys[base + i] !== probe[i]) {
          same = false;
          break;
        }
      }
      if (same) return slot;
    }
  }

  /** whether the row at `slot` (in use) holds `probe`'s key */
  probeIs(slot: number): boolean {
    if (this.serial[slot] === 0) return false;
    const { keys, probe, keyWords } = this;
    const base = slot * keyWords;
    for (let i = 0; i < keyWords; i++) if (keys[base + i] !== probe[i]) return false;
    return true;
  }

  /**
   * Adds `probe`'s key (absent: `find` said so) as the most recent row and returns its slot; may
   * evict the oldest. `serial` is the row number to give it (the next one unless merging).
   */
  insert(hash: number, serial = this.serialAfter++): number {
    if (this.count === this.capacity && this.capacity < this.maxRows) this.grow();
    let slot: number;
    if (this.count === this.capacity) {
      if (!this.linked) this.link();
      slot = this.oldest;
      this.onEvict(slot);
      this.remove(slot);
      this.count++;
      this.freeCount--;
    } else {
      slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount]! : this.count;
      this.count++;
    }
    this.keys.set(this.probe, slot * this.keyWords);
    this.hashes[slot] = hash;
    this.serial[slot] = serial;
    const { index, mask } = this;
    let at = hash & mask;
    while (index[at] !== 0) at = (at + 1) & mask;
    index[at] = slot + 1;
    if (this.linked) {
      this.older[slot] = this.newest;
      this.newer[slot] = -1;
      if (this.newest >= 0) this.newer[this.newest] = slot;
      else this.oldest = slot;
      this.newest = slot;
    } else this.stampUse(slot);
    this.markDirty(slot);
    return slot;
  }

  /** makes `slot` the most recently used row and marks it changed */
  touch(slot: number): void {
    if (!this.linked) this.stampUse(slot);
    else if (slot !== this.newest) {
      const older = this.older[slot]!;
      const newer = this.newer[slot]!;
      if (older >= 0) this.newer[older] = newer;
      // Stored on every touch, not only when the oldest row is touched: V8 optimises this code
      // inlined into the per-packet path, and a store it has never seen run would throw that whole
      // path back to the interpreter (and into a recompile) the first time the oldest row comes back.
      this.oldest = older >= 0 ? this.oldest : newer;
      this.older[newer] = older;
      this.older[slot] = this.newest;
      this.newer[slot] = -1;
      this.newer[this.newest] = slot;
      this.newest = slot;
    }
    if (this.tracking && this.dirty[slot] === 0) this.markDirty(slot);
  }

  /** For a table whose changes nobody takes (a file read whole, asked only for snapshots): a load and a store
   * fewer per row a packet uses. Called before the first row; `takeDirty` throws after. */
  untrackChanges(): void {
    if (this.count > 0) throw new Error('a table stops tracking its changes before its first row, not after');
    this.tracking = false;
    this.dirty = new Uint8Array(0);
    this.dirtySlots = new Int32Array(0);
  }

  markDirty(slot: number): void {
    if (!this.tracking || this.dirty[slot] !== 0) return;
    this.dirty[slot] = 1;
    this.dirtySlots[this.dirtyCount++] = slot;
  }

  /** calls `visit` for each row that changed since the previous call (in use now), and forgets the changes */
  takeDirty(visit: (slot: number) => void): void {
    if (!this.tracking) throw new Error('this table does not track its changes (it was made for snapshots only)');
    for (let i = 0; i < this.dirtyCount; i++) {
      const slot = this.dirtySlots[i]!;
      this.dirty[slot] = 0;
      if (this.serial[slot] !== 0) visit(slot);
    }
    this.dirtyCount = 0;
  }

  /** calls `visit` for every row in use, least recently used first */
  forEach(visit: (slot: number) => void): void {
    if (!this.linked) {
      for (const slot of this.slotsByUse()) visit(slot);
      return;
    }
    for (let slot = this.oldest; slot >= 0; slot = this.newer[slot]!) visit(slot);
  }

  /** notes a use of `slot` (the use order kept by stamps) */
  private stampUse(slot: number): void {
    this.stamp[slot] = ++this.clock;
    if (this.clock < RESTAMP_AT) return;
    this.clock = restamp(this.serial, this.stamp, this.capacity, this.count);
    this.sorted = undefined;
  }

  /** The slots in use, least recently used first, by their stamps (before `linked`). */
  private slotsByUse(): Int32Array {
    // A table that has not changed since (a file read whole, paged) is not sorted again.
    if (this.sorted?.clock === this.clock) return this.sorted.slots;
    const slots = slotsByStamp(this.serial, this.stamp, this.capacity, this.count);
    this.sorted = { clock: this.clock, slots };
    return slots;
  }

  /** Keeps the use order linked from now on, for a table walked in that order often (a flow exporter's ticks). */
  linkOrder(): void {
    if (!this.linked) this.link();
  }

  /** Builds the linked use order from the stamps: the table is full (it evicts from now on), or asked to. */
  private link(): void {
    const slots = this.slotsByUse();
    this.oldest = slots.length > 0 ? slots[0]! : -1;
    this.newest = slots.length > 0 ? slots[slots.length - 1]! : -1;
    for (let i = 0; i < slots.length; i++) {
      this.older[slots[i]!] = i > 0 ? slots[i - 1]! : -1;
      this.newer[slots[i]!] = i + 1 < slots.length ? slots[i + 1]! : -1;
    }
    this.linked = true;
  }

  /** frees `slot` (its values stay in the tables' arrays until reused) */
  remove(slot: number): void {
    if (!this.linked) this.link();
    this.unindex(slot);
    const older = this.older[slot]!;
    const newer = this.newer[slot]!;
    if (older >= 0) this.newer[older] = newer;
    else this.oldest = newer;
    if (newer >= 0) this.older[newer] = older;
    else this.newest = older;
    this.serial[slot] = 0;
    this.freed++;
    this.freeSlots[this.freeCount++] = slot;
    this.count--;
  }

  private unindex(slot: number): void {
    const { index, hashes, mask } = this;
    let at = hashes[slot]! & mask;
    while (index[at] !== slot + 1) at = (at + 1) & mask;
    // Backward-shift deletion: later entries of the same probe run move up, so no tombstones pile up.
    for (let next = (at + 1) & mask; index[next] !== 0; next = (next + 1) & mask) {
      const home = hashes[index[next]! - 1]! & mask;
      const movable = next > at ? home <= at || home > next : home <= at && home > next;
      if (movable) {
        index[at] = index[next]!;
        at = next;
      }
    }
    index[at] = 0;
  }

  private grow(): void {
    const capacity = Math.min(this.capacity * 2, this.maxRows);
    this.keys = grown(this.keys, capacity * this.keyWords);
    this.serial = grown(this.serial, capacity);
    if (this.tracking) {
      this.dirty = grown(this.dirty, capacity);
      this.dirtySlots = grown(this.dirtySlots, capacity);
    }
    this.hashes = grown(this.hashes, capacity);
    this.newer = grown(this.newer, capacity);
    this.older = grown(this.older, capacity);
    this.stamp = grown(this.stamp, capacity);
    this.freeSlots = grown(this.freeSlots, capacity);
    this.capacity = capacity;
    const size = indexSize(capacity);
    if (size !== this.index.length) {
      const index = new Int32Array(size);
      const mask = size - 1;
      // Every slot in use, in any order.
      for (let slot = 0; slot < capacity; slot++) {
        if (this.serial[slot] === 0) continue;
        let at = this.hashes[slot]! & mask;
        while (index[at] !== 0) at = (at + 1) & mask;
        index[at] = slot + 1;
      }
      this.index = index;
      this.mask = mask;
    }
    this.onGrow(capacity);
  }
}

let primed = false;

/**
 * Runs a throwaway table past its cap once per thread, so `insert` and `touch` have run both ways
 * before V8 optimises the per-packet path: a first eviction in code that never saw the linked
 * branch would send that path back to the interpreter (see RateSeries).
 */
function primeLinkedOrder(): void {
  primed = true;
  const table = new RowIndex(
    1,
    8,
    () => undefined,
    () => undefined,
    2,
  );
  for (let i = 0; i < 64; i++) {
    table.probe[0] = i % 12;
    const hash = table.hashProbe();
    const slot = table.find(hash);
    if (slot < 0) table.insert(hash);
    else table.touch(slot);
  }
}
