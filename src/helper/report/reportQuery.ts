// What a report of one day, week or month holds: the history view's own queries for the period
// (so a report and the view never disagree), its bandwidth per interface and its alerts.
import { queryView } from '../history/queries/viewQuery';
import type { SqlDatabase } from '../history/sqlite';
import { alertOf } from '../alerts/alertStore';
import { nextPeriod } from '../../shared/history/periods';
import type { HistoryUnit } from '../../shared/model/history';
import { REPORT_ALERTS } from '../../shared/model/report';
import type { HistoryReport } from '../../shared/model/report';

/** The report of the period of `unit` holding `at`. */
export function queryReport(db: SqlDatabase, unit: HistoryUnit, at: number, now: number): HistoryReport {
  const view = queryView(db, unit, at, now);
  const from = view.selected;
  const to = nextPeriod(from, unit);
  const alerts = db
    .prepare('SELECT * FROM alerts WHERE time >= ? AND time < ? ORDER BY time DESC, rowid DESC LIMIT ?')
    .all(from, to, REPORT_ALERTS)
    .map(alertOf);
  const alertCount = Number(
    db.prepare('SELECT count(*) AS n FROM alerts WHERE time >= ? AND time < ?').get(from, to)?.n ?? 0,
  );
  const interfaces = view.bandwidth.filter((row) => row.start === from);
  return { generated: now, unit, from, to, view, interfaces, alertCount, alerts };
}
