// The "Show History" page: which period (day, week or month; earlier, later, now), which
// interface, and the four sections: bandwidth per period, the period's top hosts and protocols,
// when each device was present, and what changed. It asks the host for a period and draws what
// comes back; the period it shows is persisted, so a reload comes back to it.
import { el, setText } from '../common/dom';
import type { PersistedState } from '../common/vscodeApi';
import { button, dropdown } from '../common/toolkit';
import type { ButtonControl } from '../common/toolkit';
import { BandwidthBars } from './bandwidthBars';
import { ChangeList } from './changeList';
import { exposeForTests } from './historyTestHook';
import type { HistoryPersisted } from './historyPersisted';
import { PresenceTimeline } from './presenceTimeline';
import { TopLists } from './topLists';
import { formatByteRate, formatBytes } from '../../shared/format/displayFormat';
import { deviceLabel } from '../../shared/history/historyText';
import { formatPeriod, nextPeriod, periodStart } from '../../shared/history/periods';
import { periodTotals } from '../../shared/history/historyCharts';
import type { HistoryViewState } from '../../shared/historyViewProtocol';
import {
  HISTORY_VIEW_PROTOCOL_VERSION,
  HistoryViewChangedNotification,
  HistoryViewLoadRequest,
  HistoryViewReadyRequest,
} from '../../shared/historyViewProtocol';
import type { HistoryUnit, HistoryView } from '../../shared/model/history';
import type { WebviewEndpoint } from '../../shared/webviewTransport';

const UNITS: { unit: HistoryUnit; label: string }[] = [
  { unit: 'day', label: 'Day' },
  { unit: 'week', label: 'Week' },
  { unit: 'month', label: 'Month' },
];

/** The page. */
export class HistoryPage {
  private readonly bandwidth = new BandwidthBars((start) => void this.load({ at: start }));
  private readonly top = new TopLists();
  private readonly presence = new PresenceTimeline();
  private readonly changes = new ChangeList();
  private readonly unitButtons: Map<HistoryUnit, ButtonControl>;
  private readonly later: ButtonControl;
  private readonly interfaces = dropdown('Interface', (iface) => this.chooseInterface(iface));
  private readonly period = el('h2', { className: 'period' });
  private readonly summary = el('p', { className: 'summary' });
  private readonly status = el('p', { className: 'status' });
  private readonly sections: HTMLElement;
  private state: HistoryViewState | undefined;

  constructor(
    root: HTMLElement,
    private readonly host: WebviewEndpoint,
    private readonly persisted: PersistedState<HistoryPersisted>,
  ) {
    this.unitButtons = new Map(
      UNITS.map(({ unit, label }) => [unit, button(label, () => void this.load({ unit, at: undefined }))]),
    );
    const earlier = button('‹ Earlier', () => void this.step(-1), { title: 'The period before' });
    this.later = button('Later ›', () => void this.step(1), { title: 'The period after' });
    const now = button('Now', () => void this.load({ at: undefined }), { title: 'The current period' });
    const controls = el('div', {
      className: 'controls',
      children: [
        ...[...this.unitButtons.values()].map((control) => control.element),
        earlier.element,
        this.later.element,
        now.element,
        this.interfaces.element,
      ],
    });
    const section = (title: string, body: HTMLElement) =>
      el('section', { children: [el('h3', { text: title }), body] });
    this.sections = el('div', {
      className: 'sections',
      children: [
        section('Bandwidth', el('div', { children: [this.bandwidth.element, this.summary] })),
        el('section', { children: [this.top.element] }),
        section('Presence', this.presence.element),
        section('What changed', this.changes.element),
      ],
    });
    root.append(
      el('header', { children: [el('h1', { text: 'History' }), controls, this.period, this.status] }),
      this.sections,
    );
    exposeForTests(() => this.state);
  }

  /** Asks for the persisted period and draws it; reloads when the history changes. */
  async start(): Promise<void> {
    const { unit, at } = this.persisted.get();
    this.host.onNotification(HistoryViewChangedNotification.type, () => void this.load({}));
    this.draw(
      await this.host.sendRequest(HistoryViewReadyRequest.type, {
        protocolVersion: HISTORY_VIEW_PROTOCOL_VERSION,
        unit,
        at,
      }),
    );
  }

  /** Shows another period (or unit); the rest of the persisted state stays. */
  private async load(change: { unit?: HistoryUnit; at?: number }): Promise<void> {
    this.persisted.update(change);
    const { unit, at } = this.persisted.get();
    this.draw(await this.host.sendRequest(HistoryViewLoadRequest.type, { unit, at }));
  }

  private step(direction: -1 | 1): Promise<void> {
    const view = this.state?.view;
    if (!view) return Promise.resolve();
    const at = direction < 0 ? periodStart(view.selected - 1, view.unit) : nextPeriod(view.selected, view.unit);
    return this.load({ at: at > view.now ? undefined : at });
  }

  private chooseInterface(iface: string): void {
    this.persisted.update({ iface });
    if (this.state?.view) this.draw(this.state);
  }

  private draw(state: HistoryViewState): void {
    this.state = state;
    const { view, status } = state;
    this.sections.hidden = view === undefined;
    if (status.state === 'problem') setText(this.status, `History is off: ${status.message}`);
    else if (status.state === 'open') setText(this.status, `${status.path} · ${formatBytes(status.sizeBytes)}`);
    else setText(this.status, 'The history opens with the LAN Lens helper.');
    this.status.classList.toggle('problem', status.state === 'problem');
    if (!view) return;
    for (const [unit, control] of this.unitButtons)
      control.element.setAttribute('appearance', unit === view.unit ? 'primary' : 'secondary');
    this.later.setDisabled(nextPeriod(view.selected, view.unit) > view.now);
    const iface = this.persisted.get().iface;
    const chosen = view.interfaces.includes(iface) ? iface : '';
    this.interfaces.setChoices(
      [{ value: '', label: 'All interfaces' }, ...view.interfaces.map((name) => ({ value: name, label: name }))],
      chosen,
    );
    setText(this.period, formatPeriod(view.selected, view.unit));
    this.bandwidth.update(view, chosen || undefined);
    setText(this.summary, periodSummary(view, chosen || undefined));
    this.top.update(view.top, hostNames(view));
    this.presence.update(view);
    this.changes.update(view.changes);
  }
}

/** The chosen period's totals and its busiest minute. */
function periodSummary(view: HistoryView, iface: string | undefined): string {
  const total = periodTotals(view.bandwidth, iface).get(view.selected) ?? { rx: 0, tx: 0 };
  const rows = view.bandwidth.filter(
    (row) => row.start === view.selected && (iface === undefined || row.interface === iface),
  );
  const peakRx = Math.max(0, ...rows.map((row) => row.peakRx));
  const peakTx = Math.max(0, ...rows.map((row) => row.peakTx));
  return `${formatPeriod(view.selected, view.unit)}: received ${formatBytes(total.rx)}, sent ${formatBytes(total.tx)}; busiest minute ${formatByteRate(peakRx / 60)} down, ${formatByteRate(peakTx / 60)} up`;
}

/** Names of the hosts the history knows, by address. */
function hostNames(view: HistoryView): Map<string, string> {
  const names = new Map<string, string>();
  for (const device of view.devices) for (const ip of device.ips) if (device.name) names.set(ip, deviceLabel(device));
  return names;
}
