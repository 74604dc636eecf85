// Calendar periods the history is kept and shown in. Minutes, five minutes and hours are cut from
// the epoch; days, weeks (from Monday) and months follow the local calendar, as vnStat's do, so a
// day is the user's day. Pure: the helper's rollups, the CLI, the view and the reports share it.

/** A period the history groups by. */
export type PeriodUnit = 'minute' | 'five-minutes' | 'hour' | 'day' | 'week' | 'month';

const FIXED_MS: Partial<Record<PeriodUnit, number>> = { minute: 60_000, 'five-minutes': 300_000, hour: 3_600_000 };

/** Start of the period of `unit` holding `time` (ms since the Unix epoch). */
export function periodStart(time: number, unit: PeriodUnit): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) {
    // Hours follow the local clock too where the zone is not a whole number of hours off UTC.
    const offset = unit === 'hour' ? new Date(time).getTimezoneOffset() * 60_000 : 0;
    return Math.floor((time - offset) / fixed) * fixed + offset;
  }
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  if (unit === 'week') date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
  if (unit === 'month') date.setDate(1);
  return date.getTime();
}

/** Start of the period after the one starting at `start`. */
export function nextPeriod(start: number, unit: PeriodUnit): number {
  const fixed = FIXED_MS[unit];
  if (fixed !== undefined) return periodStart(start + fixed + (unit === 'hour' ? 1_800_000 : 0), unit);
  const date = new Date(start);
  if (unit === 'day') date.setDate(date.getDate() + 1);
  if (unit === 'week') date.setDate(date.getDate() + 7);
  if (unit === 'month') date.setMonth(date.getMonth() + 1);
  return periodStart(date.getTime(), unit);
}

/** Every period start of `unit` from the one holding `from` up to (not including) `to`. */
export function periodStarts(from: number, to: number, unit: PeriodUnit): number[] {
  const starts: number[] = [];
  for (let start = periodStart(from, unit); start < to; start = nextPeriod(start, unit)) starts.push(start);
  return starts;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** A period as people read it, local time: `2024-05-01 14:05`, `2024-05-01 14:00`, `2024-05-01`, `week of 2024-04-29`, `2024-05`. */
export function formatPeriod(start: number, unit: PeriodUnit): string {
  const date = new Date(start);
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  switch (unit) {
    case 'minute':
    case 'five-minutes':
    case 'hour':
      return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
    case 'day':
      return day;
    case 'week':
      return `week of ${day}`;
    case 'month':
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
  }
}
