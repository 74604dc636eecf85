// The chosen period's busiest hosts and protocols, as horizontal bars drawn with D3 joins, each
// with its figure beside it. Names are text only.
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { observeWidth } from '../common/observeWidth';
import { el } from '../common/dom';
import { formatBytes, formatCount } from '../../shared/format/displayFormat';
import type { TopTraffic } from '../../shared/model/history';

const ROW_HEIGHT = 22;
const LABEL_WIDTH = 160;
const VALUE_WIDTH = 90;

/** One bar of a list. */
interface Entry {
  key: string;
  label: string;
  bytes: number;
  title: string;
}

/** One list of bars with a heading. */
class BarList {
  readonly element: HTMLElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private entries: Entry[] = [];
  private width = 360;

  constructor(
    title: string,
    private readonly className: string,
  ) {
    const svgElement = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg = select(svgElement).attr('class', `chart ${className}`).attr('role', 'img').attr('aria-label', title);
    this.element = el('div', { className: 'top-list', children: [el('h3', { text: title }), svgElement] });
    observeWidth(this.element, 280, (width) => {
      this.width = width;
      this.draw();
    });
  }

  update(entries: Entry[]): void {
    this.entries = entries;
    this.draw();
  }

  private draw(): void {
    const height = Math.max(ROW_HEIGHT, this.entries.length * ROW_HEIGHT);
    const barSpace = Math.max(40, this.width - LABEL_WIDTH - VALUE_WIDTH);
    const most = Math.max(1, ...this.entries.map((entry) => entry.bytes));
    this.svg.attr('viewBox', `0 0 ${this.width} ${height}`).attr('width', this.width).attr('height', height);
    this.svg
      .selectAll<SVGGElement, Entry>('g.entry')
      .data(this.entries, (entry) => entry.key)
      .join((enter) =>
        enter
          .append('g')
          .attr('class', 'entry')
          .call((g) => g.append('title'))
          .call((g) =>
            g
              .append('text')
              .attr('class', 'label')
              .attr('x', LABEL_WIDTH - 8)
              .attr('text-anchor', 'end'),
          )
          .call((g) => g.append('rect').attr('class', `bar ${this.className}`).attr('x', LABEL_WIDTH).attr('y', 4))
          .call((g) => g.append('text').attr('class', 'value')),
      )
      .attr('transform', (_entry, i) => `translate(0,${i * ROW_HEIGHT})`)
      .attr('data-key', (entry) => entry.key)
      .attr('data-bytes', (entry) => String(entry.bytes))
      .call((g) => g.select('title').text((entry) => entry.title))
      .call((g) =>
        g
          .select('text.label')
          .attr('y', ROW_HEIGHT / 2)
          .attr('dominant-baseline', 'middle')
          .text((entry) => entry.label),
      )
      .call((g) =>
        g
          .select('rect')
          .attr('width', (entry) => Math.max(1, (entry.bytes / most) * barSpace))
          .attr('height', ROW_HEIGHT - 8),
      )
      .call((g) =>
        g
          .select('text.value')
          .attr('x', (entry) => LABEL_WIDTH + Math.max(1, (entry.bytes / most) * barSpace) + 6)
          .attr('y', ROW_HEIGHT / 2)
          .attr('dominant-baseline', 'middle')
          .text((entry) => formatBytes(entry.bytes)),
      );
  }
}

/** The top hosts and top protocols side by side. */
export class TopLists {
  readonly element: HTMLElement;
  private readonly hosts = new BarList('Top hosts', 'series-rx');
  private readonly protocols = new BarList('Top protocols', 'series-tx');
  private readonly note = el('p', { className: 'note' });

  constructor() {
    this.element = el('div', {
      className: 'top-lists',
      children: [
        el('div', { className: 'columns', children: [this.hosts.element, this.protocols.element] }),
        this.note,
      ],
    });
  }

  update(top: TopTraffic, names: ReadonlyMap<string, string>): void {
    this.hosts.update(
      top.hosts.map((host) => ({
        key: host.addr,
        label: names.get(host.addr) ?? host.addr,
        bytes: host.bytesIn + host.bytesOut,
        title: `${host.addr}${host.mac ? ` (${host.mac})` : ''}\nreceived ${formatBytes(host.bytesIn)}, sent ${formatBytes(host.bytesOut)}`,
      })),
    );
    this.protocols.update(
      top.protocols.map((protocol) => ({
        key: protocol.protocol,
        label: protocol.protocol,
        bytes: protocol.bytes,
        title: `${protocol.protocol}: ${formatCount(protocol.frames)} frames, ${formatBytes(protocol.bytes)}`,
      })),
    );
    this.note.textContent =
      top.hosts.length === 0 ? 'No traffic was captured in this period: captures are what these lists count.' : '';
  }
}
