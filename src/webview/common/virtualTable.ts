// A table that keeps only the rows in view in the DOM (plus a few either side), reusing the same
// row elements as it scrolls and as data changes once a second. A real <table> with column
// headers, sortable by button, keyboard navigable (arrows, Page Up/Down, Home/End, Enter).
// Cells are set as text only.
import { el, setClass, setText, setTitle } from './dom';
import type { RowSource } from './virtualWindow';
import { scrollTopToShow, visibleWindow } from './virtualWindow';

export type { RowSource } from './virtualWindow';

/** One column: how to show a row in it. */
export interface Column<T> {
  id: string;
  label: string;
  /** px; for a column that grows, the least it gets */
  width: number;
  /** a share of the width the columns leave unused (names and addresses take it; figures do not) */
  grow?: number;
  /** right-aligned, tabular figures */
  numeric?: boolean;
  sortable?: boolean;
  text(row: T): string;
  /** tooltip of the cell (text); by default the cell's text when it may be cut off */
  title?(row: T): string;
  /** in a tree table, this column's cells are indented by the row's depth */
  indent?: boolean;
}

export interface VirtualTableOptions<T> {
  label: string;
  columns: Column<T>[];
  /** px, fixed for every row */
  rowHeight: number;
  key(row: T): string;
  /** extra class names for a row (space-separated), e.g. for marking states */
  rowClass?(row: T): string;
  onSort?(columnId: string): void;
  /** rows form a tree (a treegrid for assistive technology): each row's depth, 1 for a root */
  level?(row: T): number;
  /** a row was chosen (click, Enter) */
  onActivate?(row: T, index: number): void;
  /** the selection moved (arrows, click) */
  onSelect?(row: T | undefined, index: number): void;
}

interface PooledRow {
  tr: HTMLTableRowElement;
  cells: HTMLTableCellElement[];
  className: string;
}

let tableCount = 0;
/** px: an indented cell's padding at the top level, and what each level deeper adds */
const INDENT_BASE_PX = 8;
const INDENT_STEP_PX = 16;

export class VirtualTable<T> {
  readonly element: HTMLDivElement;
  private readonly table: HTMLTableElement;
  private readonly thead: HTMLTableSectionElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly padTop: HTMLTableRowElement;
  private readonly padBottom: HTMLTableRowElement;
  private readonly headers: HTMLTableCellElement[];
  private readonly cols: HTMLTableColElement[];
  /** px: the columns' widths added up */
  private readonly least: number;
  private readonly pool: PooledRow[] = [];
  private readonly id = `vt${++tableCount}`;
  /** which source row each pooled <tr> shows now */
  private readonly rowIndex = new WeakMap<Element, number>();
  private source: RowSource<T> = { count: 0, at: () => undefined };
  private selected = -1;
  private selectedKey: string | undefined;
  private frame = 0;
  private atEnd = true;
  // Geometry is cached from scroll events and a ResizeObserver, so rendering never reads layout
  // (a read after other views' writes would force a synchronous layout every tick).
  private scrollTop = 0;
  private clientHeight = 0;
  /** the width last given to growing columns */
  private spare = -1;
  private headerHeight = 0;
  private scrollHeight = 0;
  /** rows rendered by the last render, for tests and the benchmark */
  renderedRows = 0;
  /** keep showing the last row while rows are appended, when the view is already at the end */
  followEnd = false;

  constructor(private readonly options: VirtualTableOptions<T>) {
    this.headers = options.columns.map((column) => this.header(column));
    this.padTop = el('tr', { className: 'vt-pad', attrs: { 'aria-hidden': 'true' } });
    this.padBottom = el('tr', { className: 'vt-pad', attrs: { 'aria-hidden': 'true' } });
    this.thead = el('thead', { children: [el('tr', { children: this.headers })] });
    this.tbody = el('tbody', { children: [this.padTop, this.padBottom] });
    this.cols = options.columns.map((column) => {
      const col = el('col');
      col.style.width = `${column.width}px`;
      return col;
    });
    const cols = el('colgroup', { children: this.cols });
    // The columns' widths are the table's least width: narrower panels scroll sideways.
    this.least = options.columns.reduce((sum, column) => sum + column.width, 0);
    this.table = el('table', {
      className: 'vt-table',
      attrs: { 'aria-label': options.label, 'aria-rowcount': '1', ...(options.level ? { role: 'treegrid' } : {}) },
      children: [cols, this.thead, this.tbody],
    });
    this.table.style.minWidth = `${this.least}px`;
    this.element = el('div', {
      className: 'vt',
      attrs: { tabindex: '0', role: 'region', 'aria-label': options.label },
      children: [this.table],
    });
    this.element.addEventListener(
      'scroll',
      () => {
        this.scrollTop = this.element.scrollTop;
        this.schedule();
      },
      { passive: true },
    );
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.tbody.addEventListener('click', (event) => this.onClick(event));
    // A click focuses the table without the browser scrolling it (or the page) to "show" it: a
    // table wider than the view was scrolled sideways, hiding the No. column.
    this.tbody.addEventListener('mousedown', (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      this.element.focus({ preventScroll: true });
    });
    const resize = new ResizeObserver(() => {
      this.fitColumns();
      this.clientHeight = this.element.clientHeight;
      this.headerHeight = this.thead.offsetHeight;
      // Scrolls asked for while hidden (a tab not shown) did not happen: start from where it is.
      this.scrollTop = this.element.scrollTop;
      if (this.followEnd && this.atEnd && this.clientHeight > 0) this.scrollTo(Number.MAX_SAFE_INTEGER);
      this.render();
    });
    resize.observe(this.element);
    resize.observe(this.thead);
  }

