// Reports by file name and schedule, shared by the helper (which names what it writes) and the
// extension (which looks for a scheduled report already made before asking for one).
import { formatPeriod, periodStart } from './periods';
import type { HistoryUnit } from '../model/history';
import type { ReportFormat } from '../model/report';

/** How often VS Code writes a report by itself (`lanLens.history.reports.schedule`). */
export type ReportSchedule = 'off' | 'daily' | 'weekly' | 'monthly';

/** Every schedule, for the settings' check. */
export const REPORT_SCHEDULES: readonly ReportSchedule[] = ['off', 'daily', 'weekly', 'monthly'];

const UNIT_OF: Record<Exclude<ReportSchedule, 'off'>, HistoryUnit> = { daily: 'day', weekly: 'week', monthly: 'month' };

/** A report's file name: `lanlens-day-2024-05-15.html`, `lanlens-week-2024-05-13.md`, `lanlens-month-2024-05.html`. */
export function reportFileName(report: { unit: HistoryUnit; from: number }, format: ReportFormat): string {
  const period = formatPeriod(report.from, report.unit).replace(/^week of /, '');
  return `lanlens-${report.unit}-${period}.${format}`;
}

/**
 * The report a schedule owes at `now`: the last finished day, week or month (local calendar).
 * Only the latest is owed, so a machine off for a month writes one report, not thirty.
 */
export function dueReport(schedule: ReportSchedule, now: number): { unit: HistoryUnit; from: number } | undefined {
  if (schedule === 'off') return undefined;
  const unit = UNIT_OF[schedule];
  return { unit, from: periodStart(periodStart(now, unit) - 1, unit) };
}
