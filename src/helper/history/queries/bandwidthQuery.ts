import type { SqlDatabase } from '../sqlite';
import type { BandwidthTier } from '../bandwidthHistory';
import type { PeriodUnit } from '../../../shared/history/periods';
import { periodStart } from '../../../shared/history/periods';
import type { BandwidthPeriod } from '../../../shared/model/history';

/** Which bandwidth to read. */
export interface BandwidthQuery {
  unit: PeriodUnit;
  /** ms since the Unix epoch: periods starting in [from, to) */
  from: number;
  to: number;
  /** one interface only */
  interface?: string;
}

/**
 * Bandwidth per interface per period, oldest first. Weeks are summed from the day tier (their
 * peak is their busiest day's busiest minute); every other unit is a tier of its own.
 */
export function queryBandwidth(db: SqlDatabase, query: BandwidthQuery): BandwidthPeriod[] {
  const tier: BandwidthTier = query.unit === 'week' ? 'day' : query.unit;
  const from = query.unit === 'week' ? periodStart(query.from, 'week') : query.from;
  const filter = query.interface === undefined ? '' : ' AND interface = ?';
  const rows = db
    .prepare(
      `SELECT interface, start, rx, tx, peak_rx, peak_tx FROM bandwidth
       WHERE tier = ? AND start >= ? AND start < ?${filter} ORDER BY start, interface`,
    )
    .all(tier, from, query.to, ...(query.interface === undefined ? [] : [query.interface]));
  const periods = rows.map((row): BandwidthPeriod => ({
    interface: String(row.interface),
    start: Number(row.start),
    rx: Number(row.rx),
    tx: Number(row.tx),
    peakRx: Number(row.peak_rx),
    peakTx: Number(row.peak_tx),
  }));
  return query.unit === 'week' ? byWeek(periods) : periods;
}

function byWeek(days: BandwidthPeriod[]): BandwidthPeriod[] {
  const weeks = new Map<string, BandwidthPeriod>();
  for (const day of days) {
    const start = periodStart(day.start, 'week');
    const key = `${start}\u0000${day.interface}`;
    const week = weeks.get(key);
    if (!week) {
      weeks.set(key, { ...day, start });
      continue;
    }
    week.rx += day.rx;
    week.tx += day.tx;
    week.peakRx = Math.max(week.peakRx, day.peakRx);
    week.peakTx = Math.max(week.peakTx, day.peakTx);
  }
  return [...weeks.values()].sort((a, b) => a.start - b.start || a.interface.localeCompare(b.interface));
}
