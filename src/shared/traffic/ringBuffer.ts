// A fixed-capacity ring: the newest `capacity` items, oldest first. Recent packets, per-second
// samples and bandwidth readings are kept in these, so a capture that runs for days uses constant
// memory.

/** The newest `capacity` items pushed, oldest first. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;
  /** items ever pushed; a view compares it to tell whether anything arrived */
  pushed = 0;

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new Error(`ring capacity must be positive, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[(this.head + this.count) % this.capacity] = item;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
    this.pushed++;
  }

  /** the i-th item, oldest first */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.capacity];
  }

  last(): T | undefined {
    return this.at(this.count - 1);
  }

  /** replaces the newest item (a sample for the same second, updated) */
  replaceLast(item: T): void {
    if (this.count === 0) this.push(item);
    else this.set(this.count - 1, item);
  }

  /** replaces the i-th item, oldest first (nothing when there is none) */
  set(i: number, item: T): void {
    if (i >= 0 && i < this.count) this.items[(this.head + i) % this.capacity] = item;
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  /** oldest first */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.capacity] as T;
    return out;
  }
}
