/**
 * How the helper is started so that a capture held for hours stays small and flat (measured by the
 * soak, `npm run soak`: with neither, the helper passes 350 MiB within two minutes of churn and
 * keeps growing). The extension starts the helper with these, and `lanlens` (bin/lanlens.js)
 * starts itself again with them.
 *
 * V8 grows the young generation up to 64 MiB a semi-space under the allocation rate of ticks and
 * decoding; 2 MiB keeps it at 4 MiB for more, cheap, scavenges (8 MiB semi-spaces held 8 MiB more
 * than 4; 4 MiB ones about 4 MiB more RSS than 2 in a 12-minute soak, for no slower file opening or
 * capture: the warm 1,000,000-packet open 0.480 s median with 2, 0.486 s with 4; 0.80 µs a packet
 * at 300,000 packets/s with 2, 0.79 with 4). The flags are the process's, so the capture-file
 * worker threads have them too. Each tick's rows outlive a scavenge (they are serialised and
 * folded first), so they reach the old generation, which V8 lets grow to up to four times what the
 * last full collection kept before it collects again: under the soak's churn, 330 MiB of heap for
 * 90 MiB live. 20% more than what it kept collects a few times a minute instead (RSS at two
 * minutes: 314 MiB at 30%, where it was 443).
 */
export const HELPER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--heap-growing-percent=20'];

/**
 * The long-running helper (`serve`, which the extension starts) also starts with a 64 MiB heap.
 * With 20% growth on the few MiB a helper holds between files, V8 ran three to five full
 * collections on the main thread each time the pcap editor opened the 1,000,000-packet bench
 * capture: 20-26 ms of its read (the reading thread then often finished 30-120 ms after its
 * worker; now it keeps pace) and 10-17 ms after it, while the statistics were made and sent. With
 * 64 MiB, about one open in three has one (GC time by a PerformanceObserver in the helper: 3-7 ms in
 * the read, 6-8 ms after; the time from the read's end to the answer parsed, median of 20
 * interleaved opens, 61 ms against 77). It costs about 25 MiB more resident after a dozen opens
 * (190 against 167 MiB); the 30-minute soak peaked at 178 MiB (it was 197). A live capture's heap
 * is larger than 64 MiB, so the growth above still bounds it. The CLI's one-shot commands keep the
 * small heap.
 */
export const HELPER_SERVE_V8_FLAGS: readonly string[] = [...HELPER_V8_FLAGS, '--initial-heap-size=64'];

/** The V8 flags `lanlens <command>` starts with: `serve` runs long and opens files, the rest are one-shot. */
export function helperV8Flags(command: string | undefined): readonly string[] {
  return command === 'serve' ? HELPER_SERVE_V8_FLAGS : HELPER_V8_FLAGS;
}

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
