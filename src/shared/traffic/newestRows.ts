// Which rows a table cut to a cap keeps: the one rule for the receivers of ticks (TrafficState) and
// for the helper, which sends a live capture's tables already cut so that no receiver is sent rows
// it drops. The helper cuts a file's by bytes with it (the highest values are kept, whatever they are).

/**
 * The rows a table of rows aged `ages` (last seen, in table order) keeps when cut to `cap`: the
 * most recently seen, and of rows seen at the same time the earlier ones (the later go), so the
 * newest `cap` survive. A mask by row (1 kept), or undefined when every row fits.
 */
export function newestRows(ages: Float64Array, cap: number): Uint8Array | undefined {
  const excess = ages.length - cap;
  if (excess <= 0) return undefined;
  // Sorting the ages alone keeps this cheap when a full table takes a few new rows every tick.
  const threshold = ages.slice().sort()[excess - 1]!;
  const kept = new Uint8Array(ages.length);
  let ties = excess;
  for (let i = 0; i < ages.length; i++) {
    if (ages[i]! < threshold) ties--;
    else kept[i] = 1;
  }
  for (let i = ages.length - 1; i >= 0 && ties > 0; i--) {
    if (ages[i] === threshold) {
      kept[i] = 0;
      ties--;
    }
  }
  return kept;
}

/** `rows` cut to `cap` by `newestRows` (the same array when they all fit). */
export function keepNewest<T>(rows: T[], cap: number, age: (row: T) => number): T[] {
  const kept = newestRows(Float64Array.from(rows, age), cap);
  return kept ? rows.filter((_, i) => kept[i] === 1) : rows;
}
