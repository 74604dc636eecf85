// The bandwidth chart of the history view: bytes received and sent per day, week or month, two
// bars per period, laid out by the shared chart rule (the reports draw the same) and drawn with
// D3 joins. Clicking a period selects it. Colours are the theme's chart colours, through CSS.
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { observeWidth } from '../common/observeWidth';
import { el } from '../common/dom';
import { formatBytes } from '../../shared/format/displayFormat';
import type { ChartBar, ChartTick } from '../../shared/history/historyCharts';
import { bandwidthChart } from '../../shared/history/historyCharts';
import { formatPeriod } from '../../shared/history/periods';
import type { HistoryView } from '../../shared/model/history';

const HEIGHT = 220;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 72 };

/** The chart and its legend. */
export class BandwidthBars {
  readonly element: HTMLElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private width = 640;
  private view: HistoryView | undefined;
  private iface: string | undefined;

  constructor(private readonly onSelect: (start: number) => void) {
    const svgElement = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg = select(svgElement).attr('class', 'chart bandwidth').attr('role', 'img');
    for (const name of ['grid', 'bands', 'bars', 'axis-y', 'axis-x']) this.svg.append('g').attr('class', name);
    const swatch = (series: string, label: string) =>
      el('li', {
        children: [
          el('span', { className: `swatch series-${series}`, attrs: { 'aria-hidden': 'true' } }),
          el('span', { text: label }),
        ],
      });
    const legend = el('ul', { className: 'legend', children: [swatch('rx', 'Received'), swatch('tx', 'Sent')] });
    this.element = el('div', { className: 'bandwidth-chart', children: [legend, svgElement] });
    observeWidth(this.element, 320, (width) => {
      this.width = width;
      this.draw();
    });
  }

  /** Draws `view`'s periods for one interface (undefined: all of them summed). */
  update(view: HistoryView, iface: string | undefined): void {
    this.view = view;
    this.iface = iface;
    this.draw();
  }

  private draw(): void {
    const view = this.view;
    if (!view) return;
    const chart = bandwidthChart(
      view.periods,
      view.bandwidth,
      view.unit,
      { width: this.width, height: HEIGHT, margin: MARGIN },
      this.iface,
    );
    this.svg.attr('viewBox', `0 0 ${this.width} ${HEIGHT}`).attr('width', this.width).attr('height', HEIGHT);
    this.svg.attr('aria-label', `Bytes received and sent per ${view.unit}`);
    this.svg
      .select('g.bands')
      .selectAll<SVGRectElement, { start: number; x: number; width: number }>('rect')
      .data(chart.bands, (band) => band.start)
      .join((enter) => enter.append('rect').on('click', (_event, band) => this.onSelect(band.start)))
      .attr('class', (band) => (band.start === view.selected ? 'band selected' : 'band'))
      .attr('x', (band) => band.x)
      .attr('y', MARGIN.top)
      .attr('width', (band) => band.width)
      .attr('height', HEIGHT - MARGIN.top - MARGIN.bottom);
    this.svg
      .select('g.bars')
      .selectAll<SVGRectElement, ChartBar>('rect')
      .data(chart.bars, (bar) => `${bar.start}|${bar.series}`)
      .join((enter) => enter.append('rect').call((rect) => rect.append('title')))
      .attr('class', (bar) => `bar series-${bar.series}`)
      .attr('data-start', (bar) => String(bar.start))
      .attr('data-bytes', (bar) => String(bar.bytes))
      .attr('x', (bar) => bar.x)
      .attr('y', (bar) => bar.y)
      .attr('width', (bar) => bar.width)
      .attr('height', (bar) => bar.height)
      .on('click', (_event, bar) => this.onSelect(bar.start))
      .select('title')
      .text(
        (bar) =>
          `${formatPeriod(bar.start, view.unit)}: ${bar.series === 'rx' ? 'received' : 'sent'} ${formatBytes(bar.bytes)}`,
      );
    this.axis('g.axis-y', chart.yTicks, (tick) => `translate(${MARGIN.left - 6},${tick.at})`, 'end');
    this.axis('g.axis-x', chart.xTicks, (tick) => `translate(${tick.at},${HEIGHT - MARGIN.bottom + 16})`, 'middle');
    this.svg
      .select('g.grid')
      .selectAll<SVGLineElement, ChartTick>('line')
      .data(chart.yTicks)
      .join('line')
      .attr('x1', MARGIN.left)
      .attr('x2', this.width - MARGIN.right)
      .attr('y1', (tick) => tick.at)
      .attr('y2', (tick) => tick.at);
  }

  private axis(group: string, ticks: ChartTick[], place: (tick: ChartTick) => string, anchor: string): void {
    this.svg
      .select(group)
      .selectAll<SVGTextElement, ChartTick>('text')
      .data(ticks)
      .join('text')
      .attr('transform', place)
      .attr('text-anchor', anchor)
      .attr('dominant-baseline', 'middle')
      .text((tick) => tick.label);
  }
}
