// A table's use order kept as a stamp per row (a use counter) rather than a linked list: one store
// per use; the order is made by sorting when it is asked for (see RowIndex).

/** Slots are below this (a table holds at most about two million rows), so a stamp and a slot pack into one double. */
export const SLOT_RANGE = 2 ** 21;
/** Stamps are renumbered before they pass this, so stamp × SLOT_RANGE + slot stays an exact double. */
export const RESTAMP_AT = 2 ** 31;

/**
 * The slots in use (`serial` not 0, `count` of them, below `capacity`), least recently used first:
 * each slot's stamp and the slot packed into one double, so a plain numeric sort orders them.
 */
export function slotsByStamp(serial: Float64Array, stamp: Float64Array, capacity: number, count: number): Int32Array {
  const keys = new Float64Array(count);
  let n = 0;
  for (let slot = 0; slot < capacity && n < count; slot++) {
    if (serial[slot] !== 0) keys[n++] = stamp[slot]! * SLOT_RANGE + slot;
  }
  keys.sort();
  const slots = new Int32Array(n);
  for (let i = 0; i < n; i++) slots[i] = keys[i]! % SLOT_RANGE;
  return slots;
}

/** Numbers the stamps again from 1 in the same order (before they outgrow RESTAMP_AT); returns the last. */
export function restamp(serial: Float64Array, stamp: Float64Array, capacity: number, count: number): number {
  const slots = slotsByStamp(serial, stamp, capacity, count);
  for (let i = 0; i < slots.length; i++) stamp[slots[i]!] = i + 1;
  return slots.length;
}
