// The canvas's mouse and touch input: d3-zoom pans and zooms (wheel, drag on empty space, pinch);
// a press on a node selects it, dragging it moves and pins it, a double-click focuses it, the
// context menu opens its actions, hovering shows its tooltip (or an edge's).
import { select } from 'd3-selection';
import { zoom, zoomIdentity } from 'd3-zoom';
import type { ZoomBehavior, ZoomTransform } from 'd3-zoom';

/** What the input reports. */
export interface PointerEvents {
  /** the node under a point of the canvas (CSS pixels), or -1 */
  hit(x: number, y: number): number;
  hover(node: number, x: number, y: number): void;
  click(node: number): void;
  doubleClick(node: number): void;
  /** a node dragged to `x, y` (CSS pixels); `done` on release */
  drag(node: number, x: number, y: number, done: boolean): void;
  contextMenu(node: number, x: number, y: number): void;
  zoomed(transform: ZoomTransform): void;
}

const DRAG_THRESHOLD = 3;

/** Binds pan, zoom and node gestures to a canvas. */
export class PointerInput {
  readonly behavior: ZoomBehavior<HTMLCanvasElement, unknown>;
  private pressed: { node: number; x: number; y: number; dragging: boolean } | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly events: PointerEvents,
  ) {
    this.behavior = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.02, 8])
      // A press on a node is the node's (select, drag); everywhere else it pans.
      .filter((event: Event) => {
        if (event.type === 'wheel') return true;
        if (event.type === 'dblclick') return false;
        const pointer = event as PointerEvent;
        return pointer.button === 0 && events.hit(pointer.offsetX, pointer.offsetY) < 0;
      })
      .on('zoom', (event: { transform: ZoomTransform }) => events.zoomed(event.transform));
    select(canvas).call(this.behavior).on('dblclick.zoom', null);
    canvas.addEventListener('pointerdown', (event) => this.down(event));
    canvas.addEventListener('pointermove', (event) => this.move(event));
    canvas.addEventListener('pointerup', (event) => this.up(event));
    canvas.addEventListener('pointerleave', () => events.hover(-1, 0, 0));
    canvas.addEventListener('dblclick', (event) => {
      const node = events.hit(event.offsetX, event.offsetY);
      if (node >= 0) events.doubleClick(node);
    });
    canvas.addEventListener('contextmenu', (event) => {
      const node = events.hit(event.offsetX, event.offsetY);
      if (node < 0) return;
      event.preventDefault();
      events.contextMenu(node, event.clientX, event.clientY);
    });
  }

  /** Moves the view to `transform`. */
  setTransform(transform: ZoomTransform): void {
    select(this.canvas).call((selection) => this.behavior.transform(selection, transform));
  }

  /** The transform that centres the point (layout units) at scale `k`. */
  centred(x: number, y: number, k: number): ZoomTransform {
    return zoomIdentity
      .translate(this.canvas.clientWidth / 2, this.canvas.clientHeight / 2)
      .scale(k)
      .translate(-x, -y);
  }

  private down(event: PointerEvent): void {
    if (event.button !== 0) return;
    const node = this.events.hit(event.offsetX, event.offsetY);
    if (node < 0) return;
    this.pressed = { node, x: event.offsetX, y: event.offsetY, dragging: false };
    this.canvas.setPointerCapture(event.pointerId);
  }

  private move(event: PointerEvent): void {
    const pressed = this.pressed;
    if (!pressed) {
      this.events.hover(this.events.hit(event.offsetX, event.offsetY), event.offsetX, event.offsetY);
      return;
    }
    if (!pressed.dragging && Math.hypot(event.offsetX - pressed.x, event.offsetY - pressed.y) < DRAG_THRESHOLD) return;
    pressed.dragging = true;
    this.events.drag(pressed.node, event.offsetX, event.offsetY, false);
  }

  private up(event: PointerEvent): void {
    const pressed = this.pressed;
    this.pressed = undefined;
    if (!pressed) return;
    this.canvas.releasePointerCapture(event.pointerId);
    if (pressed.dragging) this.events.drag(pressed.node, event.offsetX, event.offsetY, true);
    else this.events.click(pressed.node);
  }
}
