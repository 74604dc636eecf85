// Top talkers: the hosts with the most bytes, as horizontal bars split into received and sent,
// labelled with the best name known. Rows are joined by address and reused.
import { max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { el } from '../common/dom';
import { formatBytes } from '../../shared/format/displayFormat';
import type { HostLabel } from './hostNames';
import type { HostTraffic } from '../../shared/model/traffic';

const rowHeight = 22;
const labelWidth = 200;
const valueWidth = 150;

/** one bar */
export interface Talker {
  host: HostTraffic;
  label: HostLabel;
}

export class TopTalkers {
  readonly element: HTMLElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private width = 600;
  private data: Talker[] = [];

  constructor() {
    const svgElement = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg = select(svgElement).attr('class', 'chart talkers').attr('role', 'img');
    const legend = el('ul', {
      className: 'legend',
      children: [
        el('li', {
          children: [
            el('span', { className: 'swatch series-in', attrs: { 'aria-hidden': 'true' } }),
            el('span', { text: 'Received' }),
          ],
        }),
        el('li', {
          children: [
            el('span', { className: 'swatch series-out', attrs: { 'aria-hidden': 'true' } }),
            el('span', { text: 'Sent' }),
          ],
        }),
      ],
    });
    this.element = el('div', { className: 'top-talkers', children: [legend, svgElement] });
    new ResizeObserver(() => {
      const width = Math.max(360, Math.floor(this.element.clientWidth));
      if (width !== this.width) {
        this.width = width;
        this.draw();
      }
    }).observe(this.element);
  }

  update(talkers: Talker[]): void {
    this.data = talkers;
    this.draw();
  }

  private draw(): void {
    const talkers = this.data;
    const barWidth = Math.max(60, this.width - labelWidth - valueWidth);
    const height = Math.max(rowHeight, talkers.length * rowHeight);
    this.svg.attr('viewBox', `0 0 ${this.width} ${height}`).attr('width', this.width).attr('height', height);
    this.svg.attr('aria-label', `Top ${talkers.length} hosts by bytes`);
    const x = scaleLinear()
      .domain([0, max(talkers, (t) => t.host.bytesIn + t.host.bytesOut) ?? 1])
      .range([0, barWidth]);
    this.svg
      .selectAll<SVGGElement, Talker>('g.talker')
      .data(talkers, (t) => t.host.addr)
      .join((enter) =>
        enter
          .append('g')
          .attr('class', 'talker')
          .call((g) => {
            g.append('title');
            g.append('text')
              .attr('class', 'label')
              .attr('x', labelWidth - 8)
              .attr('y', rowHeight / 2)
              .attr('text-anchor', 'end')
              .attr('dominant-baseline', 'middle');
            g.append('rect')
              .attr('class', 'bar series-in')
              .attr('y', 3)
              .attr('height', rowHeight - 6);
            g.append('rect')
              .attr('class', 'bar series-out')
              .attr('y', 3)
              .attr('height', rowHeight - 6);
            g.append('text')
              .attr('class', 'value')
              .attr('y', rowHeight / 2)
              .attr('dominant-baseline', 'middle');
          }),
      )
      .attr('transform', (_t, i) => `translate(0,${i * rowHeight})`)
      .call((g) =>
        g
          .select('title')
          .text(
            (t) =>
              `${t.label.title}\nreceived ${formatBytes(t.host.bytesIn)} in ${t.host.packetsIn} packets\nsent ${formatBytes(t.host.bytesOut)} in ${t.host.packetsOut} packets`,
          ),
      )
      .call((g) => g.select('text.label').text((t) => clip(t.label.label, 28)))
      .call((g) =>
        g
          .select('rect.series-in')
          .attr('x', labelWidth)
          .attr('width', (t) => x(t.host.bytesIn)),
      )
      .call((g) =>
        g
          .select('rect.series-out')
          .attr('x', (t) => labelWidth + x(t.host.bytesIn))
          .attr('width', (t) => x(t.host.bytesOut)),
      )
      .call((g) =>
        g
          .select('text.value')
          .attr('x', (t) => labelWidth + x(t.host.bytesIn + t.host.bytesOut) + 6)
          .text((t) => `↓ ${formatBytes(t.host.bytesIn)}  ↑ ${formatBytes(t.host.bytesOut)}`),
      );
  }
}

/** Shortens long (possibly hostile, deliberately long) names for the axis; the tooltip has all of it. */
export function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
