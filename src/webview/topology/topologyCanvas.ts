// The map itself: the scene, its layout worker, the renderer and the input, tied together. Draws
// at most once per animation frame, only when something changed; keeps the selection, the hover,
// the double-click focus and the search highlight; answers the keyboard (arrows to neighbours,
// 0 to fit, + and − to zoom).
import { zoomIdentity } from 'd3-zoom';
import type { ZoomTransform } from 'd3-zoom';
import type { TopologyGraph, TopologyInputs, TopologyLayoutKind } from '../../shared/topology/topologyModel';
import { CanvasRenderer } from './canvasRenderer';
import { ARROWS, pickNeighbour } from './keyboardNav';
import { LayoutClient } from './layoutClient';
import type { LayoutPositions, LayoutStats } from './layoutMessages';
import { PointerInput } from './pointerInput';
import type { Palette } from './themePalette';
import type { EdgePass } from './topologyHook';
import { TopologyScene } from './topologyScene';

/** What the map tells its owner. */
export interface CanvasEvents {
  select(index: number): void;
  hover(index: number, x: number, y: number): void;
  focus(index: number): void;
  contextMenu(index: number, x: number, y: number): void;
  /** a node was dropped at a position (layout units): pin it */
  pinned(index: number, x: number, y: number): void;
  /** Enter on the selection */
  details(index: number): void;
  zoomed(transform: ZoomTransform): void;
  /** after each drawn frame: its drawing's time, ms, and how it drew the edges */
  rendered(frame: { renderMs: number; edges: EdgePass }): void;
  error(error: unknown): void;
}

/** The map on its canvas. */
export class TopologyCanvas {
  readonly scene = new TopologyScene();
  readonly canvas: HTMLCanvasElement;
  readonly input: PointerInput;
  selected = -1;
  hovered = -1;
  focus = new Set<number>();
  matches: Set<number> | undefined;
  transform: ZoomTransform = zoomIdentity;
  layoutStats: LayoutStats = { layoutMs: 0, ticks: 0, settled: true, startedAt: 0 };
  private readonly renderer: CanvasRenderer;
  private readonly layout: LayoutClient;
  private frame = 0;
  private layoutStarted = 0;
  private fitWhenSettled = false;

  constructor(
    private palette: Palette,
    private readonly events: CanvasEvents,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'map';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute(
      'aria-label',
      'Network map: arrows move between neighbours, Enter shows details, / searches, 0 fits',
    );
    this.renderer = new CanvasRenderer(this.canvas);
    this.layout = new LayoutClient(
      (message) => this.onPositions(message),
      (error) => events.error(error),
    );
    this.input = new PointerInput(this.canvas, {
      hit: (x, y) => this.hit(x, y),
      hover: (node, x, y) => {
        if (node !== this.hovered) this.schedule();
        this.hovered = node;
        events.hover(node, x, y);
      },
      click: (node) => events.select(node),
      doubleClick: (node) => events.focus(node),
      drag: (node, x, y, done) => this.drag(node, x, y, done),
      contextMenu: (node, x, y) => events.contextMenu(node, x, y),
      zoomed: (transform) => {
        this.transform = transform;
        events.zoomed(transform);
        this.schedule();
      },
    });
    this.canvas.addEventListener('keydown', (event) => this.key(event));
    new ResizeObserver(() => {
      this.renderer.resize(this.canvas.clientWidth, this.canvas.clientHeight);
      this.schedule();
    }).observe(this.canvas);
  }

