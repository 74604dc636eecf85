// The map's edges: each edge's stroke (kept while its bytes and evidence stay), and the edges drawn
// in one path per style.
import type { TopologyEdge } from '../../shared/topology/topologyModel';
import { logByteWidth } from '../../shared/topology/conversationGraph';
import type { Palette } from './themePalette';
import { protocolColour } from './themePalette';
import type { TopologyScene } from './topologyScene';

/** The stroke of an edge: colour, width in layout units, dash pattern. */
export interface EdgeStroke {
  colour: string;
  width: number;
  dash: number[];
}

/** Each edge's stroke and its batch key (colour, width and dash as text), by edge index. */
export interface EdgeStyleList {
  strokes: EdgeStroke[];
  keys: string[];
}

/** What one drawing of the edges needs. */
export interface EdgeDrawing {
  scene: TopologyScene;
  styles: EdgeStyleList;
  /** whether an edge touching this node is dimmed (a focus or a search leaves it out) */
  faint: (node: number) => boolean;
  /** the visible rectangle, layout units: [minX, minY, maxX, maxY] */
  view: readonly number[];
}

/** How an edge looks: its strongest evidence decides (a cable over traffic over a trace over a subnet). */
export function edgeStroke(edge: TopologyEdge, layout: 'network' | 'conversations', palette: Palette): EdgeStroke {
  const kinds = new Set(edge.evidence.map((evidence) => evidence.kind));
  const bytes = edge.bytesOut + edge.bytesIn;
  const width = Math.round(logByteWidth(bytes) * 2) / 2;
  if (layout === 'conversations') return { colour: protocolColour(palette, edge.protocol), width, dash: [] };
  if (kinds.has('lldp') || kinds.has('cdp')) return { colour: palette.purple, width: 2.5, dash: [] };
  if (kinds.has('traffic')) return { colour: palette.blue, width, dash: [] };
  if (kinds.has('traceroute')) return { colour: palette.orange, width: 1.5, dash: [6, 4] };
  return { colour: palette.lines, width: 1, dash: [] };
}

/**
 * Each edge's stroke and key, made once per graph and palette rather than per frame (10,000 edges
 * per frame while panning). A tick's graph comes with a new edge list holding mostly the same edge
 * objects at the same places (a patched graph changes bytes and evidence in place and appends): each
 * keeps its style while its bytes and evidence do (the same key string, which the edge layer compares).
 */
export class EdgeStyles {
  private held:
    | (EdgeStyleList & {
        edges: readonly TopologyEdge[];
        layout: string;
        palette: Palette;
        bytes: Float64Array;
        evidence: Uint16Array;
      })
    | undefined;

  of(edges: readonly TopologyEdge[], layout: 'network' | 'conversations', palette: Palette): EdgeStyleList {
    const held = this.held;
    if (held?.edges === edges && held.palette === palette && held.layout === layout) return held;
    const kept = held?.palette === palette && held.layout === layout ? held : undefined;
    const strokes: EdgeStroke[] = [];
    const keys: string[] = [];
    const bytes = new Float64Array(edges.length);
    const evidence = new Uint16Array(edges.length);
    for (let e = 0; e < edges.length; e++) {
      const edge = edges[e]!;
      bytes[e] = edge.bytesOut + edge.bytesIn;
      evidence[e] = edge.evidence.length;
      if (kept && kept.edges[e] === edge && kept.bytes[e] === bytes[e] && kept.evidence[e] === evidence[e]) {
        strokes.push(kept.strokes[e]!);
        keys.push(kept.keys[e]!);
        continue;
      }
      const stroke = edgeStroke(edge, layout, palette);
      strokes.push(stroke);
      keys.push(`${stroke.colour}|${stroke.width}|${stroke.dash.join(',')}`);
    }
    this.held = { edges, layout, palette, strokes, keys, bytes, evidence };
    return this.held;
  }
}

/** Draws the edges in view on a context already set to the frame's transform. */
export function drawEdges(ctx: CanvasRenderingContext2D, drawing: EdgeDrawing): void {
  const { scene, styles, faint: isFaint, view } = drawing;
  const { positions: p, ends, graph, shown } = scene;
  const batches = new Map<string, { stroke: EdgeStroke; faint: boolean; edges: number[] }>();
  for (let e = 0; e < graph.edges.length; e++) {
    const a = ends[e * 2]!;
    const b = ends[e * 2 + 1]!;
    if (!shown[a] || !shown[b]) continue;
    const ax = p[a * 2]!;
    const ay = p[a * 2 + 1]!;
    const bx = p[b * 2]!;
    const by = p[b * 2 + 1]!;
    if (Math.max(ax, bx) < view[0]! || Math.min(ax, bx) > view[2]! || Math.max(ay, by) < view[1]!) continue;
    if (Math.min(ay, by) > view[3]!) continue;
    const faint = isFaint(a) || isFaint(b);
    const key = faint ? `${styles.keys[e]}|faint` : styles.keys[e]!;
    let batch = batches.get(key);
    if (!batch) batches.set(key, (batch = { stroke: styles.strokes[e]!, faint, edges: [] }));
    batch.edges.push(e);
  }
  for (const { stroke, faint, edges } of batches.values()) {
    ctx.beginPath();
    for (const e of edges) {
      const a = ends[e * 2]!;
      const b = ends[e * 2 + 1]!;
      ctx.moveTo(p[a * 2]!, p[a * 2 + 1]!);
      ctx.lineTo(p[b * 2]!, p[b * 2 + 1]!);
      if (graph.layout === 'conversations') arrow(ctx, scene, e);
    }
    ctx.globalAlpha = faint ? 0.12 : 0.75;
    ctx.strokeStyle = stroke.colour;
    ctx.lineWidth = stroke.width;
    ctx.setLineDash(stroke.dash);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

/** A small arrowhead on the edge toward the end that received more bytes. */
function arrow(ctx: CanvasRenderingContext2D, scene: TopologyScene, e: number): void {
  const edge = scene.graph.edges[e]!;
  const toTarget = edge.bytesOut >= edge.bytesIn;
  const from = scene.ends[e * 2 + (toTarget ? 0 : 1)]!;
  const to = scene.ends[e * 2 + (toTarget ? 1 : 0)]!;
  const p = scene.positions;
  const dx = p[to * 2]! - p[from * 2]!;
  const dy = p[to * 2 + 1]! - p[from * 2 + 1]!;
  const length = Math.hypot(dx, dy) || 1;
  const back = scene.radii[to]! + 3;
  const tipX = p[to * 2]! - (dx / length) * back;
  const tipY = p[to * 2 + 1]! - (dy / length) * back;
  const ux = dx / length;
  const uy = dy / length;
  ctx.moveTo(tipX - ux * 8 - uy * 4, tipY - uy * 8 + ux * 4);
  ctx.lineTo(tipX, tipY);
  ctx.lineTo(tipX - ux * 8 + uy * 4, tipY - uy * 8 - ux * 4);
}
