// Byte counts and rates for people: decimal units (kB = 1000 B), as network tools and OS monitors
// show them, three significant digits at most so a status-bar item keeps a steady width.

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** `999 B`, `1.2 kB`, `34.5 MB`, `120 GB`; negative and non-finite values read as 0. */
export function formatBytes(bytes: number): string {
  let value = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const digits = value < 9.995 ? 2 : value < 99.95 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** `1.2 MB/s` from bytes per second. */
export function formatByteRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}
