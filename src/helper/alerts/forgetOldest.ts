// The one eviction rule of the alert engine's bounded tables (Maps kept least recently seen
// first). A Map leaves a hole where an entry was deleted until it next grows, and finding its first
// entry walks past those holes: evicting one entry per insert on a full, churning table made each
// insert walk thousands of holes (a tick of 10,000 scanners took 140 ms). A quarter goes at once
// instead, in one walk.

/**
 * Once `map` holds more than `max` entries, forgets its first (oldest) ones down to three quarters
 * of `max`, telling `forgotten` each key (for what else is kept by it).
 */
export function forgetOldest<K, V>(map: Map<K, V>, max: number, forgotten?: (key: K) => void): void {
  if (map.size <= max) return;
  let excess = map.size - Math.floor((max * 3) / 4);
  for (const key of map.keys()) {
    if (excess-- <= 0) break;
    map.delete(key);
    forgotten?.(key);
  }
}