  /**
   * Shows a graph: the same nodes and edges as before keep their layout (only sizes, labels and
   * bytes change); otherwise the layout restarts warm from the positions known.
   */
  setGraph(
    graph: TopologyGraph,
    pins: ReadonlyMap<string, { x: number; y: number }>,
    saved?: ReadonlyMap<string, [number, number]>,
  ): void {
    const selectedId = this.scene.graph.nodes[this.selected]?.id;
    const focused = [...this.focus].map((i) => this.scene.graph.nodes[i]?.id);
    const shape = compareShape(this.scene.graph, graph);
    if (shape === 'same') {
      this.scene.graph = graph;
      this.scene.resize();
    } else if (shape === 'append') {
      // A tick's new conversations: in the network layout rings and subnets place the nodes, so the
      // map stays still (the worker moves nothing and the layout's state is what it was); in the
      // conversations layout the edges do, so it settles a little.
      const moves = graph.layout !== 'network';
      if (moves) {
        this.layoutStarted = performance.now();
        this.layoutStats = { layoutMs: 0, ticks: 0, settled: false, startedAt: this.layoutStarted };
      }
      this.layout.addLinks(this.scene.appendEdges(graph, moves), moves ? 0.08 : 0);
    } else if (shape === 'edges') {
      this.layoutStarted = performance.now();
      this.layoutStats = { layoutMs: 0, ticks: 0, settled: false, startedAt: this.layoutStarted };
      this.layout.relink(this.scene.setEdges(graph), 0.08);
      this.focus = new Set([...this.focus].filter((i) => i < graph.nodes.length));
    } else {
      const input = this.scene.setGraph(graph, pins, saved);
      this.layoutStarted = performance.now();
      this.layoutStats = { layoutMs: 0, ticks: 0, settled: false, startedAt: this.layoutStarted };
      this.scene.seq = this.layout.layout(input.nodes, input.links, input.alpha);
      this.selected = selectedId === undefined ? -1 : (this.scene.index.get(selectedId) ?? -1);
      this.focus = new Set(focused.flatMap((id) => (id === undefined ? [] : [this.scene.index.get(id) ?? -1])));
      this.focus.delete(-1);
      this.hovered = -1;
    }
    this.schedule();
  }

  /** The graph of a layout, built in the layout worker. */
  build(inputs: TopologyInputs, layout: TopologyLayoutKind): Promise<TopologyGraph> {
    return this.layout.build(inputs, layout);
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.schedule();
  }

