// The traffic dashboard: asks the host for its state, applies one tick a second, and redraws what
// changed once per animation frame (only the tab in view). Used by the live panel and the
// .pcap/.pcapng editor alike; the state says which.
import type {
  DashboardState,
  ExportFormat,
  ExportTable,
  SavedFile,
  TrafficViewPersistedState,
  WebviewRequestType,
} from '../../shared/webviewProtocol';
import {
  DevicesNotification,
  ExportRequest,
  PacketDetailRequest,
  PacketPageRequest,
  ReadyRequest,
  ResetNotification,
  SaveCaptureRequest,
  SnapshotRequest,
  StartCaptureRequest,
  StatusNotification,
  StopCaptureRequest,
  TickNotification,
  WEBVIEW_PROTOCOL_VERSION,
} from '../../shared/webviewProtocol';
import type { WebviewEndpoint } from '../../shared/webviewTransport';
import { formatCount, formatCountOf } from '../../shared/format/displayFormat';
import { el, setText } from '../common/dom';
import { button, dropdown, progressRing, tabs } from '../common/toolkit';
import type { TabsControl } from '../common/toolkit';
import type { PersistedState } from '../common/vscodeApi';
import { CaptureControls } from './captureControls';
import type { View } from './dashboardView';
import type { ViewId, ViewStates } from './dashboardViews';
import { createViews, dashboardViews, tabLabel, viewIds } from './dashboardViews';
import { TrafficModel } from './trafficModel';
import type { UiState } from './uiState';
import type { RenderedDetail } from './renderedEvent';
import { renderedEvent } from './renderedEvent';

/** How often the dashboard asks how far a file being read has got. */
const READING_POLL_MS = 500;

/** The tables "Export" offers, with their labels (a table missing here is a compile error). */
const exportTables: { [K in ExportTable]: string } = { flows: 'Conversations', hosts: 'Hosts', packets: 'Packets' };
const isExportTable = (value: string): value is ExportTable => Object.hasOwn(exportTables, value);

/** The export controls: which table, then CSV or JSON. */
function exportControls(run: (table: ExportTable, format: ExportFormat) => void): HTMLElement {
  let table: ExportTable = 'flows';
  const choice = dropdown('Table to export', (value) => {
    if (isExportTable(value)) table = value;
  });
  choice.setChoices(
    Object.entries(exportTables).map(([value, label]) => ({ value, label })),
    table,
  );
  return el('div', {
    className: 'export-controls',
    attrs: { role: 'group', 'aria-label': 'Export' },
    children: [
      el('span', { className: 'control-label', text: 'Export' }),
      choice.element,
      button('CSV', () => run(table, 'csv'), { title: 'Export the table as CSV' }).element,
      button('JSON', () => run(table, 'json'), { title: 'Export the table as JSON' }).element,
    ],
  });
}

export class Dashboard {
  private readonly model = new TrafficModel();
  private readonly capture: CaptureControls;
  private readonly views: { [K in ViewId]: View };
  private readonly tabs: TabsControl<ViewId>;
  private readonly status: HTMLElement;
  private readonly spinner: HTMLElement;
  private readonly fileHeading: HTMLElement;
  /** where a damaged file stops being readable, said where the user looks */
  private readonly fileProblem: HTMLElement;
  /** hidden while a file is read: there are no tables to export yet */
  private readonly exports: HTMLElement;
  /** "Reading… N packets so far" while a file is read */
  private readonly readingStatus: HTMLElement;
  private readonly readingText: HTMLElement;
  /** the loop that asks how far a file being read has got runs (one at a time) */
  private watchingRead = false;
  private frame = 0;
  private applyMs = 0;
  private forceNext = true;

