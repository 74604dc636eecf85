// Throughput over time: download and upload of the chosen interface (OS counters) and the rate the
// capture sees, drawn with D3. A context strip below shows the whole five minutes; brushing it
// zooms the main chart, double-clicking either resets. Colours come from CSS classes that read
// VS Code's chart colours.
import { axisBottom, axisLeft } from 'd3-axis';
import { brushX } from 'd3-brush';
import type { D3BrushEvent } from 'd3-brush';
import { scaleLinear, scaleLog, scaleTime } from 'd3-scale';
import type { ScaleLinear, ScaleLogarithmic, ScaleTime } from 'd3-scale';
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { area, line } from 'd3-shape';
import { el, setText } from '../common/dom';
import { formatClock, formatByteRate } from '../../shared/format/displayFormat';
import type { CapturePoint, ThroughputPoint } from './throughputSeries';

const svgNs = 'http://www.w3.org/2000/svg';
const margin = { top: 10, right: 16, bottom: 22, left: 72 };
const focusHeight = 200;
const contextHeight = 44;

/** What the chart draws. */
export interface ThroughputData {
  points: ThroughputPoint[];
  capture: CapturePoint[];
  /** the time span shown when not zoomed, ms */
  spanMs: number;
  /** show the OS bandwidth series (a capture file has none, only its own rate) */
  bandwidth: boolean;
}

type G = Selection<SVGGElement, unknown, null, undefined>;
type Rect = Selection<SVGRectElement, unknown, null, undefined>;
let chartCount = 0;

export class ThroughputChart {
  readonly element: HTMLElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly focus: G;
  private readonly context: G;
  private readonly legend: { rx: HTMLElement; tx: HTMLElement; capture: HTMLElement };
  /** says when the y axis is logarithmic */
  private readonly logScale: HTMLElement;
  private readonly bandwidthEntries: HTMLElement[];
  private readonly brushGroup: G;
  private readonly clipRect: Rect;
  private readonly contextClipRect: Rect;
  private width = 600;
  /** zoomed time range, absent when following the newest data */
  private zoom: [number, number] | undefined;
  private data: ThroughputData = { points: [], capture: [], spanMs: 300_000, bandwidth: true };
  private readonly brush = brushX();
  private movingBrush = false;

  constructor(private readonly onZoom: (range: [number, number] | undefined) => void) {
    const value = () => el('span', { className: 'legend-value', text: '–' });
    this.legend = { rx: value(), tx: value(), capture: value() };
    const entry = (className: string, label: string, valueEl: HTMLElement) =>
      el('li', {
        children: [
          el('span', { className: `swatch ${className}`, attrs: { 'aria-hidden': 'true' } }),
          el('span', { text: label }),
          valueEl,
        ],
      });
    const rxEntry = entry('series-rx', 'Download', this.legend.rx);
    const txEntry = entry('series-tx', 'Upload', this.legend.tx);
    this.bandwidthEntries = [rxEntry, txEntry];
    this.logScale = el('li', { className: 'log-scale', text: 'log scale' });
    this.logScale.hidden = true;
    const legend = el('ul', {
      className: 'legend',
      attrs: { 'aria-label': 'Current throughput' },
      children: [rxEntry, txEntry, entry('series-capture', 'Captured', this.legend.capture), this.logScale],
    });
    const svgElement = document.createElementNS(svgNs, 'svg');
    this.svg = select(svgElement).attr('class', 'chart throughput').attr('role', 'img');
    // Series are clipped to the plot: points just outside the window still shape the line's ends.
    const clip = `throughput-clip-${++chartCount}`;
    const contextClip = `${clip}-context`;
    const defs = this.svg.append('defs');
    this.clipRect = defs.append('clipPath').attr('id', clip).append('rect');
    this.contextClipRect = defs.append('clipPath').attr('id', contextClip).append('rect');
    this.focus = this.svg.append('g').attr('class', 'focus');
    this.focus.append('g').attr('class', 'grid');
    const series = this.focus.append('g').attr('clip-path', `url(#${clip})`);
    series.append('path').attr('class', 'area series-rx');
    series.append('path').attr('class', 'line series-rx');
    series.append('path').attr('class', 'line series-tx');
    series.append('path').attr('class', 'line series-capture');
    this.focus.append('g').attr('class', 'axis x');
    this.focus.append('g').attr('class', 'axis y');
    this.context = this.svg.append('g').attr('class', 'context');
    const contextSeries = this.context.append('g').attr('clip-path', `url(#${contextClip})`);
    contextSeries.append('path').attr('class', 'area series-rx');
    contextSeries.append('path').attr('class', 'line series-tx');
    contextSeries.append('path').attr('class', 'line series-capture');
    this.context.append('g').attr('class', 'axis x');
    this.brushGroup = this.context.append('g').attr('class', 'brush');
    this.brush.on('end', (event: D3BrushEvent<unknown>) => this.brushed(event));
    this.svg.on('dblclick', () => this.setZoom(undefined));
    this.element = el('div', { className: 'throughput-chart', children: [legend, svgElement] });
    new ResizeObserver(() => {
      const width = Math.max(320, Math.floor(this.element.clientWidth));
      if (width !== this.width) {
        this.width = width;
        this.draw();
      }
    }).observe(this.element);
  }

