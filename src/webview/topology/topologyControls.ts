// Everything around the canvas: the toolbar (layout, search, filters, fit, export), the legend
// that is always visible, the switched-LAN note, the hover tooltip, the details pane and the
// node's context menu. All built through dom.ts and the toolkit wrapper, text only.
import type { TopologyLayoutKind, TopologyNode } from '../../shared/topology/topologyModel';
import { el, setText } from '../common/dom';
import { button, dropdown, textField } from '../common/toolkit';
import type { DropdownControl, TextFieldControl } from '../common/toolkit';
import type { Palette } from './themePalette';
import { OS_LEGEND, osColour } from './themePalette';
import type { TopologyFilters } from './topologyFilters';
import { TIME_WINDOWS } from './topologyFilters';

/** What the controls ask the view to do. */
export interface ControlEvents {
  layout(kind: TopologyLayoutKind): void;
  filters(patch: Partial<TopologyFilters>): void;
  /** Enter in the search box */
  findNext(): void;
  fit(): void;
  exportAs(format: 'svg' | 'png'): void;
}

/** One entry of a node's context menu. */
export interface MenuItem {
  label: string;
  run(): void;
}

const KIND_CHOICES: [string, TopologyNode['kind'] | ''][] = [
  ['all kinds', ''],
  ['hosts', 'host'],
  ['gateways', 'gateway'],
  ['routers', 'router'],
  ['switches', 'switch'],
  ['subnets', 'subnet'],
  ['domains', 'domain'],
];

const EVIDENCE_LEGEND: [string, string][] = [
  ['LLDP/CDP', 'lldp'],
  ['traffic', 'traffic'],
  ['traceroute', 'traceroute'],
  ['same subnet', 'same-subnet'],
];

/** The controls of one view. */
export class TopologyControls {
  readonly toolbar: HTMLElement;
  readonly legend: HTMLElement;
  readonly note: HTMLElement;
  readonly tooltip: HTMLElement;
  readonly details: HTMLElement;
  readonly menu: HTMLElement;
  readonly status: HTMLElement;
  private readonly search: TextFieldControl;
  private readonly subnet: DropdownControl;
  private readonly layoutChoice: DropdownControl;