  /** Fits the shown nodes into the view now, or once the layout has settled. */
  fit(whenSettled = false): void {
    if (whenSettled && !this.scene.settled) {
      this.fitWhenSettled = true;
      return;
    }
    const { positions: p, shown, radii } = this.scene;
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < shown.length; i++) {
      if (!shown[i]) continue;
      minX = Math.min(minX, p[i * 2]! - radii[i]!);
      maxX = Math.max(maxX, p[i * 2]! + radii[i]!);
      minY = Math.min(minY, p[i * 2 + 1]! - radii[i]!);
      maxY = Math.max(maxY, p[i * 2 + 1]! + radii[i]!);
    }
    if (minX === Infinity) return;
    const width = Math.max(1, this.canvas.clientWidth);
    const height = Math.max(1, this.canvas.clientHeight);
    const k = Math.min(2, 0.9 * Math.min(width / (maxX - minX + 40), height / (maxY - minY + 40)));
    this.input.setTransform(this.input.centred((minX + maxX) / 2, (minY + maxY) / 2, k));
  }

  /** Centres a node, zooming in at least to `k`. */
  centre(index: number, k = Math.max(this.transform.k, 1.2)): void {
    const p = this.scene.positions;
    this.input.setTransform(this.input.centred(p[index * 2]!, p[index * 2 + 1]!, k));
  }

  /** Whether a node is inside the visible area. */
  visible(index: number): boolean {
    const t = this.transform;
    const x = t.x + this.scene.positions[index * 2]! * t.k;
    const y = t.y + this.scene.positions[index * 2 + 1]! * t.k;
    return x >= 0 && y >= 0 && x <= this.canvas.clientWidth && y <= this.canvas.clientHeight;
  }

  /** The PNG of what the canvas shows, base64. */
  png(): string {
    return this.canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  }

  schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    const started = performance.now();
    const { selected, hovered, focus, matches } = this;
    const edges = this.renderer.draw(this.scene, this.transform, this.palette, { selected, hovered, focus, matches });
    this.events.rendered({ renderMs: performance.now() - started, edges });
  }

  private onPositions(message: LayoutPositions): void {
    if (!this.scene.applyPositions(message.seq, message.positions, message.settled)) return;
    this.layoutStats = {
      layoutMs: performance.now() - this.layoutStarted,
      ticks: message.ticks,
      settled: message.settled,
      startedAt: this.layoutStarted,
    };
    if (message.settled && this.fitWhenSettled) {
      this.fitWhenSettled = false;
      this.fit();
    }
    this.schedule();
  }

  /** The topmost shown node under a canvas point (CSS pixels), or -1. */
  private hit(x: number, y: number): number {
    const t = this.transform;
    const wx = (x - t.x) / t.k;
    const wy = (y - t.y) / t.k;
    const { positions: p, radii, shown } = this.scene;
    const slack = 3 / t.k;
    for (let i = shown.length - 1; i >= 0; i--) {
      if (!shown[i]) continue;
      const r = radii[i]! + slack;
      const dx = p[i * 2]! - wx;
      const dy = p[i * 2 + 1]! - wy;
      if (dx * dx + dy * dy <= r * r) return i;
    }
    return -1;
  }

  private drag(index: number, x: number, y: number, done: boolean): void {
    const t = this.transform;
    const wx = (x - t.x) / t.k;
    const wy = (y - t.y) / t.k;
    this.scene.positions[index * 2] = wx;
    this.scene.positions[index * 2 + 1] = wy;
    this.layout.pin(index, wx, wy);
    if (done) this.events.pinned(index, wx, wy);
    this.schedule();
  }

  /** Frees a pinned node. */
  unpin(index: number): void {
    this.layout.pin(index);
  }

  private key(event: KeyboardEvent): void {
    const direction = ARROWS[event.key];
    if (direction) {
      event.preventDefault();
      const from = this.selected >= 0 ? this.selected : (this.scene.index.get('self') ?? -1);
      if (from < 0) return;
      const next =
        this.selected < 0
          ? from
          : pickNeighbour(from, this.scene.neighbours[from] ?? [], this.scene.positions, direction, this.scene.shown);
      if (next >= 0) {
        this.events.select(next);
        if (!this.visible(next)) this.centre(next, this.transform.k);
      }
    } else if (event.key === 'Enter' && this.selected >= 0) {
      this.events.details(this.selected);
    } else if (event.key === '0') {
      this.fit();
    } else if (event.key === '+' || event.key === '=' || event.key === '-') {
      const k = this.transform.k * (event.key === '-' ? 1 / 1.25 : 1.25);
      const centre: [number, number] = [this.canvas.clientWidth / 2, this.canvas.clientHeight / 2];
      this.input.setTransform(
        zoomIdentity
          .translate(centre[0], centre[1])
          .scale(k)
          .translate(...this.transform.invert(centre)),
      );
    } else if (event.key === 'Escape') {
      this.events.focus(-1);
    } else {
      return;
    }
    event.stopPropagation();
  }

  dispose(): void {
    this.layout.dispose();
  }
}

/**
 * How a new graph differs: `same` nodes and edges in the same order (only their facts changed),
 * the same edges and more after them (`append`), the same nodes with other `edges`, or other `nodes`.
 */
function compareShape(a: TopologyGraph, b: TopologyGraph): 'same' | 'append' | 'edges' | 'nodes' {
  if (a.layout !== b.layout || a.nodes.length !== b.nodes.length || a.nodes.length === 0) return 'nodes';
  for (let i = 0; i < a.nodes.length; i++) if (a.nodes[i]!.id !== b.nodes[i]!.id) return 'nodes';
  if (a.edges.length > b.edges.length) return 'edges';
  for (let i = 0; i < a.edges.length; i++) if (a.edges[i]!.id !== b.edges[i]!.id) return 'edges';
  return a.edges.length === b.edges.length ? 'same' : 'append';
}
