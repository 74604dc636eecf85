// The overview tab: throughput over time, protocol distribution and hierarchy, top talkers.
import { el, setText } from '../common/dom';
import { formatBytes, formatCountOf, formatDuration } from '../../shared/format/displayFormat';
import { button, dropdown } from '../common/toolkit';
import type { DropdownControl } from '../common/toolkit';
import { hostLabel } from './hostNames';
import { ProtocolDonut } from './protocolDonut';
import { ProtocolTable } from './protocolTable';
import { protocolRows, protocolShares } from './protocolTree';
import { ThroughputChart } from './throughputChart';
import { chartInterfaces } from './chartInterfaces';
import { capturePoints, sampledInterfaces, throughputPoints } from './throughputSeries';
import { topHosts } from './topHosts';
import { TopTalkers } from './topTalkers';
import type { TrafficModel } from './trafficModel';
import type { View, ViewSpec } from './dashboardView';
import { oneOf, record, str } from '../common/looseValues';

/** What the overview tab remembers. */
export interface OverviewState {
  /** interface whose bandwidth is drawn; '' follows the capture (see chartInterfaces.ts) */
  chartInterface: string;
  /** seconds shown when not zoomed */
  spanSeconds: number;
}

const spans = [
  { value: '300', label: 'Last 5 minutes' },
  { value: '60', label: 'Last minute' },
  { value: '30', label: 'Last 30 seconds' },
];
const spanSeconds = spans.map((span) => Number(span.value));

/** The overview tab: throughput, protocols, top talkers. */
export const overviewTab: ViewSpec<OverviewState> = {
  title: 'Overview',
  restore(persisted) {
    const state = record(persisted);
    return {
      chartInterface: str(state?.chartInterface, ''),
      spanSeconds: oneOf(Number(state?.spanSeconds), spanSeconds, 300),
    };
  },
  create: ({ model }, state, save) => new OverviewView(model, state, save),
};

function section(title: string, ...children: HTMLElement[]): HTMLElement {
  return el('section', {
    className: 'card',
    attrs: { 'aria-label': title },
    children: [el('h2', { text: title }), ...children],
  });
}

export class OverviewView implements View {
  readonly element: HTMLElement;
  private readonly chart: ThroughputChart;
  private readonly donut = new ProtocolDonut();
  private readonly hierarchy = new ProtocolTable();
  private readonly talkers = new TopTalkers();
  private readonly chartInterface: DropdownControl;
  private readonly summary: HTMLElement;
  private readonly span: HTMLElement;
  private state: OverviewState;
  /** what the interface picker shows now */
  private shownInterface = '';
  private readonly seen = { bandwidth: -1, rates: -1, protocols: -1, hosts: -1, names: -1, status: -1 };

  constructor(
    private readonly model: TrafficModel,
    initial: OverviewState,
    private readonly onState: (state: OverviewState) => void,
  ) {
    this.state = initial;
    this.chart = new ThroughputChart(() => undefined);
    // Only a choice the user makes is kept: the dropdown showing what the chart follows is not one.
    this.chartInterface = dropdown('Interface shown in the chart', (value) => {
      if (value !== this.shownInterface) this.setState({ chartInterface: value });
    });
    const span = dropdown('Time span shown', (value) => this.setState({ spanSeconds: Number(value) || 300 }));
    this.span = span.element;
    span.setChoices(spans, String(initial.spanSeconds));
    const reset = button('Reset zoom', () => this.chart.setZoom(undefined), {
      title: 'Show the whole span again (or double-click the chart)',
    });
    this.summary = el('p', { className: 'summary', attrs: { role: 'status' } });
    this.element = el('div', {
      className: 'overview',
      children: [
        this.summary,
        section(
          'Throughput',
          el('div', { className: 'toolbar', children: [this.chartInterface.element, span.element, reset.element] }),
          this.chart.element,
        ),
        el('div', {
          className: 'row',
          children: [section('Protocols', this.donut.element), section('Protocol hierarchy', this.hierarchy.element)],
        }),
        section('Top talkers', this.talkers.element),
      ],
    });
  }

  render(force = false): void {
    const { versions } = this.model;
    const changed = (key: keyof typeof this.seen) => {
      const now = versions[key];
      if (!force && this.seen[key] === now) return false;
      this.seen[key] = now;
      return true;
    };
    const bandwidthChanged = changed('bandwidth');
    const ratesChanged = changed('rates');
    const statusChanged = changed('status');
    if (bandwidthChanged || ratesChanged || force) this.renderChart();
    if (changed('protocols')) {
      const nodes = [...this.model.protocols.values()];
      this.donut.update(protocolShares(nodes));
      this.hierarchy.update(protocolRows(nodes), this.model.counters.packets, this.model.counters.bytes);
    }
    const namesChanged = changed('names');
    if (changed('hosts') || namesChanged) {
      this.talkers.update(
        topHosts(this.model.hosts.values(), 10).map((host) => ({ host, label: hostLabel(this.model, host.addr) })),
      );
    }
    if (statusChanged) this.renderSummary();
  }

  private renderChart(): void {
    const { model } = this;
    const shown = chartInterfaces({
      chosen: this.state.chartInterface,
      sampled: sampledInterfaces(model.bandwidth.toArray()),
      interfaces: model.interfaces,
      captureInterface: model.source?.kind === 'live' ? model.source.interface : undefined,
      activeInterface: model.activeInterface,
    });
    this.shownInterface = shown.selected;
    this.chartInterface.setChoices(shown.choices, shown.selected);
    const file = this.model.mode === 'file';
    // A file is shown whole, from its first packet to its last, and has no OS bandwidth.
    this.chartInterface.element.hidden = file;
    this.span.hidden = file;
    const spanMs = file
      ? Math.max(1000, this.model.lastPacketTime - this.model.firstPacketTime + 1000)
      : this.state.spanSeconds * 1000;
    this.chart.update({
      points: file ? [] : throughputPoints(model.bandwidth.toArray(), shown.summed),
      capture: capturePoints(this.model.rates.toArray()),
      spanMs,
      bandwidth: !file,
    });
  }

  private renderSummary(): void {
    const { counters, source } = this.model;
    const duration =
      this.model.lastPacketTime && this.model.firstPacketTime
        ? this.model.lastPacketTime - this.model.firstPacketTime
        : 0;
    const where =
      source?.kind === 'file'
        ? `${source.path} (${source.format})`
        : source?.kind === 'live'
          ? `${this.model.running ? 'Capturing on' : 'Captured on'} ${source.interface}${source.filter ? ` with filter “${source.filter}”` : ''}`
          : 'No capture yet: bandwidth is shown without capture; start a capture to see protocols, hosts and flows.';
    const figures = source
      ? ` · ${formatCountOf(counters.packets, 'packet')} · ${formatBytes(counters.bytes)} · ${formatDuration(duration)} · ${formatCountOf(this.model.rowsInAll('flows'), 'conversation')} · ${formatCountOf(this.model.rowsInAll('hosts'), 'host')}`
      : '';
    setText(this.summary, `${where}${figures}`);
  }

  private setState(patch: Partial<OverviewState>): void {
    this.state = { ...this.state, ...patch };
    this.onState(this.state);
    this.renderChart();
  }
}
