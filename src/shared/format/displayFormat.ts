// Numbers, times and endpoints as LAN Lens prints them for people: the CLI, the Devices tree, the
// status bar, notifications and the dashboard all come here, so one figure reads the same
// everywhere. Sizes and rates use SI prefixes (1 kB = 1000 B), as Wireshark's statistics do, so the
// figures can be compared with tshark's. Exports write raw numbers and do not come here.

const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** What a figure that is not a number (NaN, ±Infinity) reads as. */
export const NOT_A_NUMBER = '–';

/** `999 B`, `1.23 kB`, `12.3 MB`, `123 GB`: three significant digits at most; the sign is kept. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return NOT_A_NUMBER;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 999.5 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${sign}${Math.round(value)} B`;
  const digits = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
  return `${sign}${value.toFixed(digits)} ${units[unit]}`;
}

/** `1.23 MB/s` from bytes per second. */
export function formatByteRate(bytesPerSecond: number): string {
  return Number.isFinite(bytesPerSecond) ? `${formatBytes(bytesPerSecond)}/s` : NOT_A_NUMBER;
}

/** `12,345`: grouped by thousands whatever the locale, so tests and screenshots do not depend on it. */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return NOT_A_NUMBER;
  const [whole = '0', fraction] = Math.abs(count).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${count < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** A count with its noun, singular for one: `1 packet`, `1,234 packets`, `2 open ports`. */
export function formatCountOf(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** A share of a total, `12.3%`; `0.0%` when the total is zero. */
export function formatPercent(part: number, total: number): string {
  if (!(total > 0)) return '0.0%';
  return `${((100 * part) / total).toFixed(1)}%`;
}

/** How long something lasted, from ms: `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 03 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return NOT_A_NUMBER;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const wholeSeconds = Math.floor(seconds);
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) return `${minutes} min ${pad(wholeSeconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${pad(minutes % 60)} min`;
}

/** A round trip, from ms: one decimal below 10 ms (`0.4 ms`), whole above (`23 ms`). */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms)) return NOT_A_NUMBER;
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/** Seconds with six decimals from ms, as Wireshark's relative Time column and tshark's tables print them. */
export function formatSeconds(ms: number): string {
  return (ms / 1000).toFixed(6);
}

/** The time since a start, in seconds with six decimals (the packet list's Time column). */
export function formatRelativeSeconds(ms: number, startMs: number): string {
  return formatSeconds(ms - startMs);
}

/** Local `HH:MM:SS.mmm` (or `HH:MM:SS`) of ms since the epoch. */
export function formatClock(ms: number, withMillis = true): string {
  if (!Number.isFinite(ms)) return NOT_A_NUMBER;
  const date = new Date(ms);
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return withMillis ? `${clock}.${pad(date.getMilliseconds(), 3)}` : clock;
}

/** An address and port as `10.0.0.1:443`, `[fe80::1]:443`, or the address alone for no port (0). */
export function formatEndpoint(addr: string, port: number | undefined): string {
  if (!port) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}
