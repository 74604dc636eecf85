// When each device was present in the chosen period: a row per device, its presences as bars,
// laid out by the shared chart rule and drawn with D3 joins. Labels are text only.
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { observeWidth } from '../common/observeWidth';
import { el, setText } from '../common/dom';
import { formatMinute } from '../../shared/format/displayText';
import type { ChartTick, PresenceRow } from '../../shared/history/historyCharts';
import { presenceChart } from '../../shared/history/historyCharts';
import { deviceLabel } from '../../shared/history/historyText';
import { nextPeriod } from '../../shared/history/periods';
import type { HistoryView, KnownDevice } from '../../shared/model/history';

const LABEL_WIDTH = 200;
const ROW_HEIGHT = 20;
const TOP = 20;

/** The timeline and its note. */
export class PresenceTimeline {
  readonly element: HTMLElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly note: HTMLElement;
  private width = 640;
  private view: HistoryView | undefined;

  constructor() {
    const svgElement = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg = select(svgElement).attr('class', 'chart presence').attr('role', 'img');
    this.svg.append('g').attr('class', 'ticks');
    this.svg.append('g').attr('class', 'rows');
    this.note = el('p', { className: 'note' });
    this.element = el('div', { className: 'presence-timeline', children: [svgElement, this.note] });
    observeWidth(this.element, 360, (width) => {
      this.width = width;
      this.draw();
    });
  }

  update(view: HistoryView): void {
    this.view = view;
    this.draw();
  }

  private draw(): void {
    const view = this.view;
    if (!view) return;
    const devices = new Map<number, KnownDevice>(view.devices.map((device) => [device.id, device]));
    const span = { from: view.selected, to: nextPeriod(view.selected, view.unit), unit: view.unit };
    const chart = presenceChart([...devices.keys()], view.presence, span, {
      left: LABEL_WIDTH,
      right: this.width - 8,
      top: TOP,
      rowHeight: ROW_HEIGHT,
    });
    const height = Math.max(TOP + ROW_HEIGHT, chart.height);
    this.svg.attr('viewBox', `0 0 ${this.width} ${height}`).attr('width', this.width).attr('height', height);
    this.svg.attr('aria-label', `When ${devices.size} devices were present`);
    this.drawTicks(chart.ticks, height);
    this.drawRows(chart.rows, devices);
    const hidden = view.devicesPresent - view.devices.length;
    setText(
      this.note,
      view.devicesPresent === 0
        ? 'No device was seen in this period: scans and captures are what see them.'
        : hidden > 0
          ? `The ${view.devices.length} devices seen last of ${view.devicesPresent}.`
          : '',
    );
  }

  private drawTicks(ticks: ChartTick[], height: number): void {
    this.svg
      .select('g.ticks')
      .selectAll<SVGGElement, ChartTick>('g')
      .data(ticks)
      .join((enter) =>
        enter
          .append('g')
          .call((g) => g.append('line').attr('y1', TOP - 4))
          .call((g) => g.append('text').attr('y', TOP - 8)),
      )
      .call((g) =>
        g
          .select('line')
          .attr('x1', (tick) => tick.at)
          .attr('x2', (tick) => tick.at)
          .attr('y2', height),
      )
      .call((g) =>
        g
          .select('text')
          .attr('x', (tick) => tick.at)
          .text((tick) => tick.label),
      );
  }

  private drawRows(rows: PresenceRow[], devices: ReadonlyMap<number, KnownDevice>): void {
    this.svg
      .select('g.rows')
      .selectAll<SVGGElement, PresenceRow>('g.row')
      .data(rows, (row) => row.deviceId)
      .join((enter) =>
        enter
          .append('g')
          .attr('class', 'row')
          .call((g) =>
            g
              .append('text')
              .attr('class', 'label')
              .attr('x', LABEL_WIDTH - 8)
              .attr('text-anchor', 'end'),
          ),
      )
      .attr('transform', (row) => `translate(0,${row.y})`)
      .call((g) =>
        g
          .select('text.label')
          .attr('y', ROW_HEIGHT / 2)
          .attr('dominant-baseline', 'middle')
          .text((row) => clip(deviceLabel(devices.get(row.deviceId) ?? {}), 28)),
      )
      .selectAll<SVGRectElement, PresenceRow['segments'][number]>('rect.present')
      .data((row) => row.segments)
      .join((enter) =>
        enter
          .append('rect')
          .attr('class', 'present')
          .call((rect) => rect.append('title')),
      )
      .attr('x', (segment) => segment.x)
      .attr('y', 4)
      .attr('width', (segment) => segment.width)
      .attr('height', ROW_HEIGHT - 8)
      .select('title')
      .text((segment) => `present ${formatMinute(segment.from)} to ${formatMinute(segment.to)}`);
  }
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