  constructor(events: ControlEvents, layout: TopologyLayoutKind, filters: TopologyFilters) {
    this.layoutChoice = dropdown('Layout', (value) => events.layout(value === 'conversations' ? value : 'network'));
    this.layoutChoice.setChoices(
      [
        { value: 'network', label: 'Network' },
        { value: 'conversations', label: 'Conversations' },
      ],
      layout,
    );
    this.search = textField({
      placeholder: 'Search name, IP or MAC (/)',
      value: filters.search,
      onInput: (search) => events.filters({ search }),
      onEnter: () => events.findNext(),
    });
    this.search.element.classList.add('search');
    this.subnet = dropdown('Subnet', (subnet) => events.filters({ subnet }));
    this.subnet.setChoices([{ value: '', label: 'all subnets' }], filters.subnet);
    const kind = dropdown('Kind', (value) => events.filters({ kind: value }));
    kind.setChoices(
      KIND_CHOICES.map(([label, value]) => ({ value, label })),
      filters.kind,
    );
    const window = dropdown('Seen within', (value) => events.filters({ windowMs: Number(value) }));
    window.setChoices(
      TIME_WINDOWS.map(([label, ms]) => ({ value: String(ms), label })),
      String(filters.windowMs),
    );
    this.toolbar = el('div', {
      className: 'toolbar',
      attrs: { role: 'toolbar', 'aria-label': 'Topology' },
      children: [
        this.layoutChoice.element,
        this.search.element,
        this.subnet.element,
        kind.element,
        window.element,
        button('Fit', () => events.fit(), { title: 'Fit the map to the view (0)' }).element,
        button('SVG', () => events.exportAs('svg'), { title: 'Export the map as SVG' }).element,
        button('PNG', () => events.exportAs('png'), { title: 'Export the view as PNG' }).element,
      ],
    });
    this.legend = el('div', { className: 'legend', attrs: { role: 'note', 'aria-label': 'Legend' } });
    this.note = el('p', { className: 'switched-note', attrs: { role: 'status' } });
    this.note.hidden = true;
    this.tooltip = el('div', { className: 'tooltip', attrs: { role: 'tooltip' } });
    this.tooltip.hidden = true;
    this.details = el('aside', { className: 'details', attrs: { 'aria-label': 'Details', 'aria-live': 'polite' } });
    this.details.hidden = true;
    this.menu = el('div', { className: 'context-menu', attrs: { role: 'menu' } });
    this.menu.hidden = true;
    this.status = el('p', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
    document.addEventListener('pointerdown', (event) => {
      if (!this.menu.contains(event.target as Node)) this.menu.hidden = true;
    });
  }

  /** The subnets the filter offers. */
  setSubnets(subnets: string[], selected: string): void {
    this.subnet.setChoices(
      [{ value: '', label: 'all subnets' }, ...subnets.map((subnet) => ({ value: subnet, label: subnet }))],
      selected,
    );
  }

  setLayout(layout: TopologyLayoutKind): void {
    this.layoutChoice.setChoices(
      [
        { value: 'network', label: 'Network' },
        { value: 'conversations', label: 'Conversations' },
      ],
      layout,
    );
  }

  /** The legend for the palette in force; only the entries this layout uses. */
  drawLegend(palette: Palette, layout: TopologyLayoutKind): void {
    const swatch = (colour: string, className = 'swatch') => {
      const item = el('span', { className });
      item.style.setProperty('--swatch', colour);
      return item;
    };
    const row = (mark: HTMLElement, label: string) => el('li', { children: [mark, el('span', { text: label })] });
    const os = OS_LEGEND.map(([label, family]) => row(swatch(osColour(palette, family)), label));
    const evidence =
      layout === 'network'
        ? EVIDENCE_LEGEND.map(([label, kind]) => row(el('span', { className: `line line-${kind}` }), label))
        : [
            row(
              el('span', { className: 'line line-traffic' }),
              'width: bytes (log), colour: protocol, arrow: more bytes',
            ),
          ];
    this.legend.replaceChildren(
      el('ul', {
        children: [
          row(swatch(palette.focus), 'this machine'),
          ...os,
          ...evidence,
          row(el('span', { className: 'swatch dashed' }), 'seen only passively'),
          row(el('span', { className: 'swatch stale' }), 'not seen recently'),
        ],
      }),
    );
  }

  /** The switched-LAN note and the folded subnets, when they apply. */
  setNote(switchedLan: boolean, collapsed: string[]): void {
    const parts = [
      switchedLan
        ? 'This machine is on a switched LAN: a capture here sees only its own traffic and broadcasts, not traffic between other hosts.'
        : '',
      collapsed.length > 0 ? `Folded into one node each, as the map is large: ${collapsed.join(', ')}.` : '',
    ].filter(Boolean);
    setText(this.note, parts.join(' '));
    this.note.hidden = parts.length === 0;
  }

  showTooltip(lines: string[], x: number, y: number): void {
    this.tooltip.replaceChildren(...lines.map((line) => el('div', { text: line })));
    this.tooltip.style.left = `${Math.round(x + 14)}px`;
    this.tooltip.style.top = `${Math.round(y + 14)}px`;
    this.tooltip.hidden = false;
  }

  hideTooltip(): void {
    this.tooltip.hidden = true;
  }

  /** The details pane (Enter); undefined hides it. */
  showDetails(lines: string[] | undefined, actions: MenuItem[] = []): void {
    this.details.hidden = !lines;
    if (!lines) return;
    const buttons = actions.map((action) => button(action.label, () => action.run()).element);
    this.details.replaceChildren(
      el('h2', { text: lines[0] }),
      ...lines.slice(1).map((line) => el('p', { text: line })),
      el('div', { className: 'actions', children: buttons }),
    );
  }

  showMenu(items: MenuItem[], x: number, y: number): void {
    this.menu.replaceChildren(
      ...items.map((item) => {
        const entry = el('button', { className: 'menu-item', text: item.label, attrs: { role: 'menuitem' } });
        entry.addEventListener('click', () => {
          this.menu.hidden = true;
          item.run();
        });
        return entry;
      }),
    );
    this.menu.style.left = `${Math.round(x)}px`;
    this.menu.style.top = `${Math.round(y)}px`;
    this.menu.hidden = false;
    (this.menu.firstElementChild as HTMLElement | null)?.focus();
  }

  focusSearch(): void {
    this.search.element.focus();
  }

  notice(text: string, error = false): void {
    setText(this.status, text);
    this.status.classList.toggle('error', error);
  }
}
