// Draws the scene on one canvas, batched so thousands of nodes stay smooth: edges in one path per
// style (edgeDrawing.ts; copied from a layer of their own while the map is still, edgeLayer.ts),
// node discs in one path per colour and shade, then outlines, glyphs (codicons) and labels for what
// is on screen. Labels appear by zoom level: only the landmarks when far out, every visible node
// when close. Names are drawn with fillText, which never parses markup.
import type { ZoomTransform } from 'd3-zoom';
import type { TopologyNode } from '../../shared/topology/topologyModel';
import { codiconGlyph } from './codicons';
import type { EdgeDrawing } from './edgeDrawing';
import { EdgeStyles, drawEdges } from './edgeDrawing';
import { EdgeLayer } from './edgeLayer';
import type { Palette } from './themePalette';
import { osColour } from './themePalette';
import type { EdgePass } from './topologyHook';
import type { TopologyScene } from './topologyScene';

/** What the user is pointing at and looking for. */
export interface Highlight {
  selected: number;
  hovered: number;
  /** nodes a double-click focused on (the node and its neighbours); empty: none */
  focus: ReadonlySet<number>;
  /** nodes the search matches; undefined: no search */
  matches?: ReadonlySet<number>;
}

/** One frame's inputs. */
interface Frame {
  scene: TopologyScene;
  transform: ZoomTransform;
  palette: Palette;
  highlight: Highlight;
}

const LANDMARKS = new Set<TopologyNode['kind']>([
  'self',
  'gateway',
  'router',
  'switch',
  'internet',
  'subnet',
  'domain',
]);
const MAX_LABELS = 400;
/** Up to this many nodes on screen, every one is labelled whatever the zoom. */
const FEW_NODES = 60;

