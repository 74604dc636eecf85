// Where the history's charts put things: the bandwidth bars per period and the presence
// timeline. Pure geometry, so the history view (which draws it with D3) and the reports (which
// write it as SVG text) draw the same chart from one rule.
import { formatBytes } from '../format/displayFormat';
import type { BandwidthPeriod, PresenceSpan } from '../model/history';
import type { PeriodUnit } from './periods';
import { nextPeriod } from './periods';

/** The size of a chart and the margins around its plot, in px. */
export interface ChartBox {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** One bar: a period's bytes received (rx) or sent (tx). */
export interface ChartBar {
  start: number;
  series: 'rx' | 'tx';
  bytes: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A tick of an axis at `at` px, with its label. */
export interface ChartTick {
  at: number;
  label: string;
}

/** The bandwidth chart: two bars per period, the y axis in bytes. */
export interface BandwidthChart {
  box: ChartBox;
  bars: ChartBar[];
  yTicks: ChartTick[];
  xTicks: ChartTick[];
  /** each period's band: where a click selects it */
  bands: { start: number; x: number; width: number }[];
}

/** Round ticks from 0 up to at least `max`: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) ticks.push(value);
  return ticks;
}

/** A period's short label under a bar: `05-14` for days and weeks, `2024-05` for months. */
export function shortPeriodLabel(start: number, unit: PeriodUnit): string {
  const date = new Date(start);
  const pad = (value: number) => String(value).padStart(2, '0');
  if (unit === 'month') return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
  return `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Bytes per period (one interface, or all summed), received and sent. */
export function periodTotals(
  rows: readonly BandwidthPeriod[],
  iface?: string,
): Map<number, { rx: number; tx: number }> {
  const totals = new Map<number, { rx: number; tx: number }>();
  for (const row of rows) {
    if (iface !== undefined && row.interface !== iface) continue;
    const total = totals.get(row.start) ?? { rx: 0, tx: 0 };
    total.rx += row.rx;
    total.tx += row.tx;
    totals.set(row.start, total);
  }
  return totals;
}

/** Lays out the bandwidth of `periods` (one interface, or all summed when `iface` is absent). */
export function bandwidthChart(
  periods: readonly number[],
  rows: readonly BandwidthPeriod[],
  unit: PeriodUnit,
  box: ChartBox,
  iface?: string,
): BandwidthChart {
  const totals = periodTotals(rows, iface);
  const { margin } = box;
  const plotWidth = Math.max(1, box.width - margin.left - margin.right);
  const plotHeight = Math.max(1, box.height - margin.top - margin.bottom);
  const ticks = niceTicks(Math.max(0, ...[...totals.values()].flatMap((total) => [total.rx, total.tx])));
  const top = ticks[ticks.length - 1] ?? 1;
  const y = (bytes: number) => margin.top + plotHeight - (bytes / top) * plotHeight;
  const band = plotWidth / Math.max(1, periods.length);
  const barWidth = Math.max(1, (band * 0.8) / 2);
  const bars: ChartBar[] = [];
  const bands = periods.map((start, i) => ({ start, x: margin.left + i * band, width: band }));
  for (const { start, x } of bands) {
    const total = totals.get(start) ?? { rx: 0, tx: 0 };
    (['rx', 'tx'] as const).forEach((series, j) => {
      const bytes = total[series];
      const barX = x + band * 0.1 + j * barWidth;
      bars.push({
        start,
        series,
        bytes,
        x: barX,
        y: y(bytes),
        width: barWidth,
        height: margin.top + plotHeight - y(bytes),
      });
    });
  }
  // Labels no closer than 48 px: every n-th period.
  const every = Math.max(1, Math.ceil(48 / band));
  const xTicks = bands
    .filter((_, i) => (periods.length - 1 - i) % every === 0)
    .map((entry) => ({ at: entry.x + entry.width / 2, label: shortPeriodLabel(entry.start, unit) }));
  const yTicks = ticks.map((value) => ({ at: y(value), label: formatBytes(value) }));
  return { box, bars, yTicks, xTicks, bands };
}

/** One device's row of the presence timeline. */
export interface PresenceRow {
  deviceId: number;
  /** top of the row, px */
  y: number;
  /** its presences, clipped to the span; at least 2 px wide so a single sighting shows */
  segments: { x: number; width: number; from: number; to: number }[];
}

/** The presence timeline: a row per device over [from, to). */
export interface PresenceChart {
  rows: PresenceRow[];
  /** time ticks along the top */
  ticks: ChartTick[];
  height: number;
}

/** Lays out presences of `deviceIds` (in that order) over [from, to) in a plot from `left` to `right` px. */
export function presenceChart(
  deviceIds: readonly number[],
  spans: readonly PresenceSpan[],
  span: { from: number; to: number; unit: PeriodUnit },
  geometry: { left: number; right: number; top: number; rowHeight: number },
): PresenceChart {
  const { from, to } = span;
  const { left, right, top, rowHeight } = geometry;
  const x = (time: number) => left + ((Math.min(Math.max(time, from), to) - from) / (to - from)) * (right - left);
  const rows = deviceIds.map((deviceId, i): PresenceRow => ({ deviceId, y: top + i * rowHeight, segments: [] }));
  const byId = new Map(rows.map((row) => [row.deviceId, row]));
  for (const presence of spans) {
    const row = byId.get(presence.deviceId);
    if (!row || presence.to < from || presence.from >= to) continue;
    const start = x(presence.from);
    row.segments.push({ x: start, width: Math.max(2, x(presence.to) - start), from: presence.from, to: presence.to });
  }
  // A day is cut in hours, a week in days, a month in weeks.
  const tickUnit: PeriodUnit = span.unit === 'day' ? 'hour' : span.unit === 'week' ? 'day' : 'week';
  const ticks: ChartTick[] = [];
  const step = span.unit === 'day' ? 6 : 1;
  let n = 0;
  for (let time = from; time < to; time = nextPeriod(time, tickUnit), n++) {
    if (n % step !== 0) continue;
    const date = new Date(time);
    const label =
      span.unit === 'day' ? `${String(date.getHours()).padStart(2, '0')}:00` : shortPeriodLabel(time, 'day');
    ticks.push({ at: x(time), label });
  }
  return { rows, ticks, height: top + rows.length * rowHeight };
}
