/**
 * Calls `onWidth` with the element's width (whole px, at least `min`) whenever it changes: charts
 * redraw to fit their panel.
 */
export function observeWidth(element: HTMLElement, min: number, onWidth: (width: number) => void): void {
  let last = -1;
  new ResizeObserver(() => {
    const width = Math.max(min, Math.floor(element.clientWidth));
    if (width === last) return;
    last = width;
    onWidth(width);
  }).observe(element);
}
