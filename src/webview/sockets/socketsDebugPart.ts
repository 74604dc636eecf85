// The debug session's part of the sockets view: which session, how its processes were found and
// which attribution mode that gives, the rate chart with its pauses, and the errors (refused,
// timed-out and reset connections) with where they went.
import { formatClock, formatEndpoint } from '../../shared/format/displayFormat';
import { processLabel } from '../../shared/model/sockets';
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
  private session: DebugSessionView | undefined;
  private model: SocketsState | undefined;

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
      ],
    });
    this.element.hidden = true;
    host.onNotification(DebugSessionNotification.type, (view) => {
      this.session = view;
      if (this.model) this.render(this.model);
    });
  }

  reset(state: SocketsViewState): void {
    this.element.hidden = state.mode !== 'debug';
    this.session = state.debug;
  }

  render(model: SocketsState): void {
    this.model = model;
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
  }

  private renderErrors(model: SocketsState): void {
    const failed = [...model.rows.values()]
      .filter((row) => row.outcome && row.outcome !== 'closed')
      .sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
    const lines = failed.map((row) => {
      const entry = row.pid === undefined ? undefined : model.process(row.pid);
      const who = entry ? `${processLabel(entry)} ${row.pid}` : 'unknown process';
      return `${formatClock(row.closedAt ?? row.firstSeen)}  ${row.outcome}: ${formatEndpoint(row.remoteAddress, row.remotePort)} (${who})`;
    });
    if (model.unattributedCloses > 0)
      lines.push(
        `${model.unattributedCloses} connection(s) of your user opened and closed between two readings: their process is not known (capture tells refusals apart)`,
      );
    setText(this.errorsHeading, `Errors (${failed.length})`);
    const items = [...this.errors.children];
    lines.forEach((text, index) => {
      const item = items[index] ?? this.errors.appendChild(el('li'));
      setText(item, text);
    });
    for (const item of items.slice(lines.length)) item.remove();
  }
}