  update(data: ThroughputData): void {
    this.data = data;
    this.draw();
  }

  /** Zooms to a time range (or back to the live window). */
  setZoom(range: [number, number] | undefined): void {
    this.zoom = range;
    this.onZoom(range);
    this.draw();
  }

  private draw(): void {
    for (const entry of this.bandwidthEntries) entry.hidden = !this.data.bandwidth;
    const innerWidth = this.layout();
    const full = this.fullRange();
    this.drawFocus(this.zoom ?? full, innerWidth);
    this.drawContext(full, innerWidth);
    this.drawLegend();
  }

  /** Sizes the SVG to the element's width and the clip paths to the plots; the plots' width. */
  private layout(): number {
    const width = this.width;
    const innerWidth = width - margin.left - margin.right;
    const height = margin.top + focusHeight + margin.bottom + contextHeight + margin.bottom;
    this.svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    this.clipRect.attr('width', innerWidth).attr('height', focusHeight);
    this.contextClipRect.attr('width', innerWidth).attr('height', contextHeight);
    return innerWidth;
  }

  /** The time span shown when not zoomed: `spanMs` up to the newest reading. */
  private fullRange(): [number, number] {
    const { points, capture, spanMs } = this.data;
    const newest = Math.max(points[points.length - 1]?.time ?? 0, capture[capture.length - 1]?.time ?? 0, 0);
    return [newest - spanMs, newest];
  }

  /** The main chart over `domain` (the zoomed range, or the whole span): axes, grid and series. */
  private drawFocus(domain: [number, number], innerWidth: number): void {
    const inDomain = <T extends { time: number }>(list: T[]) =>
      list.filter((point) => point.time >= domain[0] - 1000 && point.time <= domain[1] + 1000);
    const shown = inDomain(this.data.points);
    const shownCapture = inDomain(this.data.capture);
    const x = scaleTime().domain(domain).range([0, innerWidth]);
    const y = rateScale(shown, shownCapture, focusHeight);
    this.logScale.hidden = !isLog(y);
    this.focus.attr('transform', `translate(${margin.left},${margin.top})`);
    this.focus
      .select<SVGGElement>('.axis.x')
      .attr('transform', `translate(0,${focusHeight})`)
      .call(timeAxis(x, innerWidth));
    this.focus.select<SVGGElement>('.axis.y').call(
      axisLeft(y)
        .tickValues(rateTicks(y))
        .tickFormat((d) => formatByteRate(d.valueOf())),
    );
    this.focus
      .select<SVGGElement>('.grid')
      .call(
        axisLeft(y)
          .tickValues(rateTicks(y))
          .tickSize(-innerWidth)
          .tickFormat(() => ''),
      )
      .call((g) => g.select('.domain').remove());
    drawSeries(this.focus, x, y, focusHeight, shown, shownCapture);
  }

  /** The context strip: always the whole span, with the brush showing the zoomed range. */
  private drawContext(full: [number, number], innerWidth: number): void {
    const { points, capture } = this.data;
    const xc = scaleTime().domain(full).range([0, innerWidth]);
    const yc = rateScale(points, capture, contextHeight, false);
    this.context.attr('transform', `translate(${margin.left},${margin.top + focusHeight + margin.bottom})`);
    drawSeries(this.context, xc, yc, contextHeight, points, capture);
    this.context
      .select<SVGGElement>('.axis.x')
      .attr('transform', `translate(0,${contextHeight})`)
      .call(timeAxis(xc, innerWidth));
    this.brush.extent([
      [0, 0],
      [innerWidth, contextHeight],
    ]);
    this.brushGroup.call(this.brush);
    this.movingBrush = true;
    const zoomed = this.zoom ? ([xc(this.zoom[0]), xc(this.zoom[1])] as [number, number]) : null;
    this.brushGroup.call((group) => this.brush.move(group, zoomed));
    this.movingBrush = false;
  }