  constructor(
    root: HTMLElement,
    private readonly host: WebviewEndpoint,
    private readonly persisted: PersistedState<TrafficViewPersistedState & { ui: UiState }>,
  ) {
    const ui = persisted.get().ui;
    const saveUi = (patch: Partial<UiState>) => this.persisted.update({ ui: { ...this.persisted.get().ui, ...patch } });
    this.capture = new CaptureControls(
      {
        start: (iface, filter) =>
          void this.run(StartCaptureRequest.type, { interface: iface, filter }, 'Starting the capture…'),
        stop: () => void this.run(StopCaptureRequest.type, {}, 'Stopping…'),
        save: () => void this.save(this.run(SaveCaptureRequest.type, {}, 'Saving…'), 'packets'),
        remember: (iface, filter) => saveUi({ capture: { iface, filter } }),
      },
      ui.capture,
    );
    const saveView = <K extends ViewId>(id: K, state: ViewStates[K]) => saveUi({ [id]: state });
    this.views = createViews(
      {
        model: this.model,
        host: {
          page: (params) => host.sendRequest(PacketPageRequest.type, params),
          detail: (index) => host.sendRequest(PacketDetailRequest.type, { index }),
          reportError: (error) => this.notice(error),
        },
      },
      ui,
      saveView,
    );
    this.tabs = tabs(
      viewIds.map((id) => ({ id, label: dashboardViews[id].title, content: this.views[id].element })),
      ui.tab,
      (tab) => {
        saveUi({ tab });
        this.forceNext = true;
        this.schedule();
      },
    );
    this.status = el('p', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.spinner = progressRing('Working');
    this.spinner.hidden = true;
    this.fileHeading = el('h1', { className: 'file-heading' });
    this.fileProblem = el('p', { className: 'file-problem', attrs: { role: 'alert' } });
    this.fileProblem.hidden = true;
    this.readingText = el('span');
    this.readingStatus = el('p', {
      className: 'file-reading',
      attrs: { role: 'status', 'aria-live': 'polite' },
      children: [progressRing('Reading the file'), this.readingText],
    });
    this.readingStatus.hidden = true;
    this.exports = exportControls(
      (table, format) => void this.save(this.run(ExportRequest.type, { table, format }, 'Exporting…'), table),
    );
    root.replaceChildren(
      el('header', {
        className: 'dashboard-header',
        children: [
          this.fileHeading,
          this.fileProblem,
          this.readingStatus,
          this.capture.element,
          this.exports,
          this.spinner,
          this.status,
        ],
      }),
      this.tabs.element,
    );
    window.addEventListener('beforeunload', () => this.persisted.flush());
  }

  /** Handshake, then listen. */
  async start(): Promise<void> {
    this.host.onNotification(TickNotification.type, (tick) => {
      const started = performance.now();
      const outcome = this.model.applyTick(tick);
      this.applyMs += performance.now() - started;
      if (outcome === 'gap') void this.resync();
      else if (outcome === 'applied') this.schedule();
    });
    this.host.onNotification(ResetNotification.type, (state) => this.reset(state));
    this.host.onNotification(DevicesNotification.type, ({ devices }) => {
      this.model.setDevices(devices);
      this.schedule();
    });
    this.host.onNotification(StatusNotification.type, ({ captureStatus, interfaces, activeInterface }) => {
      this.model.setStatus(captureStatus, interfaces, activeInterface);
      this.schedule();
    });
    try {
      const state = await this.host.sendRequest(ReadyRequest.type, {
        protocolVersion: WEBVIEW_PROTOCOL_VERSION,
        restoredCaptureId: this.persisted.get().captureId,
      });
      this.reset(state);
    } catch (error) {
      this.notice(error);
    }
  }

  private reset(state: DashboardState): void {
    const shown = this.model.captureId;
    const wasReading = this.model.reading !== undefined;
    this.model.reset(state);
    // The same capture again (stopped, resynced), or the statistics of the file being read, keep the
    // views' choices: the chosen packet stays shown.
    const same = (shown && this.model.captureId === shown) || wasReading;
    if (!same) for (const id of viewIds) this.views[id].clear?.();
    this.persisted.update({ captureId: this.model.captureId || undefined });
    if (state.reading) {
      // Until the statistics come, the packets read so far are what there is to see.
      if (!wasReading) this.tabs.show('packets');
      void this.watchReading();
    }
    this.forceNext = true;
    this.schedule();
  }

  /** While a file is read: how many packets so far, twice a second, until its statistics come. */
  private async watchReading(): Promise<void> {
    if (this.watchingRead) return;
    this.watchingRead = true;
    try {
      while (this.model.reading) {
        const page = await this.host.sendRequest(PacketPageRequest.type, { from: 1, count: 1, filter: '' });
        if (!this.model.reading) break;
        this.model.packetCount = page.total;
        // Times are shown from the first packet's, as once the statistics come.
        this.model.firstPacketTime ||= page.packets[0]?.time ?? 0;
        this.model.versions.status++;
        this.schedule();
        // Read whole: the statistics are on their way as a reset; ask for them should it be lost.
        if (!page.reading) await this.resync();
        await new Promise((resolve) => setTimeout(resolve, READING_POLL_MS));
      }
    } catch (error) {
      this.notice(error);
    } finally {
      this.watchingRead = false;
    }
  }

  private async resync(): Promise<void> {
    try {
      this.reset(await this.host.sendRequest(SnapshotRequest.type, {}));
    } catch (error) {
      this.notice(error);
    }
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const started = performance.now();
    const force = this.forceNext;
    this.forceNext = false;
    const file = this.model.mode === 'file';
    this.capture.element.hidden = file;
    this.fileHeading.hidden = !file;
    const source = this.model.source;
    if (file && source?.kind === 'file') setText(this.fileHeading, source.path);
    const reading = file ? this.model.reading : undefined;
    this.readingStatus.hidden = !reading;
    this.exports.hidden = reading !== undefined;
    if (reading) {
      setText(this.fileHeading, reading.path);
      const read = formatCountOf(this.model.packetCount, 'packet');
      setText(this.readingText, `Reading… ${read} so far. The statistics follow when the whole file is read.`);
    }
    const problem = file && source?.kind === 'file' ? source.problem : undefined;
    this.fileProblem.hidden = !problem;
    if (problem) {
      const before = formatCountOf(this.model.counters.packets, 'packet');
      setText(
        this.fileProblem,
        `The file is damaged at byte ${formatCount(problem.offset)}: ${problem.message}. Shown: the ${before} before it.`,
      );
    }
    if (!file) this.capture.update(this.model);
    for (const id of viewIds) this.setTabLabel(id, tabLabel(id, this.model));
    const tab = this.tabs.active();
    this.views[tab].render(force);
    // Reading layout here makes the browser do the style and layout this redraw caused, so the
    // figure reported covers them.
    void document.body.offsetHeight;
    const detail: RenderedDetail = { applyMs: this.applyMs, renderMs: performance.now() - started, tab };
    this.applyMs = 0;
    document.dispatchEvent(new CustomEvent<RenderedDetail>(renderedEvent, { detail }));
  }

  private setTabLabel(id: ViewId, text: string): void {
    const tab = this.tabs.element.querySelector(`#tab-${id}`);
    if (tab) setText(tab, text);
  }

  /** Runs a request with the spinner shown; failures are shown as notices. */
  private async run<P, R>(type: WebviewRequestType<P, R>, params: P, busy: string): Promise<R | undefined> {
    this.spinner.hidden = false;
    this.capture.setBusy(true, this.model);
    setText(this.status, busy);
    try {
      const result = await this.host.sendRequest(type, params);
      setText(this.status, '');
      return result;
    } catch (error) {
      this.notice(error);
      return undefined;
    } finally {
      this.spinner.hidden = true;
      this.capture.setBusy(false, this.model);
    }
  }

  private async save(pending: Promise<SavedFile | undefined>, what: string): Promise<void> {
    const saved = await pending;
    if (saved?.path) setText(this.status, `Saved ${formatCount(saved.count)} ${what} to ${saved.path}`);
  }

  /** Shows an error (with its fix) as text. */
  private notice(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const fix = (error as { fix?: unknown } | undefined)?.fix;
    setText(this.status, typeof fix === 'string' ? `${message} ${fix}` : message);
    this.status.classList.add('error');
    setTimeout(() => this.status.classList.remove('error'), 10_000);
  }
}
