// The conversations (flows) tab: filter boxes for host, port and protocol, and a virtualised,
// sortable table of every flow.
import type { FlowSummary } from '../../shared/model/traffic';
import { el, setText } from '../common/dom';
import {
  formatBytes,
  formatClock,
  formatCount,
  formatDuration,
  formatEndpoint,
} from '../../shared/format/displayFormat';
import type { Column } from '../common/virtualTable';
import { VirtualTable } from '../common/virtualTable';
import { textField } from '../common/toolkit';
import type { FlowFilter, FlowSortKey } from './flowQuery';
import type { FlowsViewState } from './uiState';
import { flowProtocol, queryFlows } from './flowQuery';
import { hostLabel, hostSearchText } from './hostNames';
import type { TrafficModel } from './trafficModel';

export class FlowsView {
  readonly element: HTMLElement;
  readonly table: VirtualTable<FlowSummary>;
  private readonly count: HTMLElement;
  private rows: FlowSummary[] = [];
  private state: FlowsViewState;
  private lastFlowsVersion = -1;
  private lastNamesVersion = -1;

  constructor(
    private readonly model: TrafficModel,
    initial: FlowsViewState,
    private readonly onState: (state: FlowsViewState) => void,
  ) {
    this.state = initial;
    const endpoint = (side: 'a' | 'b') => (flow: FlowSummary) => {
      const addr = side === 'a' ? flow.aAddr : flow.bAddr;
      const label = hostLabel(model, addr);
      const named = label.label === addr ? '' : ` (${label.label})`;
      return `${formatEndpoint(addr, side === 'a' ? flow.aPort : flow.bPort)}${named}`;
    };
    const title = (side: 'a' | 'b') => (flow: FlowSummary) => {
      const text = hostLabel(model, side === 'a' ? flow.aAddr : flow.bAddr).title;
      return side === 'b' && flow.serverName ? `${text}\nserver name: ${flow.serverName}` : text;
    };
    const columns: Column<FlowSummary>[] = [
      { id: 'a', label: 'Address A', width: 200, sortable: true, text: endpoint('a'), title: title('a') },
      { id: 'b', label: 'Address B', width: 200, sortable: true, text: endpoint('b'), title: title('b') },
      { id: 'protocol', label: 'Protocol', width: 90, sortable: true, text: flowProtocol },
      { id: 'server', label: 'Server name', width: 160, text: (flow) => flow.serverName ?? '' },
      {
        id: 'packets',
        label: 'Packets',
        width: 80,
        numeric: true,
        sortable: true,
        text: (f) => formatCount(f.packetsAtoB + f.packetsBtoA),
      },
      {
        id: 'bytes',
        label: 'Bytes',
        width: 85,
        numeric: true,
        sortable: true,
        text: (f) => formatBytes(f.bytesAtoB + f.bytesBtoA),
      },
      {
        id: 'bytesAtoB',
        label: 'A → B',
        width: 85,
        numeric: true,
        sortable: true,
        text: (f) => formatBytes(f.bytesAtoB),
      },
      {
        id: 'bytesBtoA',
        label: 'B → A',
        width: 85,
        numeric: true,
        sortable: true,
        text: (f) => formatBytes(f.bytesBtoA),
      },
      {
        id: 'duration',
        label: 'Duration',
        width: 90,
        numeric: true,
        sortable: true,
        text: (f) => formatDuration(f.lastSeen - f.firstSeen),
      },
      {
        id: 'lastSeen',
        label: 'Last seen',
        width: 90,
        numeric: true,
        sortable: true,
        text: (f) => formatClock(f.lastSeen, false),
      },
      { id: 'state', label: 'TCP state', width: 95, sortable: true, text: (f) => f.tcpState ?? '' },
    ];
    this.table = new VirtualTable<FlowSummary>({
      label: 'Conversations',
      columns,
      rowHeight: 22,
      key: (flow) => flow.id,
      rowClass: (flow) => (flow.tcpState === 'reset' ? 'flow-reset' : ''),
      onSort: (id) => this.sortBy(id as FlowSortKey),
    });
    const filterField = (key: keyof FlowFilter, placeholder: string) => {
      const field = textField({
        placeholder,
        value: this.state.filter[key],
        onInput: (value) => this.setFilter({ ...this.state.filter, [key]: value }),
      });
      field.element.classList.add('filter-field');
      return field.element;
    };
    this.count = el('span', { className: 'row-count', attrs: { 'aria-live': 'polite' } });
    this.element = el('section', {
      className: 'flows-view',
      attrs: { 'aria-label': 'Conversations' },
      children: [
        el('div', {
          className: 'toolbar',
          attrs: { role: 'search', 'aria-label': 'Filter conversations' },
          children: [
            filterField('host', 'Host or name'),
            filterField('port', 'Port, e.g. 443 or 53,853'),
            filterField('protocol', 'Protocol, e.g. tcp or dns'),
            this.count,
          ],
        }),
        this.table.element,
      ],
    });
    this.table.setSort(this.state.sort.key, this.state.sort.descending);
  }

  /** Redraws when flows or names changed (or `force`). */
  render(force = false): void {
    const { versions } = this.model;
    if (!force && versions.flows === this.lastFlowsVersion && versions.names === this.lastNamesVersion) return;
    this.lastFlowsVersion = versions.flows;
    this.lastNamesVersion = versions.names;
    this.rows = queryFlows(this.model.flows.values(), this.state.filter, this.state.sort, (addr) =>
      hostSearchText(this.model, addr),
    );
    const rows = this.rows;
    this.table.setRows({ count: rows.length, at: (i) => rows[i] });
    setText(this.count, `${formatCount(rows.length)} of ${formatCount(this.model.flows.size)} conversations`);
  }

  private setFilter(filter: FlowFilter): void {
    this.state = { ...this.state, filter };
    this.onState(this.state);
    this.render(true);
  }

  private sortBy(key: FlowSortKey): void {
    const descending =
      this.state.sort.key === key
        ? !this.state.sort.descending
        : key !== 'a' && key !== 'b' && key !== 'protocol' && key !== 'state';
    this.state = { ...this.state, sort: { key, descending } };
    this.table.setSort(key, descending);
    this.onState(this.state);
    this.render(true);
  }
}
