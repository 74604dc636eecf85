import { readFileSync } from 'node:fs';

/** Parses the soft "Max open files" limit out of /proc/self/limits text. */
export function parseOpenFileLimit(text: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  return soft && /^\d+$/.test(soft) ? Number(soft) : undefined;
}

/** How many sockets the helper may hold open at once, leaving room for its own files. */
export function socketBudget(wanted: number): number {
  let limit = 1024;
  try {
    limit = parseOpenFileLimit(readFileSync('/proc/self/limits', 'utf8')) ?? limit;
  } catch {
    // Not Linux: keep the common default.
  }
  return Math.max(16, Math.min(wanted, limit - 64));
}
