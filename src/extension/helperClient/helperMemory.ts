/**
 * How the helper is started so that a capture held for hours stays small and flat (measured by the
 * soak, `npm run soak`: with neither, the helper passes 350 MiB within two minutes of churn and
 * keeps growing).
 *
 * V8 grows the young generation up to 64 MiB a semi-space under the allocation rate of ticks and
 * decoding; 8 MiB keeps it at 16 MiB for a few more, cheap, scavenges.
 */
export const HELPER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

/**
 * glibc's malloc, which holds the tables' typed arrays: a fixed mmap threshold (setting it turns
 * off the dynamic one, which rises after every large free until big arrays come from the brk heap
 * and are never given back), and two arenas instead of eight per core for the worker threads.
 * Other C libraries ignore these.
 */
export const HELPER_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};
