// Captures write every flow that was among an hour's busiest at some flush; once the hour (or
// the day, or the month) is over, only its busiest few are kept. A meta row remembers how far that went.
import type { SqlDatabase } from './sqlite';
import { periodStart } from '../../shared/history/periods';

/** How many flows each finished hour, day and month keeps, per interface. */
export interface FlowLimits {
  perHour: number;
  perDay: number;
  perMonth: number;
}

/** The defaults: what the view and the reports show, with room to spare. */
export const FLOW_LIMITS: FlowLimits = { perHour: 100, perDay: 200, perMonth: 500 };

/** Trims each finished hour, day and month not trimmed yet to its busiest flows; returns the rows removed. */
export function trimFlows(db: SqlDatabase, now: number, limits: FlowLimits = FLOW_LIMITS): number {
  let removed = 0;
  for (const [unit, keep] of [
    ['hour', limits.perHour],
    ['day', limits.perDay],
    ['month', limits.perMonth],
  ] as const) {
    const key = `flows_trimmed_${unit}`;
    const done = Number(db.prepare('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? 0);
    const finished = periodStart(now, unit);
    if (done >= finished) continue;
    removed += Number(
      db
        .prepare(
          `DELETE FROM flow_traffic WHERE tier = ?1 AND start >= ?2 AND start < ?3
             AND (start, interface, transport, a_addr, a_port, b_addr, b_port) IN (
               SELECT start, interface, transport, a_addr, a_port, b_addr, b_port FROM (
                 SELECT start, interface, transport, a_addr, a_port, b_addr, b_port, row_number() OVER (
                   PARTITION BY start, interface ORDER BY bytes_ab + bytes_ba DESC) AS rank
                 FROM flow_traffic WHERE tier = ?1 AND start >= ?2 AND start < ?3)
               WHERE rank > ?4)`,
        )
        .run(unit, done, finished, keep).changes,
    );
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, String(finished));
  }
  return removed;
}
