// Numbers as the dashboard shows them. Sizes and rates use SI prefixes (1 kB = 1000 B), as
// Wireshark's statistics do, so the figures can be compared with tshark's.

const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** `1234567` → `1.23 MB`; whole bytes below 1 kB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
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

/** bytes per second → `1.23 MB/s` */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** `12345` → `12,345` (fixed grouping so tests and screenshots do not depend on the locale) */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return '–';
  const [whole = '0', fraction] = Math.abs(count).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${count < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** a share of a total, `12.3%`; `0.0%` when the total is zero */
export function formatPercent(part: number, total: number): string {
  if (!(total > 0)) return '0.0%';
  return `${((100 * part) / total).toFixed(1)}%`;
}

/** milliseconds → `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 03 min` */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const wholeSeconds = Math.floor(seconds);
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(wholeSeconds % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** ms since the epoch → local `HH:MM:SS.mmm` (packet times) */
export function formatClock(ms: number, withMillis = true): string {
  if (!Number.isFinite(ms)) return '–';
  const date = new Date(ms);
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return withMillis ? `${clock}.${pad(date.getMilliseconds(), 3)}` : clock;
}

/** seconds since a start, six decimals, as Wireshark's relative Time column */
export function formatRelativeSeconds(ms: number, startMs: number): string {
  return ((ms - startMs) / 1000).toFixed(6);
}

/** an address and port as `10.0.0.1:443`, `[fe80::1]:443`, or the address alone for port 0 */
export function formatEndpoint(addr: string, port: number | undefined): string {
  if (!port) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}
