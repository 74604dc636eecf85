const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * `--since`: a span back from now (`30m`, `24h`, `7d`, `2w`) or a local date or time
 * (`2024-05-01`, `2024-05-01T14:00`, `2024-05-01 14:00`). Returns ms since the Unix epoch, or an
 * error sentence quoting the text.
 */
export function parseSince(text: string, now: number): number | { error: string } {
  const span = /^(\d+)\s*([mhdw])$/.exec(text.trim());
  if (span) return now - Number(span[1]) * UNIT_MS[span[2]!]!;
  const date = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text.trim());
  if (date) {
    const [, year, month, day, hour = '0', minute = '0'] = date;
    const time = new Date(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)).getTime();
    if (Number.isFinite(time) && new Date(time).getDate() === Number(day)) return time;
  }
  return {
    error: `--since must be a span back from now (30m, 24h, 7d, 2w) or a local date or time (2024-05-01, 2024-05-01T14:00), not "${text}"`,
  };
}