  /**
   * Gives the width the columns leave unused to the columns that grow, by their shares; without
   * such columns the browser spreads it over every column.
   */
  private fitColumns(): void {
    const { columns } = this.options;
    const shares = columns.reduce((sum, column) => sum + (column.grow ?? 0), 0);
    if (!shares) return;
    const spare = Math.max(0, this.element.clientWidth - this.least);
    if (spare === this.spare) return;
    this.spare = spare;
    this.cols.forEach((col, index) => {
      const column = columns[index]!;
      col.style.width = `${Math.floor(column.width + (spare * (column.grow ?? 0)) / shares)}px`;
    });
  }

  /** Replaces the rows; the visible ones are redrawn now (the caller batches per tick). */
  setRows(source: RowSource<T>): void {
    const wasAtEnd = this.isAtEnd();
    this.source = source;
    this.table.setAttribute('aria-rowcount', String(source.count + 1));
    if (this.selectedKey !== undefined) this.selected = this.findKey(this.selectedKey);
    this.render();
    if (this.followEnd && wasAtEnd && source.count > 0) {
      this.scrollTo(this.scrollHeight);
      this.render();
    }
  }

  /** Shows the sort arrow on `columnId`. */
  setSort(columnId: string, descending: boolean): void {
    this.options.columns.forEach((column, i) => {
      const th = this.headers[i];
      if (!th) return;
      const sort = column.id === columnId ? (descending ? 'descending' : 'ascending') : 'none';
      if (th.getAttribute('aria-sort') !== sort) th.setAttribute('aria-sort', sort);
    });
  }

  /** index of the selected row, -1 for none */
  selectedIndex(): number {
    return this.selected;
  }

  /** Selects row `index` (and scrolls it into view). */
  select(index: number): void {
    const count = this.source.count;
    if (!count) return;
    this.selected = Math.max(0, Math.min(count - 1, index));
    const row = this.source.at(this.selected);
    this.selectedKey = row === undefined ? undefined : this.options.key(row);
    const target = scrollTopToShow(this.selected, this.metrics());
    if (target !== undefined) this.scrollTo(target);
    this.render();
    this.options.onSelect?.(row, this.selected);
  }

  /** Selects nothing. */
  clearSelection(): void {
    this.selected = -1;
    this.selectedKey = undefined;
    this.render();
    this.options.onSelect?.(undefined, -1);
  }

