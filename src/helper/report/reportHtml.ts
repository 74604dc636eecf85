// A report as one self-contained HTML file: inline CSS and SVG, no script, no external resource
// (its CSP allows nothing else), light or dark after the reader's system. Every text is escaped.
import type { ReportSection, ReportTable } from './reportContent';
import { reportSections, reportSubtitle, reportTitle } from './reportContent';
import { bandwidthSvg, presenceSvg } from './reportSvg';
import { escapeHtml } from '../../shared/format/markup';
import type { HistoryReport } from '../../shared/model/report';

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --rx: #0969da; --tx: #bf8700; --band: rgba(128,128,128,.15); --bg: #fff; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --rx: #4493f8; --tx: #d29922; --bg: #0d1117; } }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 24px auto; max-width: 820px; padding: 0 16px; }
h1 { font-size: 1.5em; margin: 0 0 4px; } h2 { font-size: 1.15em; margin: 24px 0 6px; border-top: 1px solid var(--border); padding-top: 12px; }
p.subtitle, p.note { color: var(--muted); margin: 4px 0; }
table { border-collapse: collapse; margin: 8px 0; width: 100%; } th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--border); overflow-wrap: anywhere; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0; font-size: 11px; }
svg text { fill: var(--muted); } svg text.label { fill: var(--fg); } svg line.grid { stroke: var(--border); }
svg .series-rx { fill: var(--rx); } svg .series-tx { fill: var(--tx); } svg .presence-bar { fill: var(--rx); } svg .band.selected { fill: var(--band); }
ul.legend { list-style: none; padding: 0; margin: 4px 0; display: flex; gap: 16px; color: var(--muted); }
ul.legend span { display: inline-block; width: 10px; height: 10px; margin-right: 6px; }
ul.legend .series-rx { background: var(--rx); } ul.legend .series-tx { background: var(--tx); }
`;

const LEGEND =
  '<ul class="legend"><li><span class="series-rx"></span>Received</li><li><span class="series-tx"></span>Sent</li></ul>';

function tableHtml(table: ReportTable): string {
  const cls = (i: number) => (table.numeric[i] ? ' class="num"' : '');
  const head = table.headings.map((heading, i) => `<th${cls(i)}>${escapeHtml(heading)}</th>`).join('');
  const rows = table.rows.map(
    (row) =>
      `<tr>${row
        .map(
          (cell, i) =>
            `<td${cls(i)}${cell.value === undefined ? '' : ` data-value="${cell.value}"`}>${escapeHtml(cell.text)}</td>`,
        )
        .join('')}</tr>`,
  );
  return `<table class="${escapeHtml(table.name)}"><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function sectionHtml(section: ReportSection, report: HistoryReport): string {
  const chart =
    section.chart === 'bandwidth'
      ? `${LEGEND}\n${bandwidthSvg(report)}`
      : section.chart === 'presence'
        ? presenceSvg(report)
        : '';
  return [
    `<section id="${section.id}">`,
    `<h2>${escapeHtml(section.title)}</h2>`,
    ...section.sentences.map((sentence) => `<p class="note">${escapeHtml(sentence)}</p>`),
    chart,
    section.table ? tableHtml(section.table) : '',
    '</section>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/** The report as a self-contained HTML page. */
export function reportHtml(report: HistoryReport): string {
  const title = reportTitle(report);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="LAN Lens">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="subtitle">${escapeHtml(reportSubtitle(report))}</p>
${reportSections(report)
  .map((section) => sectionHtml(section, report))
  .join('\n')}
</body>
</html>
`;
}
