// The protocol hierarchy as an indented table (frames, bytes, share of frames and bytes), as
// tshark -z io,phs prints it. Rows are joined by path and reused.
import { select } from 'd3-selection';
import type { Selection } from 'd3-selection';
import { el } from '../common/dom';
import { formatBytes, formatCount, formatPercent } from '../../shared/format/displayFormat';
import type { ProtocolRow } from './protocolTree';

const cellNames = ['frames', 'frames-share', 'bytes', 'bytes-share'];

export class ProtocolTable {
  readonly element: HTMLElement;
  private readonly body: Selection<HTMLTableSectionElement, unknown, null, undefined>;

  constructor() {
    const header = (label: string, numeric = false) =>
      el('th', { text: label, className: numeric ? 'num' : '', attrs: { scope: 'col' } });
    const tbody = el('tbody');
    this.body = select(tbody);
    this.element = el('div', {
      className: 'protocol-table',
      children: [
        el('table', {
          className: 'plain-table',
          attrs: { 'aria-label': 'Protocol hierarchy' },
          children: [
            el('thead', {
              children: [
                el('tr', {
                  children: [
                    header('Protocol'),
                    header('Frames', true),
                    header('% frames', true),
                    header('Bytes', true),
                    header('% bytes', true),
                  ],
                }),
              ],
            }),
            tbody,
          ],
        }),
      ],
    });
  }

  /** `totalFrames`/`totalBytes`: the capture's counters (percentages are of everything captured). */
  update(rows: ProtocolRow[], totalFrames: number, totalBytes: number): void {
    this.body
      .selectAll<HTMLTableRowElement, ProtocolRow>('tr')
      .data(rows, (row) => row.path)
      .join((enter) =>
        enter.append('tr').call((tr) => {
          tr.append('td').attr('class', 'proto-name');
          for (const name of cellNames) tr.append('td').attr('class', `num ${name}`);
        }),
      )
      .order()
      .attr('title', (row) => row.path)
      .call((tr) =>
        tr
          .select('td.proto-name')
          .style('padding-left', (row) => `${0.4 + row.depth * 1.1}em`)
          .text((row) => row.name),
      )
      .call((tr) => tr.select('td.frames').text((row) => formatCount(row.frames)))
      .call((tr) => tr.select('td.frames-share').text((row) => formatPercent(row.frames, totalFrames)))
      .call((tr) => tr.select('td.bytes').text((row) => formatBytes(row.bytes)))
      .call((tr) => tr.select('td.bytes-share').text((row) => formatPercent(row.bytes, totalBytes)));
  }
}