  /** The newest figures beside the chart, and the chart's accessible summary. */
  private drawLegend(): void {
    const { points, capture } = this.data;
    const latest = points[points.length - 1];
    const latestCapture = capture[capture.length - 1];
    setText(this.legend.rx, latest ? formatByteRate(latest.rx) : '–');
    setText(this.legend.tx, latest ? formatByteRate(latest.tx) : '–');
    setText(this.legend.capture, latestCapture ? formatByteRate(latestCapture.rate) : '–');
    this.svg.attr(
      'aria-label',
      latest
        ? `Throughput chart: download ${formatByteRate(latest.rx)}, upload ${formatByteRate(latest.tx)} at ${formatClock(latest.time, false)}`
        : 'Throughput chart: no readings yet',
    );
  }

  private brushed(event: D3BrushEvent<unknown>): void {
    if (this.movingBrush || !event.sourceEvent) return;
    const selection = event.selection as [number, number] | null;
    if (!selection) {
      this.setZoom(undefined);
      return;
    }
    const innerWidth = this.width - margin.left - margin.right;
    const xc = scaleTime().domain(this.fullRange()).range([0, innerWidth]);
    this.setZoom([xc.invert(selection[0]).valueOf(), xc.invert(selection[1]).valueOf()]);
  }
}

type RateScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

/**
 * The y scale for rates: linear, unless the captured line would be drawn flat against the axis
 * under counters twenty times higher (a capture filter, or a busier interface than the one
 * captured), when a log scale keeps both readable.
 */
function rateScale(
  points: readonly ThroughputPoint[],
  capture: readonly CapturePoint[],
  height: number,
  nice = true,
): RateScale {
  let counters = 0;
  let captured = 0;
  for (const point of points) counters = Math.max(counters, point.rx, point.tx);
  for (const point of capture) captured = Math.max(captured, point.rate);
  const max = Math.max(1, counters, captured);
  if (captured > 0 && counters > 20 * captured) {
    return scaleLog().domain([1, max]).range([height, 0]).clamp(true);
  }
  const linear = scaleLinear().domain([0, max]).range([height, 0]);
  return nice ? linear.nice(4) : linear;
}

function isLog(scale: RateScale): scale is ScaleLogarithmic<number, number> {
  return 'base' in scale;
}

/** About four ticks: the linear scale's own, or powers of ten (every other one when many). */
function rateTicks(scale: RateScale): number[] {
  if (!isLog(scale)) return scale.ticks(4);
  const [, max] = scale.domain() as [number, number];
  const powers: number[] = [];
  for (let value = 1; value <= max; value *= 10) powers.push(value);
  return powers.length > 5 ? powers.filter((_, i) => i % 2 === powers.length % 2 || i === powers.length - 1) : powers;
}

/**
 * A time axis with local clock labels, about one tick per 110 px: to the millisecond when the span
 * gives each tick less than a second, and never the same label twice (a one-packet file's second).
 */
function timeAxis(x: ScaleTime<number, number>, innerWidth: number) {
  const count = Math.max(2, Math.floor(innerWidth / 110));
  const [start, end] = x.domain().map((date) => date.valueOf()) as [number, number];
  const millis = end - start < count * 1000;
  const labels = new Set<string>();
  const ticks = x.ticks(count).filter((tick) => {
    const label = formatClock(tick.valueOf(), millis);
    if (labels.has(label)) return false;
    labels.add(label);
    return true;
  });
  return axisBottom<Date>(x)
    .tickValues(ticks)
    .tickFormat((d) => formatClock(d.valueOf(), millis));
}

/** Sets the paths of the series a chart group holds (the context strip has no download line). */
function drawSeries(
  group: G,
  x: ScaleTime<number, number>,
  y: RateScale,
  height: number,
  points: ThroughputPoint[],
  capture: CapturePoint[],
): void {
  const time = (point: { time: number }) => x(point.time);
  const trace = <T extends { time: number }>(value: (point: T) => number) =>
    line<T>()
      .x(time)
      .y((point) => y(value(point)));
  group.select('.area.series-rx').attr(
    'd',
    area<ThroughputPoint>()
      .x(time)
      .y0(height)
      .y1((p) => y(p.rx))(points),
  );
  group.select('.line.series-rx').attr('d', trace<ThroughputPoint>((p) => p.rx)(points));
  group.select('.line.series-tx').attr('d', trace<ThroughputPoint>((p) => p.tx)(points));
  group.select('.line.series-capture').attr('d', trace<CapturePoint>((p) => p.rate)(capture));
}
