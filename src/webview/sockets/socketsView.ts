// The sockets view: a summary line, the processes by traffic (bandwhich's table) and every
// connection, closed ones kept; in debug mode the session's part (socketsDebugPart.ts) above them.
// It folds ticks into the shared SocketsState and redraws at most once a frame.
import { formatByteRate, formatCount, formatCountOf } from '../../shared/format/displayFormat';
import { processLabel } from '../../shared/model/sockets';
import type { ProcessTraffic, SocketRow, SocketsTick } from '../../shared/model/sockets';
import { byTraffic } from '../../shared/sockets/socketColumns';
import type { SocketColumnContext } from '../../shared/sockets/socketColumns';
import { SocketsState } from '../../shared/sockets/socketsState';
import {
  DebugPcapExportRequest,
  SOCKETS_VIEW_PROTOCOL_VERSION,
  SocketsExportRequest,
  SocketsReadyRequest,
  SocketsResetNotification,
  SocketsSnapshotRequest,
  SocketsTickViewNotification,
} from '../../shared/socketsViewProtocol';
import type { SocketsViewState } from '../../shared/socketsViewProtocol';
import type { SavedFile } from '../../shared/webviewProtocol';
import type { WebviewEndpoint } from '../../shared/webviewTransport';
import { el, setText } from '../common/dom';
import { button } from '../common/toolkit';
import type { VirtualTable } from '../common/virtualTable';
import { connectionsTable, processLines, processTable, sortRows } from './socketTables';
import type { ProcessLine } from './socketTables';

/** A part of the view that follows the state (the debug session's part). */
export interface SocketsPart {
  element: HTMLElement;
  /** the whole view state arrived (ready, reset, snapshot) */
  reset(state: SocketsViewState): void;
  /** redraws from the model */
  render(model: SocketsState): void;
  /** a name for a connection's remote end (what a capture saw), if known */
  remoteName?(row: SocketRow): string | undefined;
  /** the row as shown: how it ended, when a capture knows better than its socket */
  shown?(row: SocketRow): SocketRow;
  /** set by the view: the part's own news (the session changed) asks for a redraw */
  onChanged?: () => void;
}

