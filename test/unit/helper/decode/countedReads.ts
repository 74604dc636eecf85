// Counts a decoder's reads of a frame, so a test can prove its cost linear without timing it.

/** The frame's bytes behind a proxy that counts indexed reads (decoders read frames only by index). */
export function countedReads(bytes: Uint8Array): { data: Uint8Array; reads: () => number } {
  let reads = 0;
  const data = new Proxy(bytes, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { data, reads: () => reads };
}
