// The edges of a map at rest, kept drawn over the background on a canvas of their own. At
// thousands of edges stroking them is much of a frame's raster; a frame that moves nothing and
// changes no view, filter, dimming or edge (a hover, a selection, a tick that changes no edge's
// stroke) copies the layer instead. Anything else draws it afresh.
import type { Palette } from './themePalette';
import type { TopologyScene } from './topologyScene';

/** What the held drawing shows. */
interface Held {
  width: number;
  height: number;
  k: number;
  x: number;
  y: number;
  palette: Palette;
  layout: string;
  positions: Float32Array;
  shown: Uint8Array;
  ends: Int32Array;
  focus: number[];
  matches: number[] | undefined;
  /** each drawn edge's style key */
  keys: readonly string[];
}

/** What a frame would draw the edges of. */
export interface EdgeFrame {
  scene: TopologyScene;
  transform: { k: number; x: number; y: number };
  palette: Palette;
  focus: ReadonlySet<number>;
  matches: ReadonlySet<number> | undefined;
  /** each edge's style key (edgeDrawing's EdgeStyles) */
  keys: readonly string[];
}

/** The edge layer. */
export class EdgeLayer {
  readonly canvas = document.createElement('canvas');
  readonly context = this.canvas.getContext('2d', { alpha: false })!;
  private held: Held | undefined;

  /** Whether the layer shows this frame's edges. */
  holds(frame: EdgeFrame, width: number, height: number): boolean {
    const held = this.held;
    const { scene, transform: t } = frame;
    return (
      held !== undefined &&
      held.width === width &&
      held.height === height &&
      held.k === t.k &&
      held.x === t.x &&
      held.y === t.y &&
      held.palette === frame.palette &&
      held.layout === scene.graph.layout &&
      held.positions === scene.positions &&
      held.keys.length === frame.keys.length &&
      held.keys.every((key, e) => key === frame.keys[e]) &&
      sameValues(held.shown, scene.shown, scene.shown.length) &&
      sameValues(held.ends, scene.ends, scene.ends.length) &&
      sameSet(held.focus, frame.focus) &&
      (held.matches === undefined
        ? frame.matches === undefined
        : !!frame.matches && sameSet(held.matches, frame.matches))
    );
  }

  /** Sizes the layer to the map's canvas (a new size clears it). */
  size(width: number, height: number): void {
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
  }

  /** The layer now shows every edge of this frame. */
  took(frame: EdgeFrame, width: number, height: number): void {
    const { scene, transform: t } = frame;
    this.held = {
      width,
      height,
      k: t.k,
      x: t.x,
      y: t.y,
      palette: frame.palette,
      layout: scene.graph.layout,
      positions: scene.positions,
      shown: scene.shown.slice(),
      ends: scene.ends.slice(),
      focus: [...frame.focus],
      matches: frame.matches ? [...frame.matches] : undefined,
      keys: frame.keys.slice(0, scene.graph.edges.length),
    };
  }

  /** Drawn elsewhere: what the layer holds is not to be trusted. */
  forget(): void {
    this.held = undefined;
  }
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>, count: number): boolean {
  if (a.length !== count || b.length < count) return false;
  for (let i = 0; i < count; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameSet(held: readonly number[], now: ReadonlySet<number>): boolean {
  return held.length === now.size && held.every((i) => now.has(i));
}