/** What the view shows; the debug panel adds its part. */
export class SocketsView {
  readonly model = new SocketsState();
  private readonly summary = el('div', { className: 'summary', attrs: { 'aria-live': 'polite' } });
  private readonly problem = el('div', { className: 'problem', attrs: { role: 'alert' } });
  /** where an export went, or why it failed */
  private readonly notice = el('p', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly exportPcap = button('Export pcap', () => void this.exportPackets(), {
    title: 'Save the packets of the session’s connections that the capture recorded, as a pcap',
  });
  private readonly connectionsHeading = el('h2', { text: 'Connections' });
  private readonly showAll = button('Show All Processes', () => this.processes.clearSelection(), {
    title: 'Show the connections of every process',
  });
  private readonly processes: VirtualTable<ProcessLine>;
  private readonly connections: VirtualTable<SocketRow>;
  private selectedPid: number | undefined;
  private sort: { id: string; descending: boolean } | undefined;
  private frame = 0;
  private asking = false;
  /** the number of ticks drawn, for tests */
  ticks = 0;

  constructor(
    root: HTMLElement,
    private readonly host: WebviewEndpoint,
    private readonly part?: SocketsPart,
  ) {
    this.processes = processTable((pid) => {
      this.selectedPid = pid;
      this.schedule();
    });
    this.connections = connectionsTable(
      () => this.columnContext(),
      (id) => {
        this.sort = { id, descending: this.sort?.id === id ? !this.sort.descending : true };
        this.connections.setSort(id, this.sort.descending);
        this.schedule();
      },
    );
    const exportJson = button('Export JSON', () => void this.export('json'), {
      title: 'Export the connections as JSON',
    });
    const exportCsv = button('Export CSV', () => void this.export('csv'), { title: 'Export the connections as CSV' });
    root.append(
      el('div', {
        className: 'toolbar',
        children: [this.summary, exportJson.element, exportCsv.element, this.exportPcap.element],
      }),
      this.notice,
      this.problem,
      ...(part ? [part.element] : []),
      el('h2', { text: 'Processes' }),
      this.processes.element,
      el('div', { className: 'heading', children: [this.connectionsHeading, this.showAll.element] }),
      this.connections.element,
    );
    if (part) part.onChanged = () => this.schedule();
    host.onNotification(SocketsTickViewNotification.type, (tick) => this.onTick(tick));
    host.onNotification(SocketsResetNotification.type, (state) => this.reset(state));
  }

  async start(): Promise<void> {
    this.reset(
      await this.host.sendRequest(SocketsReadyRequest.type, { protocolVersion: SOCKETS_VIEW_PROTOCOL_VERSION }),
    );
  }

  private reset(state: SocketsViewState): void {
    if (state.snapshot) this.model.reset(state.snapshot, state.series);
    else this.model.reset(emptyTick());
    this.exportPcap.element.hidden = state.mode !== 'debug';
    this.problem.hidden = !state.problem;
    setText(this.problem, state.problem ?? '');
    this.part?.reset(state);
    this.schedule();
  }

  private onTick(tick: SocketsTick): void {
    this.ticks += 1;
    if (this.model.apply(tick) === 'gap' && !this.asking) {
      this.asking = true;
      void this.host
        .sendRequest(SocketsSnapshotRequest.type, {})
        .then((state) => this.reset(state))
        .finally(() => (this.asking = false));
    }
    this.schedule();
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    await this.saved(this.host.sendRequest(SocketsExportRequest.type, { format }), 'connections');
  }

  private async exportPackets(): Promise<void> {
    await this.saved(this.host.sendRequest(DebugPcapExportRequest.type, {}), 'packets');
  }

  /** Says where an export went (nothing when the dialog was cancelled), or why it failed, as text. */
  private async saved(pending: Promise<SavedFile>, what: string): Promise<void> {
    this.notice.classList.remove('error');
    try {
      const saved = await pending;
      if (saved.path) setText(this.notice, `Saved ${formatCount(saved.count)} ${what} to ${saved.path}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const fix = (error as { fix?: unknown }).fix;
      setText(this.notice, typeof fix === 'string' ? `${message} ${fix}` : message);
      this.notice.classList.add('error');
    }
  }

  private columnContext(): SocketColumnContext {
    return {
      processName: (pid) => {
        const entry = this.model.process(pid);
        return entry ? processLabel(entry) : undefined;
      },
      now: Date.now(),
      remoteName: (row) => this.part?.remoteName?.(row),
    };
  }

  private schedule(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const { model } = this;
    const traffic = [...model.traffic].sort(byTraffic);
    const lines = processLines(model.processes.values(), model.traffic);
    this.processes.setRows({ count: lines.length, at: (index) => lines[index] });
    let rows = model.sortedRows();
    if (this.part?.shown) rows = rows.map((row) => this.part!.shown!(row));
    if (this.selectedPid !== undefined) rows = rows.filter((row) => row.pid === this.selectedPid);
    if (this.sort) rows = sortRows(rows, this.sort.id, this.sort.descending, this.columnContext());
    this.connections.setRows({ count: rows.length, at: (index) => rows[index] });
    setText(this.summary, summaryText(model, traffic));
    const selected = this.selectedPid === undefined ? undefined : this.columnContext().processName(this.selectedPid);
    setText(
      this.connectionsHeading,
      this.selectedPid === undefined ? 'Connections' : `Connections of ${selected ?? 'process'} (${this.selectedPid})`,
    );
    this.showAll.element.hidden = this.selectedPid === undefined;
    this.part?.render(model);
  }
}

function summaryText(model: SocketsState, traffic: ProcessTraffic[]): string {
  const last = model.series[model.series.length - 1];
  let open = 0;
  for (const row of model.rows.values()) if (row.closedAt === undefined) open += 1;
  const parts = [
    `↑ ${formatByteRate(last?.send ?? 0)}  ↓ ${formatByteRate(last?.receive ?? 0)}`,
    formatCountOf(traffic.length, 'process', 'processes'),
    `${formatCountOf(open, 'open connection')}, ${formatCountOf(model.rows.size - open, 'closed', 'closed')}`,
    model.source === 'proc' ? 'from /proc/net: no byte counts on this system' : 'from the kernel’s socket table',
  ];
  if (model.unattributedCloses > 0)
    parts.push(
      `${formatCountOf(model.unattributedCloses, 'short connection')} on this machine closed before its process was seen`,
    );
  return parts.join(' · ');
}

function emptyTick(): SocketsTick {
  return {
    watchId: '',
    tick: -1,
    time: Date.now(),
    source: 'sock_diag',
    processes: [],
    traffic: [],
    sockets: [],
    unattributedCloses: 0,
    lostCloseEvents: false,
  };
}
