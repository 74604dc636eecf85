// Bytes per second in and out of the watched processes over time, with a band wherever the
// debuggee was paused at a breakpoint. SVG through D3, coloured by the dashboard's CSS classes
// (VS Code's chart colours), so a theme change needs no redraw.
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleTime } from 'd3-scale';
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { line } from 'd3-shape';
import { formatByteRate, formatClock } from '../../shared/format/displayFormat';
import type { RatePoint } from '../../shared/sockets/socketsState';
import type { PauseBand } from '../../shared/socketsViewProtocol';
import { el, setText } from '../common/dom';

const margin = { top: 8, right: 16, bottom: 22, left: 72 };
const HEIGHT = 160;
/** The span shown: the last five minutes, or the whole session when shorter. */
const SPAN_MS = 300_000;

type G = Selection<SVGGElement, unknown, null, undefined>;

/** The chart; `draw` with the series, the pauses and the time now. */
export class RateChart {
  readonly element: HTMLElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly bands: G;
  private readonly lines: G;
  private readonly xAxis: G;
  private readonly yAxis: G;
  private readonly legend = {
    send: el('span', { className: 'legend-value' }),
    receive: el('span', { className: 'legend-value' }),
  };
  private readonly pausedNote = el('li', { className: 'paused-note' });
  private width = 600;

  constructor() {
    const entry = (className: string, label: string, value: HTMLElement) =>
      el('li', {
        children: [
          el('span', { className: `swatch ${className}`, attrs: { 'aria-hidden': 'true' } }),
          el('span', { text: label }),
          value,
        ],
      });
    const legend = el('ul', {
      className: 'legend',
      attrs: { 'aria-label': 'Bytes per second now' },
      children: [
        entry('series-rx', 'In', this.legend.receive),
        entry('series-tx', 'Out', this.legend.send),
        el('li', {
          children: [
            el('span', { className: 'swatch pause-swatch', attrs: { 'aria-hidden': 'true' } }),
            el('span', { text: 'Paused' }),
          ],
        }),
        this.pausedNote,
      ],
    });
    const svgElement = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg = select(svgElement)
      .attr('class', 'chart rate-chart')
      .attr('role', 'img')
      .attr('aria-label', 'Bytes per second in and out, with the pauses at breakpoints');
    this.bands = this.svg.append('g').attr('class', 'pause-bands');
    this.lines = this.svg.append('g');
    this.xAxis = this.svg.append('g').attr('class', 'axis');
    this.yAxis = this.svg.append('g').attr('class', 'axis');
    this.element = el('figure', { className: 'rate-figure', children: [legend, svgElement as unknown as HTMLElement] });
    new ResizeObserver(() => {
      const width = this.element.clientWidth;
      if (width > 0) this.width = width;
    }).observe(this.element);
  }

  draw(series: readonly RatePoint[], pauses: readonly PauseBand[], now: number): void {
    const end = Math.max(now, series[series.length - 1]?.time ?? now);
    const start = Math.max(series[0]?.time ?? end - SPAN_MS, end - SPAN_MS);
    const shown = series.filter((point) => point.time >= start);
    const innerWidth = Math.max(100, this.width - margin.left - margin.right);
    const innerHeight = HEIGHT - margin.top - margin.bottom;
    const x = scaleTime().domain([start, end]).range([0, innerWidth]);
    const peak = Math.max(1000, ...shown.map((point) => Math.max(point.send, point.receive)));
    const y = scaleLinear().domain([0, peak]).nice().range([innerHeight, 0]);
    this.svg
      .attr('viewBox', `0 0 ${innerWidth + margin.left + margin.right} ${HEIGHT}`)
      .attr('width', innerWidth + margin.left + margin.right)
      .attr('height', HEIGHT);
    const inner = `translate(${margin.left},${margin.top})`;
    const visible = pauses.filter((band) => (band.end ?? end) >= start);
    this.bands
      .attr('transform', inner)
      .selectAll('rect')
      .data(visible)
      .join('rect')
      .attr('class', 'pause-band')
      .attr('x', (band) => x(Math.max(start, band.start)))
      .attr('width', (band) => Math.max(1, x(band.end ?? end) - x(Math.max(start, band.start))))
      .attr('y', 0)
      .attr('height', innerHeight);
    const path = (key: 'send' | 'receive') =>
      line<RatePoint>()
        .x((point) => x(point.time))
        .y((point) => y(point[key]))(shown) ?? '';
    this.lines
      .attr('transform', inner)
      .selectAll('path')
      .data(['receive', 'send'] as const)
      .join('path')
      .attr('class', (key) => `line ${key === 'receive' ? 'series-rx' : 'series-tx'}`)
      .attr('d', path);
    this.xAxis.attr('transform', `translate(${margin.left},${margin.top + innerHeight})`).call(
      axisBottom(x)
        .ticks(6)
        .tickFormat((value) => formatClock(Number(value), false)),
    );
    this.yAxis.attr('transform', inner).call(
      axisLeft(y)
        .ticks(4)
        .tickFormat((value) => formatByteRate(Number(value))),
    );
    const last = series[series.length - 1];
    setText(this.legend.receive, formatByteRate(last?.receive ?? 0));
    setText(this.legend.send, formatByteRate(last?.send ?? 0));
    const open = pauses[pauses.length - 1];
    setText(
      this.pausedNote,
      open && open.end === undefined
        ? 'paused at a breakpoint now'
        : `${pauses.length} pause${pauses.length === 1 ? '' : 's'}`,
    );
  }
}
