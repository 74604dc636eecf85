// A report as Markdown: the same sections as the HTML (reportContent.ts), tables without charts.
// Names from the network are escaped so they stay text in any Markdown renderer.
import type { ReportTable } from './reportContent';
import { reportSections, reportSubtitle, reportTitle } from './reportContent';
import { escapeMarkdown } from '../../shared/format/markup';
import type { HistoryReport } from '../../shared/model/report';

function tableMarkdown(table: ReportTable): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(table.headings.map((heading) => escapeMarkdown(heading))),
    line(table.numeric.map((numeric) => (numeric ? '---:' : '---'))),
    ...table.rows.map((row) => line(row.map((cell) => escapeMarkdown(cell.text, 200) || '\\-'))),
  ];
}

/** The report as Markdown. */
export function reportMarkdown(report: HistoryReport): string {
  const lines = [`# ${escapeMarkdown(reportTitle(report))}`, '', escapeMarkdown(reportSubtitle(report)), ''];
  for (const section of reportSections(report)) {
    lines.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const sentence of section.sentences) lines.push(escapeMarkdown(sentence, 1000), '');
    if (section.table) lines.push(...tableMarkdown(section.table), '');
  }
  return lines.join('\n');
}
