// Throughput over time: download and upload of the chosen interface (OS counters) and the rate the
// capture sees, drawn with D3. A context strip below shows the whole five minutes; brushing it
// zooms the main chart, double-clicking either resets. Colours come from CSS classes that read
// VS Code's chart colours.
import { axisBottom, axisLeft } from 'd3-axis';
import { brushX } from 'd3-brush';
import type { D3BrushEvent } from 'd3-brush';
import { scaleLinear, scaleTime } from 'd3-scale';
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
    const legend = el('ul', {
      className: 'legend',
      attrs: { 'aria-label': 'Current throughput' },
      children: [rxEntry, txEntry, entry('series-capture', 'Captured', this.legend.capture)],
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
    const { points, capture, spanMs } = this.data;
    for (const entry of this.bandwidthEntries) entry.hidden = !this.data.bandwidth;
    const width = this.width;
    const innerWidth = width - margin.left - margin.right;
    const height = margin.top + focusHeight + margin.bottom + contextHeight + margin.bottom;
    this.svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const newest = Math.max(points[points.length - 1]?.time ?? 0, capture[capture.length - 1]?.time ?? 0, 0);
    const full: [number, number] = [newest - spanMs, newest];
    const domain = this.zoom ?? full;
    const inDomain = <T extends { time: number }>(list: T[]) =>
      list.filter((point) => point.time >= domain[0] - 1000 && point.time <= domain[1] + 1000);
    const shown = inDomain(points);
    const shownCapture = inDomain(capture);
    let max = 1;
    for (const point of shown) max = Math.max(max, point.rx, point.tx);
    for (const point of shownCapture) max = Math.max(max, point.rate);

    this.clipRect.attr('width', innerWidth).attr('height', focusHeight);
    this.contextClipRect.attr('width', innerWidth).attr('height', contextHeight);
    const x = scaleTime().domain(domain).range([0, innerWidth]);
    const y = scaleLinear().domain([0, max]).nice(4).range([focusHeight, 0]);
    this.focus.attr('transform', `translate(${margin.left},${margin.top})`);
    this.focus
      .select<SVGGElement>('.axis.x')
      .attr('transform', `translate(0,${focusHeight})`)
      .call(
        axisBottom<Date>(x)
          .ticks(Math.max(2, Math.floor(innerWidth / 110)))
          .tickFormat((d) => formatClock(d.valueOf(), false)),
      );
    this.focus.select<SVGGElement>('.axis.y').call(
      axisLeft(y)
        .ticks(4)
        .tickFormat((d) => formatByteRate(d.valueOf())),
    );
    this.focus
      .select<SVGGElement>('.grid')
      .call(
        axisLeft(y)
          .ticks(4)
          .tickSize(-innerWidth)
          .tickFormat(() => ''),
      )
      .call((g) => g.select('.domain').remove());
    const time = (point: { time: number }) => x(point.time);
    this.focus.select('.area.series-rx').attr(
      'd',
      area<ThroughputPoint>()
        .x(time)
        .y0(focusHeight)
        .y1((p) => y(p.rx))(shown),
    );
    this.focus.select('.line.series-rx').attr(
      'd',
      line<ThroughputPoint>()
        .x(time)
        .y((p) => y(p.rx))(shown),
    );
    this.focus.select('.line.series-tx').attr(
      'd',
      line<ThroughputPoint>()
        .x(time)
        .y((p) => y(p.tx))(shown),
    );
    this.focus.select('.line.series-capture').attr(
      'd',
      line<CapturePoint>()
        .x(time)
        .y((p) => y(p.rate))(shownCapture),
    );

    // The context strip: always the whole span, with the brush showing the zoomed range.
    const top = margin.top + focusHeight + margin.bottom;
    const xc = scaleTime().domain(full).range([0, innerWidth]);
    let maxAll = 1;
    for (const point of points) maxAll = Math.max(maxAll, point.rx, point.tx);
    for (const point of capture) maxAll = Math.max(maxAll, point.rate);
    const yc = scaleLinear().domain([0, maxAll]).range([contextHeight, 0]);
    this.context.attr('transform', `translate(${margin.left},${top})`);
    this.context.select('.area.series-rx').attr(
      'd',
      area<ThroughputPoint>()
        .x((p) => xc(p.time))
        .y0(contextHeight)
        .y1((p) => yc(p.rx))(points),
    );
    this.context.select('.line.series-capture').attr(
      'd',
      line<CapturePoint>()
        .x((p) => xc(p.time))
        .y((p) => yc(p.rate))(capture),
    );
    this.context.select('.line.series-tx').attr(
      'd',
      line<ThroughputPoint>()
        .x((p) => xc(p.time))
        .y((p) => yc(p.tx))(points),
    );
    this.context
      .select<SVGGElement>('.axis.x')
      .attr('transform', `translate(0,${contextHeight})`)
      .call(
        axisBottom<Date>(xc)
          .ticks(Math.max(2, Math.floor(innerWidth / 110)))
          .tickFormat((d) => formatClock(d.valueOf(), false)),
      );
    this.brush.extent([
      [0, 0],
      [innerWidth, contextHeight],
    ]);
    this.brushGroup.call(this.brush);
    this.movingBrush = true;
    const zoomed = this.zoom ? ([xc(this.zoom[0]), xc(this.zoom[1])] as [number, number]) : null;
    this.brushGroup.call((group) => this.brush.move(group, zoomed));
    this.movingBrush = false;

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
    const { points, capture, spanMs } = this.data;
    const newest = Math.max(points[points.length - 1]?.time ?? 0, capture[capture.length - 1]?.time ?? 0, 0);
    const innerWidth = this.width - margin.left - margin.right;
    const xc = scaleTime()
      .domain([newest - spanMs, newest])
      .range([0, innerWidth]);
    this.setZoom([xc.invert(selection[0]).valueOf(), xc.invert(selection[1]).valueOf()]);
  }
}
