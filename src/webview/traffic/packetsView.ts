// The packets tab: a filter box, pause (live), the packet list (virtualised; live from the recent
// ring, files paged from the host) and, for the chosen packet, its layers and bytes.
import type { PacketSummary } from '../../shared/model/traffic';
import { el, setText } from '../common/dom';
import { formatCount, formatCountOf, formatEndpoint, formatRelativeSeconds } from '../../shared/format/displayFormat';
import type { CheckboxControl } from '../common/toolkit';
import { checkbox, textField } from '../common/toolkit';
import type { RowSource } from '../common/virtualWindow';
import { VirtualTable } from '../common/virtualTable';
import { PacketDetailView } from './packetDetailView';
import { PacketPager } from './packetPager';
import { packetMatches, packetTerms } from './packetQuery';
import type { TrafficModel } from './trafficModel';
import type { View, ViewHost, ViewSpec } from './dashboardView';
import { bool, record, str } from '../common/looseValues';

/** What the packets tab remembers. */
export interface PacketsViewState {
  filter: string;
  paused: boolean;
}

/** The packets tab, labelled with the packets captured (or in the file). */
export const packetsTab: ViewSpec<PacketsViewState> = {
  title: 'Packets',
  count: (model) => (model.mode === 'file' ? model.packetCount : model.counters.packets),
  restore(persisted) {
    const state = record(persisted);
    return { filter: str(state?.filter, ''), paused: bool(state?.paused, false) };
  },
  create: ({ model, host }, state, save) => new PacketsView(model, state, host, save),
};

export class PacketsView implements View {
  readonly element: HTMLElement;
  readonly table: VirtualTable<PacketSummary>;
  private readonly count: HTMLElement;
  private readonly pause: CheckboxControl;
  private readonly detail: PacketDetailView;
  private readonly pager: PacketPager;
  private state: PacketsViewState;
  private frozen: PacketSummary[] | undefined;
  private lastVersion = -1;
  private detailRequest = 0;
  private pagedFor = '';
  /** the packets read so far when the list last grew (a file being read) */
  private readingCount = 0;

  constructor(
    private readonly model: TrafficModel,
    initial: PacketsViewState,
    private readonly host: ViewHost,
    private readonly onState: (state: PacketsViewState) => void,
  ) {
    this.state = initial;
    this.pager = new PacketPager(
      (params) => host.page(params),
      (error) => (error ? host.reportError(error) : this.render(true)),
    );
    const start = () => model.firstPacketTime;
    this.table = new VirtualTable<PacketSummary>({
      label: 'Packets',
      rowHeight: 22,
      key: (packet) => String(packet.index),
      rowClass: (packet) => `proto-${packet.protocol.toLowerCase().replace(/[^a-z0-9]/g, '')}`,
      columns: [
        { id: 'index', label: 'No.', width: 70, numeric: true, text: (p) => String(p.index) },
        { id: 'time', label: 'Time', width: 100, numeric: true, text: (p) => formatRelativeSeconds(p.time, start()) },
        { id: 'src', label: 'Source', width: 200, text: (p) => formatEndpoint(p.src, p.srcPort) },
        { id: 'dst', label: 'Destination', width: 200, text: (p) => formatEndpoint(p.dst, p.dstPort) },
        { id: 'protocol', label: 'Protocol', width: 80, text: (p) => p.protocol },
        { id: 'length', label: 'Length', width: 70, numeric: true, text: (p) => String(p.length) },
        { id: 'info', label: 'Info', width: 520, text: (p) => p.info },
      ],
      onSelect: (packet) => {
        if (packet) void this.showDetail(packet);
      },
    });
    const filter = textField({
      placeholder: 'Filter: words to find in addresses, ports, protocol, info',
      value: initial.filter,
      onInput: (value) => this.setState({ filter: value }),
    });
    filter.element.classList.add('filter-field', 'packet-filter');
    this.pause = checkbox('Pause', initial.paused, (paused) => this.setState({ paused }));
    this.count = el('span', { className: 'row-count', attrs: { 'aria-live': 'polite' } });
    this.detail = new PacketDetailView();
    this.element = el('section', {
      className: 'packets-view',
      attrs: { 'aria-label': 'Packets' },
      children: [
        el('div', {
          className: 'toolbar',
          attrs: { role: 'search', 'aria-label': 'Filter packets' },
          children: [filter.element, this.pause.element, this.count],
        }),
        this.table.element,
        this.detail.element,
      ],
    });
  }

