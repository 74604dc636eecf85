// The conversations (flows) tab: filter boxes for host, port and protocol, and a virtualised,
// sortable table of every flow.
import type { FlowSummary } from '../../shared/model/traffic';
import { formatCount, formatCountOf } from '../../shared/format/displayFormat';
import { el, setText } from '../common/dom';
import { bool, record, str } from '../common/looseValues';
import { textField } from '../common/toolkit';
import { VirtualTable } from '../common/virtualTable';
import type { View, ViewSpec } from './dashboardView';
import { flowColumns } from './flowColumns';
import type { FlowFilter, FlowSortKey, SortOrder } from './flowQuery';
import { isFlowSortKey, queryFlows } from './flowQuery';
import { hostSearchText } from './hostNames';
import type { TrafficModel } from './trafficModel';

/** What the conversations tab remembers. */
export interface FlowsViewState {
  filter: FlowFilter;
  sort: SortOrder<FlowSortKey>;
}

/** The conversations tab, labelled with how many there are. */
export const flowsTab: ViewSpec<FlowsViewState> = {
  title: 'Conversations',
  count: (model) => model.rowsInAll('flows'),
  restore(persisted) {
    const state = record(persisted);
    const filter = record(state?.filter);
    const sort = record(state?.sort);
    return {
      filter: { host: str(filter?.host, ''), port: str(filter?.port, ''), protocol: str(filter?.protocol, '') },
      sort: { key: isFlowSortKey(sort?.key) ? sort?.key : 'bytes', descending: bool(sort?.descending, true) },
    };
  },
  create: ({ model }, state, save) => new FlowsView(model, state, save),
};

export class FlowsView implements View {
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
    this.table = new VirtualTable<FlowSummary>({
      label: 'Conversations',
      columns: flowColumns(model),
      rowHeight: 22,
      key: (flow) => flow.id,
      rowClass: (flow) => (flow.tcpState === 'reset' ? 'flow-reset' : ''),
      onSort: (id) => {
        if (isFlowSortKey(id)) this.sortBy(id);
      },
    });
    this.count = el('span', { className: 'row-count', attrs: { 'aria-live': 'polite' } });
    this.element = el('section', {
      className: 'flows-view',
      attrs: { 'aria-label': 'Conversations' },
      children: [this.toolbar(), this.table.element],
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
    setText(this.count, `${formatCount(rows.length)} of ${this.listed()}`);
  }

  /** What the list holds: every conversation, or which of how many (a file's largest, a live capture's newest). */
  private listed(): string {
    const [listed, all] = [this.model.flows.size, this.model.rowsInAll('flows')];
    if (listed >= all) return formatCountOf(listed, 'conversation');
    return this.model.source?.kind === 'file'
      ? `the ${formatCount(listed)} largest of ${formatCountOf(all, 'conversation')} (Export writes them all)`
      : `the ${formatCount(listed)} newest of ${formatCountOf(all, 'conversation')}`;
  }

  /** The filter boxes and the row count. */
  private toolbar(): HTMLElement {
    const filterField = (key: keyof FlowFilter, placeholder: string) => {
      const field = textField({
        placeholder,
        value: this.state.filter[key],
        onInput: (value) => this.setFilter({ ...this.state.filter, [key]: value }),
      });
      field.element.classList.add('filter-field');
      return field.element;
    };
    return el('div', {
      className: 'toolbar',
      attrs: { role: 'search', 'aria-label': 'Filter conversations' },
      children: [
        filterField('host', 'Host or name'),
        filterField('port', 'Port, e.g. 443 or 53,853'),
        filterField('protocol', 'Protocol, e.g. tcp or dns'),
        this.count,
      ],
    });
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
