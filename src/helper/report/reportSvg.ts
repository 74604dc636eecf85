// The report's charts as SVG text, laid out by the same rule the history view draws with D3
// (shared/history/historyCharts.ts). Colours come from the page's CSS classes, so the charts follow
// its light or dark scheme; every label is escaped text.
import { formatBytes } from '../../shared/format/displayFormat';
import { formatMinute } from '../../shared/format/displayText';
import { escapeHtml } from '../../shared/format/markup';
import type { ChartTick } from '../../shared/history/historyCharts';
import { bandwidthChart, presenceChart } from '../../shared/history/historyCharts';
import { deviceLabel } from '../../shared/history/historyText';
import { formatPeriod } from '../../shared/history/periods';
import type { HistoryReport } from '../../shared/model/report';

const WIDTH = 760;
const BANDWIDTH_HEIGHT = 220;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 72 };
const LABEL_WIDTH = 200;
const ROW_HEIGHT = 20;
const TOP = 20;

const round = (value: number) => Math.round(value * 10) / 10;

function text(tick: ChartTick, x: number, y: number, anchor: string): string {
  return `<text x="${round(x)}" y="${round(y)}" text-anchor="${anchor}" dominant-baseline="middle">${escapeHtml(tick.label)}</text>`;
}

/** Bytes received and sent per period, all interfaces summed, the report's period marked. */
export function bandwidthSvg(report: HistoryReport): string {
  const { view } = report;
  const chart = bandwidthChart(view.periods, view.bandwidth, view.unit, {
    width: WIDTH,
    height: BANDWIDTH_HEIGHT,
    margin: MARGIN,
  });
  const plotBottom = BANDWIDTH_HEIGHT - MARGIN.bottom;
  const parts = [
    `<svg class="chart bandwidth" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${BANDWIDTH_HEIGHT}" width="${WIDTH}" height="${BANDWIDTH_HEIGHT}" role="img" aria-label="Bytes received and sent per ${view.unit}">`,
    ...chart.bands
      .filter((band) => band.start === view.selected)
      .map(
        (band) =>
          `<rect class="band selected" x="${round(band.x)}" y="${MARGIN.top}" width="${round(band.width)}" height="${plotBottom - MARGIN.top}"/>`,
      ),
    ...chart.yTicks.map(
      (tick) =>
        `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${round(tick.at)}" y2="${round(tick.at)}"/>`,
    ),
    ...chart.bars.map(
      (bar) =>
        `<rect class="bar series-${bar.series}" data-start="${bar.start}" data-bytes="${bar.bytes}" x="${round(bar.x)}" y="${round(bar.y)}" width="${round(bar.width)}" height="${round(bar.height)}"><title>${escapeHtml(`${formatPeriod(bar.start, view.unit)}: ${bar.series === 'rx' ? 'received' : 'sent'} ${formatBytes(bar.bytes)}`)}</title></rect>`,
    ),
    ...chart.yTicks.map((tick) => text(tick, MARGIN.left - 6, tick.at, 'end')),
    ...chart.xTicks.map((tick) => text(tick, tick.at, plotBottom + 16, 'middle')),
    '</svg>',
  ];
  return parts.join('\n');
}

/** When each shown device was present in the period: a row per device, a bar per presence. */
export function presenceSvg(report: HistoryReport): string {
  const { view } = report;
  const chart = presenceChart(
    view.devices.map((device) => device.id),
    view.presence,
    { from: report.from, to: report.to, unit: report.unit },
    { left: LABEL_WIDTH, right: WIDTH - 8, top: TOP, rowHeight: ROW_HEIGHT },
  );
  const height = Math.max(TOP + ROW_HEIGHT, chart.height);
  const labels = new Map(view.devices.map((device) => [device.id, deviceLabel(device)]));
  const parts = [
    `<svg class="chart presence" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="When ${view.devices.length} devices were present">`,
    ...chart.ticks.map(
      (tick) =>
        `<line class="grid" x1="${round(tick.at)}" x2="${round(tick.at)}" y1="${TOP - 4}" y2="${height}"/>${text(tick, tick.at, TOP / 2, 'middle')}`,
    ),
    ...chart.rows.map((row) => {
      const label = `<text class="label" x="${LABEL_WIDTH - 8}" y="${round(row.y + ROW_HEIGHT / 2)}" text-anchor="end" dominant-baseline="middle">${escapeHtml(labels.get(row.deviceId) ?? '')}</text>`;
      const segments = row.segments.map(
        (segment) =>
          `<rect class="presence-bar" x="${round(segment.x)}" y="${round(row.y + 3)}" width="${round(segment.width)}" height="${ROW_HEIGHT - 6}"><title>${escapeHtml(`${formatMinute(segment.from)} to ${formatMinute(segment.to)}`)}</title></rect>`,
      );
      return `<g class="row" data-device="${row.deviceId}">${label}${segments.join('')}</g>`;
    }),
    '</svg>',
  ];
  return parts.join('\n');
}