  /** Redraws after a tick (live) or a reset. */
  render(force = false): void {
    const { model } = this;
    // A file, and a stopped capture's recording, are paged whole; a running capture shows its recent packets.
    const paged = model.mode === 'file' || (!model.running && model.recording && model.packetCount > 0);
    this.pause.element.hidden = paged;
    // A running capture's list follows the newest packet; a file opens at its first.
    this.table.followEnd = !paged;
    if (paged) {
      this.renderPaged(force);
      return;
    }
    if (!force && this.model.versions.recent === this.lastVersion) return;
    this.lastVersion = this.model.versions.recent;
    if (this.state.paused) this.frozen ??= this.model.recent.toArray();
    else this.frozen = undefined;
    const terms = packetTerms(this.state.filter);
    let source: RowSource<PacketSummary>;
    if (!this.frozen && !terms.length) {
      const ring = this.model.recent;
      source = { count: ring.size, at: (i) => ring.at(i) };
    } else {
      const all = this.frozen ?? this.model.recent.toArray();
      const rows = terms.length ? all.filter((packet) => packetMatches(packet, terms)) : all;
      source = { count: rows.length, at: (i) => rows[i] };
    }
    this.table.setRows(source);
    const paused = this.frozen ? ' (paused)' : '';
    setText(
      this.count,
      `${formatCount(source.count)} of the last ${formatCountOf(this.model.recent.size, 'packet')}${paused}`,
    );
  }

  /** Forgets the packet shown (a new capture or file). */
  clear(): void {
    this.frozen = undefined;
    this.pagedFor = '';
    this.detail.clear();
  }

  private renderPaged(force: boolean): void {
    const reading = this.model.reading !== undefined;
    // While a file is read the pages already shown stay valid: the list grows instead of starting over.
    const key = `${this.state.filter}\n${reading ? 'reading' : this.model.packetCount}`;
    if (key !== this.pagedFor) {
      this.pagedFor = key;
      this.readingCount = this.model.packetCount;
      void this.pager.reset(this.state.filter, this.model.packetCount).then(() => this.render(true));
      return;
    }
    if (reading && this.model.packetCount !== this.readingCount) {
      this.readingCount = this.model.packetCount;
      void this.pager.refresh();
    }
    if (!force) return;
    this.table.setRows(this.pager);
    const count = formatCount(this.pager.count);
    if (reading) {
      const read = formatCountOf(this.model.packetCount, 'packet');
      setText(this.count, this.state.filter ? `reading… ${count} of ${read} so far match` : `reading… ${read} so far`);
      return;
    }
    const { packetCount, counters, mode } = this.model;
    // A recording that stopped early (full, or a write error) holds fewer packets than were captured.
    const recorded =
      mode === 'live' && packetCount < counters.packets ? ` recorded of ${formatCount(counters.packets)} captured` : '';
    setText(
      this.count,
      this.state.filter
        ? `${count} of ${formatCountOf(packetCount, 'packet')} match`
        : `${formatCountOf(this.pager.count, 'packet')}${recorded}`,
    );
  }

  private setState(patch: Partial<PacketsViewState>): void {
    this.state = { ...this.state, ...patch };
    this.onState(this.state);
    this.render(true);
  }

  private async showDetail(packet: PacketSummary): Promise<void> {
    const request = ++this.detailRequest;
    this.detail.loading(packet);
    try {
      const detail = await this.host.detail(packet.index);
      if (request === this.detailRequest) this.detail.show(detail);
    } catch (error) {
      if (request === this.detailRequest) this.detail.failed(packet, error);
    }
  }
}