  /** Draws the rows in view. */
  render(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const { columns } = this.options;
    const window = visibleWindow({ ...this.metrics(), overscan: 8 });
    const needed = window.end - window.start;
    while (this.pool.length < needed) this.pool.push(this.newRow());
    this.padTop.style.height = `${window.padTop}px`;
    this.padBottom.style.height = `${window.padBottom}px`;
    for (let i = 0; i < this.pool.length; i++) {
      const pooled = this.pool[i]!;
      if (i >= needed) {
        if (pooled.tr.parentNode) pooled.tr.remove();
        continue;
      }
      // Rows in use are always a prefix of the pool, so a row coming back belongs at the end.
      if (!pooled.tr.parentNode) this.tbody.insertBefore(pooled.tr, this.padBottom);
      const index = window.start + i;
      const row = this.source.at(index);
      pooled.tr.setAttribute('aria-rowindex', String(index + 2));
      const selected = index === this.selected;
      setClass(pooled.tr, 'selected', selected);
      if (selected !== (pooled.tr.getAttribute('aria-selected') === 'true')) {
        pooled.tr.setAttribute('aria-selected', String(selected));
      }
      const className = row === undefined ? 'vt-row loading' : `vt-row ${this.options.rowClass?.(row) ?? ''}`;
      if (pooled.className !== className) pooled.tr.className = pooled.className = className;
      this.rowIndex.set(pooled.tr, index);
      const level = row === undefined ? 1 : (this.options.level?.(row) ?? 1);
      if (this.options.level) pooled.tr.setAttribute('aria-level', String(level));
      columns.forEach((column, c) => {
        const cell = pooled.cells[c]!;
        if (column.indent) cell.style.paddingInlineStart = `${INDENT_BASE_PX + (level - 1) * INDENT_STEP_PX}px`;
        const text = row === undefined ? '' : column.text(row);
        setText(cell, text);
        setTitle(cell, row === undefined ? '' : (column.title?.(row) ?? text));
      });
    }
    const activeRow =
      this.selected >= window.start && this.selected < window.end ? this.pool[this.selected - window.start] : undefined;
    const active = activeRow?.tr.id ?? '';
    if ((this.element.getAttribute('aria-activedescendant') ?? '') !== active) {
      if (active) this.element.setAttribute('aria-activedescendant', active);
      else this.element.removeAttribute('aria-activedescendant');
    }
    this.renderedRows = needed;
    this.scrollHeight = window.scrollHeight;
    this.atEnd = this.isAtEnd();
  }

  private scrollTo(top: number): void {
    // A hidden table does not scroll: caching a position it is not at would draw rows other than
    // the ones a click lands on once it shows (the resize observer catches up then).
    if (this.clientHeight === 0) return;
    const max = Math.max(0, this.scrollHeight + this.headerHeight - this.clientHeight);
    this.scrollTop = Math.max(0, Math.min(max, top));
    this.element.scrollTop = this.scrollTop;
  }

  private metrics() {
    return {
      scrollTop: this.scrollTop,
      viewportHeight: Math.max(0, this.clientHeight - this.headerHeight),
      rowHeight: this.options.rowHeight,
      rowCount: this.source.count,
    };
  }

  private isAtEnd(): boolean {
    if (this.clientHeight === 0) return this.atEnd;
    const viewport = this.clientHeight - this.headerHeight;
    return this.scrollTop + viewport >= this.scrollHeight - this.options.rowHeight;
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  private header(column: Column<T>): HTMLTableCellElement {
    const th = el('th', { attrs: { scope: 'col' }, className: column.numeric ? 'num' : '' });
    if (column.sortable && this.options.onSort) {
      th.setAttribute('aria-sort', 'none');
      const sort = el('button', { className: 'vt-sort', text: column.label, attrs: { type: 'button' } });
      sort.addEventListener('click', () => this.options.onSort?.(column.id));
      th.append(sort);
    } else th.textContent = column.label;
    return th;
  }

  private newRow(): PooledRow {
    const cells = this.options.columns.map((column) =>
      el('td', { className: column.numeric ? 'num' : column.indent ? 'indent' : '' }),
    );
    const tr = el('tr', {
      className: 'vt-row',
      attrs: { role: 'row', id: `${this.id}-r${this.pool.length}` },
      children: cells,
    });
    tr.style.height = `${this.options.rowHeight}px`;
    return { tr, cells, className: 'vt-row' };
  }

  private findKey(key: string): number {
    // A selected row is usually near where it was: look there first, then everywhere.
    const near = this.selected;
    const count = this.source.count;
    for (let d = 0; d < 64; d++) {
      for (const i of [near + d, near - d]) {
        const row = i >= 0 && i < count ? this.source.at(i) : undefined;
        if (row !== undefined && this.options.key(row) === key) return i;
      }
    }
    for (let i = 0; i < count; i++) {
      const row = this.source.at(i);
      if (row !== undefined && this.options.key(row) === key) return i;
    }
    return -1;
  }

  private onClick(event: MouseEvent): void {
    const tr = (event.target as Element).closest('tr');
    const index = tr ? this.rowIndex.get(tr) : undefined;
    if (index === undefined) return;
    this.select(index);
    const row = this.source.at(index);
    if (row !== undefined) this.options.onActivate?.(row, index);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target !== this.element) return;
    const page = Math.max(1, Math.floor(this.metrics().viewportHeight / this.options.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -Infinity,
      End: Infinity,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      const from = this.selected < 0 ? (move > 0 ? -1 : this.source.count) : this.selected;
      const target = move === Infinity ? this.source.count - 1 : move === -Infinity ? 0 : from + move;
      this.select(target);
    } else if (event.key === 'Enter' && this.selected >= 0) {
      const row = this.source.at(this.selected);
      if (row !== undefined) this.options.onActivate?.(row, this.selected);
    }
  }
}
