// Protocol distribution: a donut of bytes by innermost protocol, with a legend as text. Slices are
// joined by protocol name so each keeps its colour from one second to the next.
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import type { PieArcDatum } from 'd3-shape';
import { arc, pie } from 'd3-shape';
import { el } from '../common/dom';
import { formatBytes, formatPercent } from '../../shared/format/displayFormat';
import type { ProtocolShare } from './protocolTree';

const size = 180;
const palette = 8;

export class ProtocolDonut {
  readonly element: HTMLElement;
  private readonly slices: Selection<SVGGElement, unknown, null, undefined>;
  private readonly legend: Selection<HTMLUListElement, unknown, null, undefined>;
  private readonly total: Selection<SVGTextElement, unknown, null, undefined>;
  /** colour index per protocol name, stable for the life of the view */
  private readonly colours = new Map<string, number>();

  constructor() {
    const svgElement = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const svg = select(svgElement)
      .attr('class', 'chart donut')
      .attr('viewBox', `0 0 ${size} ${size}`)
      .attr('width', size)
      .attr('height', size)
      .attr('role', 'img');
    this.slices = svg.append('g').attr('transform', `translate(${size / 2},${size / 2})`);
    this.total = svg
      .append('text')
      .attr('class', 'donut-total')
      .attr('x', size / 2)
      .attr('y', size / 2)
      .attr('text-anchor', 'middle')
      .attr('dominant-baseline', 'middle');
    const legendElement = el('ul', { className: 'donut-legend', attrs: { 'aria-label': 'Protocols by bytes' } });
    this.legend = select(legendElement);
    this.element = el('div', { className: 'protocol-donut', children: [svgElement, legendElement] });
  }

  update(shares: ProtocolShare[]): void {
    const total = shares.reduce((sum, share) => sum + share.bytes, 0);
    for (const share of shares)
      if (!this.colours.has(share.name)) this.colours.set(share.name, this.colours.size % palette);
    const colour = (name: string) => (name === 'other' ? 'c-other' : `c${this.colours.get(name) ?? 0}`);
    const arcs = pie<ProtocolShare>()
      .value((share) => share.bytes)
      .sort(null)(shares);
    const shape = arc<PieArcDatum<ProtocolShare>>()
      .innerRadius(size / 2 - 34)
      .outerRadius(size / 2 - 4);
    this.slices
      .selectAll<SVGPathElement, PieArcDatum<ProtocolShare>>('path')
      .data(arcs, (d) => d.data.name)
      .join((enter) => enter.append('path').call((path) => path.append('title')))
      .attr('class', (d) => `slice ${colour(d.data.name)}`)
      .attr('d', shape)
      .select('title')
      .text((d) => `${d.data.name}: ${formatBytes(d.data.bytes)} (${formatPercent(d.data.bytes, total)})`);
    this.total.text(formatBytes(total));
    this.legend
      .selectAll<HTMLLIElement, ProtocolShare>('li')
      .data(shares, (d) => d.name)
      .join((enter) =>
        enter.append('li').call((li) => {
          li.append('span').attr('class', 'swatch').attr('aria-hidden', 'true');
          li.append('span').attr('class', 'name');
          li.append('span').attr('class', 'value num');
        }),
      )
      .order()
      .call((li) => li.select('.swatch').attr('class', (d) => `swatch ${colour(d.name)}`))
      .call((li) => li.select('.name').text((d) => d.name))
      .call((li) => li.select('.value').text((d) => formatPercent(d.bytes, total)))
      .attr('title', (d) => `${d.name}: ${formatBytes(d.bytes)}, ${d.frames} frames`);
    const summary = shares.map((share) => `${share.name} ${formatPercent(share.bytes, total)}`).join(', ');
    this.slices.node()?.ownerSVGElement?.setAttribute('aria-label', `Protocols by bytes: ${summary || 'none yet'}`);
  }
}
