// Which rows of a long table to put in the DOM: only those in view plus a few either side. Pure.
// Above `maxScrollPx` the scroll height is compressed and rows are mapped proportionally, since
// browsers cap an element's height (Chromium at about 33 million pixels).

/** Rows by index; `at` may answer undefined for rows still loading. */
export interface RowSource<T> {
  count: number;
  at(index: number): T | undefined;
}

export const maxScrollPx = 8_000_000;

export interface WindowInput {
  /** the scroll container's scrollTop, px */
  scrollTop: number;
  /** its client height, px */
  viewportHeight: number;
  /** fixed height of every row, px */
  rowHeight: number;
  rowCount: number;
  /** extra rows rendered above and below the visible ones */
  overscan: number;
}

export interface RowWindow {
  /** first row index rendered */
  start: number;
  /** one past the last row index rendered */
  end: number;
  /** space above the rendered rows, px */
  padTop: number;
  /** space below them, px */
  padBottom: number;
  /** total scrollable height, px */
  scrollHeight: number;
}

/** the height the table scrolls over */
export function scrollHeightFor(rowCount: number, rowHeight: number): number {
  return Math.min(rowCount * rowHeight, maxScrollPx);
}

/** The exact (fractional) row at the top of the viewport. */
function topRow(input: WindowInput, scrollHeight: number): number {
  const { scrollTop, viewportHeight, rowHeight, rowCount } = input;
  const full = rowCount * rowHeight;
  if (full <= scrollHeight) return scrollTop / rowHeight;
  const scrollable = scrollHeight - viewportHeight;
  const fraction = scrollable > 0 ? Math.min(1, Math.max(0, scrollTop / scrollable)) : 0;
  return fraction * Math.max(0, rowCount - viewportHeight / rowHeight);
}

export function visibleWindow(input: WindowInput): RowWindow {
  const { viewportHeight, rowHeight, rowCount, overscan } = input;
  const scrollHeight = scrollHeightFor(rowCount, rowHeight);
  if (rowCount <= 0 || viewportHeight <= 0 || rowHeight <= 0) {
    return { start: 0, end: 0, padTop: 0, padBottom: scrollHeight, scrollHeight };
  }
  const scrollTop = Math.min(Math.max(0, input.scrollTop), Math.max(0, scrollHeight - viewportHeight));
  const exact = topRow({ ...input, scrollTop }, scrollHeight);
  const first = Math.min(rowCount - 1, Math.floor(exact));
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, first + Math.ceil(viewportHeight / rowHeight) + 1 + overscan);
  // The first visible row sits where its fractional part says, relative to scrollTop.
  const padTop = Math.max(0, scrollTop - (exact - start) * rowHeight);
  const padBottom = Math.max(0, scrollHeight - padTop - (end - start) * rowHeight);
  return { start, end, padTop, padBottom, scrollHeight };
}

/**
 * The scrollTop that brings row `index` fully into view, or undefined when it already is (for
 * keyboard navigation).
 */
export function scrollTopToShow(index: number, input: Omit<WindowInput, 'overscan'>): number | undefined {
  const { viewportHeight, rowHeight, rowCount } = input;
  const scrollHeight = scrollHeightFor(rowCount, rowHeight);
  const exact = topRow({ ...input, overscan: 0 }, scrollHeight);
  const visibleRows = Math.max(1, Math.floor(viewportHeight / rowHeight));
  let targetTop: number;
  if (index < exact) targetTop = index;
  else if (index + 1 > exact + visibleRows) targetTop = index + 1 - visibleRows;
  else return undefined;
  const full = rowCount * rowHeight;
  if (full <= scrollHeight) return targetTop * rowHeight;
  const movable = Math.max(1, rowCount - viewportHeight / rowHeight);
  return (Math.min(movable, targetTop) / movable) * (scrollHeight - viewportHeight);
}