/** Draws scenes on a canvas. */
export class CanvasRenderer {
  readonly context: CanvasRenderingContext2D;
  private glyphFont = 'codicon';
  private readonly styles = new EdgeStyles();
  private readonly layer = new EdgeLayer();
  /** the last frame's view and positions: the same again is a still frame */
  private last: { k: number; x: number; y: number; positions: Float32Array; width: number; height: number } | undefined;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.context = canvas.getContext('2d', { alpha: false })!;
  }

  /** Sizes the backing store to the element and the screen's pixel ratio. */
  resize(width: number, height: number): void {
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
  }

  /** Draws a frame; says how its edges were drawn. */
  draw(scene: TopologyScene, transform: ZoomTransform, palette: Palette, highlight: Highlight): EdgePass {
    const ctx = this.context;
    const ratio = window.devicePixelRatio || 1;
    const frame: Frame = { scene, transform, palette, highlight };
    const { width, height } = this.canvas;
    const last = this.last;
    // Moving (panning, zooming, the layout settling): the edges are drawn straight onto the map.
    // Still since the last frame: from the edge layer, drawn afresh as needed.
    const still =
      last?.k === transform.k &&
      last.x === transform.x &&
      last.y === transform.y &&
      last.positions === scene.positions &&
      last.width === width &&
      last.height === height;
    this.last = { k: transform.k, x: transform.x, y: transform.y, positions: scene.positions, width, height };
    const view = this.worldRect(transform, ratio);
    let pass: EdgePass = 'direct';
    if (still) {
      pass = this.updateLayer(frame, ratio, view);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(this.layer.canvas, 0, 0);
      ctx.setTransform(ratio * transform.k, 0, 0, ratio * transform.k, ratio * transform.x, ratio * transform.y);
    } else {
      this.layer.forget();
      this.startFrame(ctx, transform, palette, ratio, true);
      drawEdges(ctx, this.edgeDrawing(frame, view));
    }
    const onScreen = this.drawNodes(frame, view);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.drawLabels(frame, onScreen);
    return pass;
  }

  /** Brings the edge layer up to this still frame: as it is, or drawn afresh. */
  private updateLayer(frame: Frame, ratio: number, view: number[]): EdgePass {
    const { scene, transform, palette, highlight } = frame;
    const layer = this.layer;
    const { width, height } = this.canvas;
    const drawing = this.edgeDrawing(frame, view);
    const edgeFrame = {
      scene,
      transform,
      palette,
      focus: highlight.focus,
      matches: highlight.matches,
      keys: drawing.styles.keys,
    };
    layer.size(width, height);
    if (layer.holds(edgeFrame, width, height)) return 'copied';
    this.startFrame(layer.context, transform, palette, ratio, true);
    drawEdges(layer.context, drawing);
    layer.took(edgeFrame, width, height);
    return 'redrawn';
  }

  /** What drawing this frame's edges needs. */
  private edgeDrawing({ scene, palette, highlight }: Frame, view: number[]): EdgeDrawing {
    return {
      scene,
      styles: this.styles.of(scene.graph.edges, scene.graph.layout, palette),
      faint: (node) => isFaint(highlight, node),
      view,
    };
  }

  /** Sets a context to the frame's transform, first painting the background when `clear`. */
  private startFrame(
    ctx: CanvasRenderingContext2D,
    transform: ZoomTransform,
    palette: Palette,
    ratio: number,
    clear: boolean,
  ): void {
    if (clear) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.fillStyle = palette.background;
      ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    }
    ctx.setTransform(ratio * transform.k, 0, 0, ratio * transform.k, ratio * transform.x, ratio * transform.y);
  }

  /** The visible rectangle in layout units, with a margin. */
  private worldRect(t: ZoomTransform, ratio: number): [number, number, number, number] {
    const margin = 40 / t.k;
    return [
      -t.x / t.k - margin,
      -t.y / t.k - margin,
      (this.canvas.width / ratio - t.x) / t.k + margin,
      (this.canvas.height / ratio - t.y) / t.k + margin,
    ];
  }

  /** Discs by colour and shade, then outlines and glyphs; returns the nodes on screen. */
  private drawNodes(frame: Frame, view: number[]): number[] {
    const { scene, transform, palette, highlight } = frame;
    const ctx = this.context;
    const { positions: p, radii, graph, shown } = scene;
    const onScreen: number[] = [];
    const batches = new Map<string, number[]>();
    for (let i = 0; i < graph.nodes.length; i++) {
      if (!shown[i]) continue;
      const x = p[i * 2]!;
      const y = p[i * 2 + 1]!;
      if (x < view[0]! || x > view[2]! || y < view[1]! || y > view[3]!) continue;
      onScreen.push(i);
      const node = graph.nodes[i]!;
      const key = `${nodeColour(node, palette)}|${isFaint(highlight, i) ? 0.15 : node.stale ? 0.4 : 1}`;
      let batch = batches.get(key);
      if (!batch) batches.set(key, (batch = []));
      batch.push(i);
    }
    for (const [key, members] of batches) {
      const [colour, alpha] = key.split('|');
      ctx.beginPath();
      for (const i of members) {
        ctx.moveTo(p[i * 2]! + radii[i]!, p[i * 2 + 1]!);
        ctx.arc(p[i * 2]!, p[i * 2 + 1]!, radii[i]!, 0, 2 * Math.PI);
      }
      ctx.globalAlpha = Number(alpha);
      ctx.fillStyle = colour!;
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    this.drawOutlines(frame, onScreen);
    if (transform.k >= 0.45) this.drawGlyphs(scene, palette, highlight, onScreen);
    return onScreen;
  }

  private drawOutlines({ scene, transform, palette, highlight }: Frame, onScreen: number[]): void {
    const ctx = this.context;
    const { positions: p, radii, graph } = scene;
    const ring = (i: number, extra: number) => {
      ctx.moveTo(p[i * 2]! + radii[i]! + extra, p[i * 2 + 1]!);
      ctx.arc(p[i * 2]!, p[i * 2 + 1]!, radii[i]! + extra, 0, 2 * Math.PI);
    };
    // Seen only passively: a dashed rim.
    ctx.beginPath();
    for (const i of onScreen) if (graph.nodes[i]!.passiveOnly) ring(i, 1.5);
    ctx.setLineDash([3 / transform.k, 2 / transform.k]);
    ctx.strokeStyle = palette.foreground;
    ctx.lineWidth = 1.2 / transform.k;
    ctx.stroke();
    ctx.setLineDash([]);
    if (palette.contrastBorder) {
      ctx.beginPath();
      for (const i of onScreen) if (!graph.nodes[i]!.passiveOnly) ring(i, 0.5);
      ctx.strokeStyle = palette.contrastBorder;
      ctx.lineWidth = 1 / transform.k;
      ctx.stroke();
    }
    for (const [index, width] of [
      [highlight.hovered, 1.5],
      [highlight.selected, 3],
    ] as const) {
      if (index < 0 || !scene.shown[index]) continue;
      ctx.beginPath();
      ring(index, 4 / transform.k);
      ctx.strokeStyle = palette.focus;
      ctx.lineWidth = width / transform.k;
      ctx.stroke();
    }
  }

  private drawGlyphs(scene: TopologyScene, palette: Palette, highlight: Highlight, onScreen: number[]): void {
    const ctx = this.context;
    const { positions: p, radii, graph } = scene;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = palette.background;
    let font = '';
    for (const i of onScreen) {
      if (isFaint(highlight, i)) continue;
      const size = Math.round(radii[i]! * 1.15);
      const wanted = `${size}px ${this.glyphFont}`;
      if (wanted !== font) ctx.font = font = wanted;
      ctx.fillText(codiconGlyph(graph.nodes[i]!.icon), p[i * 2]!, p[i * 2 + 1]! + 0.5);
    }
  }

  private drawLabels({ scene, transform, palette, highlight }: Frame, onScreen: number[]): void {
    const ctx = this.context;
    const { positions: p, radii, graph } = scene;
    ctx.font = `11px ${palette.font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillStyle = palette.foreground;
    let drawn = 0;
    for (const i of onScreen) {
      const node = graph.nodes[i]!;
      const wanted =
        i === highlight.selected ||
        i === highlight.hovered ||
        highlight.focus.has(i) ||
        highlight.matches?.has(i) ||
        (transform.k >= 0.6 && LANDMARKS.has(node.kind)) ||
        transform.k >= 1.1 ||
        onScreen.length <= FEW_NODES;
      if (!wanted || isFaint(highlight, i) || drawn++ > MAX_LABELS) continue;
      const x = transform.x + p[i * 2]! * transform.k;
      const y = transform.y + (p[i * 2 + 1]! + radii[i]!) * transform.k + 3;
      ctx.globalAlpha = node.stale ? 0.5 : 1;
      ctx.fillText(node.label, x, y, 180);
    }
    ctx.globalAlpha = 1;
  }
}

/** A node's fill: this machine in the focus colour, everyone else by OS family. */
export function nodeColour(node: TopologyNode, palette: Palette): string {
  if (node.kind === 'self') return palette.focus;
  if (node.kind === 'internet' || node.kind === 'domain') return palette.blue;
  if (node.kind === 'switch') return palette.purple;
  return osColour(palette, node.osFamily);
}

function isFaint(highlight: Highlight, i: number): boolean {
  if (highlight.focus.size > 0 && !highlight.focus.has(i)) return true;
  return highlight.matches !== undefined && !highlight.matches.has(i);
}
