// The debug session's part of the sockets view: which session, how its processes were found and
// which attribution mode that gives, the rate chart with its pauses, and the errors (refused,
// timed-out and reset connections) with where they went.
import { formatClock, formatEndpoint } from '../../shared/format/displayFormat';
import { processLabel } from '../../shared/model/sockets';
import type { SocketRow } from '../../shared/model/sockets';
import type { SocketsState } from '../../shared/sockets/socketsState';
import { DebugSessionNotification } from '../../shared/socketsViewProtocol';
import type { AttributionMode, DebugSessionView, SocketsViewState } from '../../shared/socketsViewProtocol';
import type { WebviewEndpoint } from '../../shared/webviewTransport';
import { el, setClass, setText } from '../common/dom';
import { RateChart } from './rateChart';
import type { SocketsPart } from './socketsView';

/** The modes as the panel names them. */
const MODE_LABELS: Record<AttributionMode, string> = {
  exact: 'Exact',
  'by-socket': 'By socket',
  'sockets-only': 'Sockets only',
  unscoped: 'Unscoped',
};

/** The debug session's part; hidden in Show Process Traffic. */
export class SocketsDebugPart implements SocketsPart {
  readonly element: HTMLElement;
  private readonly title = el('h2', { className: 'session-title' });
  private readonly mode = el('span', { className: 'mode-badge' });
  private readonly note = el('span', { className: 'mode-note' });
  private readonly roots = el('div', { className: 'roots' });
  private readonly chart = new RateChart();
  private readonly errors = el('ul', { className: 'errors', attrs: { 'aria-label': 'Errors' } });
  private readonly errorsHeading = el('h2', { text: 'Errors' });
  private readonly lists = {
    dns: capturedList('DNS', 'Names DNS answered for the hosts it contacted'),
    tls: capturedList('TLS', 'TLS handshakes: the server name each asked for (SNI)'),
    http: capturedList('HTTP', 'HTTP/1.x requests and statuses'),
  };
  private readonly captured = el('div', {
    className: 'captured',
    children: [this.lists.dns.element, this.lists.tls.element, this.lists.http.element],
  });
  /** what the capture saw on each connection, by row id */
  private flows = new Map<string, { serverName?: string; reset: boolean }>();
  private namesByAddress = new Map<string, string>();
  private session: DebugSessionView | undefined;
  onChanged?: () => void;

  constructor(host: WebviewEndpoint) {
    this.element = el('section', {
      className: 'debug-part',
      attrs: { 'aria-label': 'Debug session' },
      children: [
        this.title,
        el('div', { className: 'mode', children: [this.mode, this.note] }),
        this.roots,
        this.chart.element,
        this.errorsHeading,
        this.errors,
        this.captured,
      ],
    });
    this.element.hidden = true;
    host.onNotification(DebugSessionNotification.type, (view) => {
      this.setSession(view);
      this.onChanged?.();
    });
  }

  reset(state: SocketsViewState): void {
    this.element.hidden = state.mode !== 'debug';
    this.setSession(state.debug);
  }

  remoteName(row: SocketRow): string | undefined {
    return this.flows.get(row.id)?.serverName ?? this.namesByAddress.get(row.remoteAddress);
  }

  shown(row: SocketRow): SocketRow {
    // A reset that ended an established connection; a connect answered by a reset stays refused.
    return row.closedAt !== undefined && row.outcome === 'closed' && this.flows.get(row.id)?.reset
      ? { ...row, outcome: 'reset' }
      : row;
  }

  private setSession(view: DebugSessionView | undefined): void {
    this.session = view;
    const captured = view?.captured;
    this.flows = new Map((captured?.flows ?? []).map((flow) => [flow.id, flow]));
    this.namesByAddress = new Map((captured?.names ?? []).map((entry) => [entry.address, entry.name]));
  }

  render(model: SocketsState): void {
    if (this.element.hidden) return;
    const session = this.session;
    setText(
      this.title,
      session ? `${session.name} (${session.type})${session.ended ? ' — ended' : ''}` : 'No debug session',
    );
    setText(this.mode, session ? MODE_LABELS[session.attribution] : '');
    setClass(this.mode, 'unscoped', session?.attribution === 'unscoped');
    setText(this.note, session?.attributionNote ?? '');
    const roots = (session?.roots ?? []).map(({ pid, how }) => {
      const entry = model.process(pid);
      return `${entry ? processLabel(entry) : 'process'} ${pid} (${how})`;
    });
    setText(this.roots, roots.length ? `Debuggee: ${roots.join(', ')}` : '');
    this.chart.draw(model.series, session?.pauses ?? [], model.series[model.series.length - 1]?.time ?? Date.now());
    this.renderErrors(model);
    this.renderCaptured(model);
  }

  private renderCaptured(model: SocketsState): void {
    const captured = this.session?.captured;
    this.captured.hidden = !captured;
    if (!captured) return;
    const who = (pid: number | undefined) => {
      const entry = pid === undefined ? undefined : model.process(pid);
      return entry ? `${processLabel(entry)} ${pid}` : 'unknown process';
    };
    this.lists.dns.set(captured.names.map((entry) => `${entry.name} → ${entry.address}`));
    this.lists.tls.set(
      captured.tls.map((line) => `${formatClock(line.time)}  ${line.serverName} at ${line.remote} (${who(line.pid)})`),
    );
    this.lists.http.set(
      captured.http.map((line) => `${formatClock(line.time)}  ${line.line}  ${line.remote} (${who(line.pid)})`),
    );
  }

  private renderErrors(model: SocketsState): void {
    const failed = [...model.rows.values()]
      .map((row) => this.shown(row))
      .filter((row) => row.outcome && row.outcome !== 'closed')
      .sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
    const lines = failed.map((row) => {
      const entry = row.pid === undefined ? undefined : model.process(row.pid);
      const who = entry ? `${processLabel(entry)} ${row.pid}` : 'unknown process';
      return `${formatClock(row.closedAt ?? row.firstSeen)}  ${row.outcome}: ${formatEndpoint(row.remoteAddress, row.remotePort)} (${who})`;
    });
    if (model.unattributedCloses > 0)
      lines.push(
        `${model.unattributedCloses} connection(s) on this machine opened and closed between two looks: their process is not known (capture tells refusals apart)`,
      );
    setText(this.errorsHeading, `Errors (${failed.length})`);
    setLines(this.errors, lines);
  }
}

/** Replaces a list's items with `lines`, as text, reusing the elements there. */
function setLines(list: HTMLElement, lines: readonly string[]): void {
  const items = [...list.children];
  lines.forEach((text, index) => setText(items[index] ?? list.appendChild(el('li')), text));
  for (const item of items.slice(lines.length)) item.remove();
}

/** A titled list of what the capture saw, with its count in the heading. */
function capturedList(title: string, label: string): { element: HTMLElement; set(lines: string[]): void } {
  const heading = el('h3', { text: title, title: label });
  const list = el('ul', { className: 'captured-list', attrs: { 'aria-label': label } });
  return {
    element: el('section', { className: `captured-${title.toLowerCase()}`, children: [heading, list] }),
    set(lines) {
      setText(heading, `${title} (${lines.length})`);
      setLines(list, lines);
    },
  };
}
