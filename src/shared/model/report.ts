// A history report: one day, week or month as the history view shows it, with the period's
// bandwidth per interface and the alerts raised in it. The helper gathers it (history/report,
// `lanlens report`) and writes it as self-contained HTML or Markdown.
import type { Alert } from './alerts';
import type { BandwidthPeriod, HistoryUnit, HistoryView } from './history';

/** How a report is written: a self-contained HTML page (inline SVG, no script) or Markdown. */
export type ReportFormat = 'html' | 'md';

/** Every report format, for the CLI's and the protocol's checks. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['html', 'md'];

/** Alerts a report lists at most (the newest; the count says how many there were). */
export const REPORT_ALERTS = 50;

/** What a report holds. */
export interface HistoryReport {
  /** when it was made, ms since the Unix epoch */
  generated: number;
  unit: HistoryUnit;
  /** the period: [from, to), ms since the Unix epoch */
  from: number;
  to: number;
  /** the view of the period: the bandwidth of the periods before it, top talkers, changes, presence */
  view: HistoryView;
  /** the period's bytes and busiest minute per interface */
  interfaces: BandwidthPeriod[];
  /** the period's alerts, the newest first (at most REPORT_ALERTS) */
  alerts: Alert[];
  /** how many alerts the period had in all */
  alertCount: number;
}
