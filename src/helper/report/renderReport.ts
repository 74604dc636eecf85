import { reportHtml } from './reportHtml';
import { reportMarkdown } from './reportMarkdown';
import type { HistoryReport, ReportFormat } from '../../shared/model/report';

/** A report in `format`. */
export function renderReport(report: HistoryReport, format: ReportFormat): string {
  return format === 'html' ? reportHtml(report) : reportMarkdown(report);
}
