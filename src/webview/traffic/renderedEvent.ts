// The event the dashboard dispatches on `document` after each redraw, for the browser tests and
// the render benchmark (which run outside the bundle and only read this shape).

/** `document` event name */
export const renderedEvent = 'lanlens-rendered';

/** What one redraw cost. */
export interface RenderedDetail {
  /** time spent applying ticks since the previous redraw, ms */
  applyMs: number;
  /** time spent redrawing, including the style and layout it caused, ms */
  renderMs: number;
  /** the tab drawn (a ViewId; plain text here, as the benchmark reads it without the DOM's types) */
  tab: string;
}
