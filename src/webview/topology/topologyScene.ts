// The graph as the page draws it: nodes by index, their positions (from the layout worker), who
// neighbours whom, and which nodes the filters show. A new graph keeps the positions of nodes it
// shares with the old one (by id) and places pinned nodes where the user left them, so the layout
// starts warm and nothing jumps.
import type { TopologyEdge, TopologyGraph, TopologyNode } from '../../shared/topology/topologyModel';
import type { LayoutLink, LayoutNode } from './layoutMessages';

/** Layout units between hop rings. */
export const RING = 170;

/** An empty graph. */
export const EMPTY_GRAPH: TopologyGraph = {
  layout: 'network',
  nodes: [],
  edges: [],
  switchedLan: false,
  collapsed: [],
};

/** A node's drawn radius in layout units: by open ports (network) or bytes (conversations). */
export function nodeRadius(node: TopologyNode, layout: TopologyGraph['layout']): number {
  if (node.kind === 'self') return 13;
  if (node.kind === 'subnet' || node.kind === 'domain')
    return Math.min(24, 9 + 3 * Math.log10(1 + (node.members ?? 1)));
  if (layout === 'conversations') return Math.min(22, 5 + 2.2 * Math.log10(1 + node.bytes / 1000));
  return Math.min(20, 8 + 2 * Math.sqrt(node.openPorts));
}

/** What the page knows of the drawn graph. */
export class TopologyScene {
  graph: TopologyGraph = EMPTY_GRAPH;
  readonly index = new Map<string, number>();
  /** x, y per node, layout units */
  positions: Float32Array = new Float32Array(0);
  radii = new Float32Array(0);
  /** node indices of each edge's ends */
  ends = new Int32Array(0);
  neighbours: number[][] = [];
  /** 1 where the filters show the node */
  shown = new Uint8Array(0);
  /** layout sequence number the positions belong to */
  seq = 0;
  settled = false;

  /** Takes a new graph; returns what the layout worker needs, with warm positions where known. */
  setGraph(
    graph: TopologyGraph,
    pins: ReadonlyMap<string, { x: number; y: number }>,
    saved?: ReadonlyMap<string, [number, number]>,
  ): { nodes: LayoutNode[]; links: LayoutLink[]; alpha: number } {
    const previous = new Map<string, [number, number]>(saved);
    for (const [id, i] of this.index) previous.set(id, [this.positions[i * 2]!, this.positions[i * 2 + 1]!]);
    this.graph = graph;
    this.index.clear();
    graph.nodes.forEach((node, i) => this.index.set(node.id, i));
    const count = graph.nodes.length;
    this.positions = new Float32Array(count * 2);
    this.radii = new Float32Array(count);
    this.shown = new Uint8Array(count).fill(1);
    this.settled = false;
    this.indexEdges(graph);
    const rings = ringRadii(graph);
    const angles = ringAngles(graph, rings, this.neighbours);
    let known = 0;
    const nodes = graph.nodes.map((node, i): LayoutNode => {
      const radius = nodeRadius(node, graph.layout);
      this.radii[i] = radius;
      const layoutNode: LayoutNode = { radius };
      const ring = rings(node);
      if (ring !== undefined) layoutNode.ring = ring;
      const angle = angles.get(i);
      if (angle !== undefined) layoutNode.angle = angle;
      const pin = node.mac ? pins.get(node.mac) : undefined;
      const was = pin ? [pin.x, pin.y] : previous.get(node.id);
      if (pin) Object.assign(layoutNode, { fx: pin.x, fy: pin.y });
      if (was) known++;
      // A new node starts at its place on its ring (or on a spiral round the centre): the first
      // frames draw a sketch of the layout, not every node on one point.
      const [x, y] = was ?? startingPoint(layoutNode, i);
      Object.assign(layoutNode, { x, y });
      this.positions[i * 2] = x!;
      this.positions[i * 2 + 1] = y!;
      return layoutNode;
    });
    const links = this.links();
    // Mostly known: a gentle nudge; mostly new: a full layout.
    const alpha = count === 0 ? 0 : known / count > 0.8 ? 0.12 : known / count > 0.3 ? 0.4 : 1;
    return { nodes, links, alpha };
  }

  /**
   * Takes a graph with the same nodes in the same order but other edges (a tick's new
   * conversations): nodes keep their places and rings; returns the links for the worker.
   */
  setEdges(graph: TopologyGraph): LayoutLink[] {
    this.graph = graph;
    this.resize();
    this.indexEdges(graph);
    this.settled = false;
    return this.links();
  }

  /**
   * Takes a graph with the same nodes and edges and more edges after them: they are indexed (not
   * the whole graph again); returns the new edges' links for the worker. `moves`: the layout will
   * move (otherwise it stays as settled as it was).
   */
  appendEdges(graph: TopologyGraph, moves: boolean): LayoutLink[] {
    const from = this.graph.edges.length;
    this.graph = graph;
    this.resize();
    const ends = new Int32Array(graph.edges.length * 2);
    ends.set(this.ends);
    this.ends = ends;
    for (let e = from; e < graph.edges.length; e++) this.indexEdge(e);
    if (moves) this.settled = false;
    return this.links(from);
  }

  /** Node sizes again (open ports or bytes changed); the layout keeps its collision radii. */
  resize(): void {
    this.graph.nodes.forEach((node, i) => (this.radii[i] = nodeRadius(node, this.graph.layout)));
  }

  private indexEdges(graph: TopologyGraph): void {
    this.ends = new Int32Array(graph.edges.length * 2);
    this.neighbours = graph.nodes.map(() => []);
    for (let e = 0; e < graph.edges.length; e++) this.indexEdge(e);
  }

  private indexEdge(e: number): void {
    const edge = this.graph.edges[e]!;
    const a = this.index.get(edge.source)!;
    const b = this.index.get(edge.target)!;
    this.ends[e * 2] = a;
    this.ends[e * 2 + 1] = b;
    this.neighbours[a]!.push(b);
    this.neighbours[b]!.push(a);
  }

  /** The links of the edges from `from` on. */
  private links(from = 0): LayoutLink[] {
    return this.graph.edges.slice(from).map((_edge: TopologyEdge, i): LayoutLink => {
      const a = this.ends[(from + i) * 2]!;
      const b = this.ends[(from + i) * 2 + 1]!;
      return { source: a, target: b, distance: 30 + this.radii[a]! + this.radii[b]! };
    });
  }

  /** Positions from the worker, when they belong to the graph shown. */
  applyPositions(seq: number, positions: Float32Array, settled: boolean): boolean {
    if (seq !== this.seq || positions.length !== this.positions.length) return false;
    this.positions = positions;
    this.settled = settled;
    return true;
  }

  /** Every node's position by id, for the persisted state (a reload starts where it was). */
  savedPositions(): Record<string, [number, number]> {
    const saved: Record<string, [number, number]> = {};
    for (const [id, i] of this.index) {
      saved[id] = [Math.round(this.positions[i * 2]!), Math.round(this.positions[i * 2 + 1]!)];
    }
    return saved;
  }
}

/**
 * Each hop's ring radius (network layout): wide enough for the nodes on it, and always beyond the
 * ring inside it. This machine sits at the centre, the gateway just off it, the Internet outside.
 */
function ringRadii(graph: TopologyGraph): (node: TopologyNode) => number | undefined {
  if (graph.layout !== 'network') return () => undefined;
  const perHop = new Map<number, { count: number; size: number }>();
  let deepest = 1;
  for (const node of graph.nodes) {
    if (node.hops === undefined || node.kind === 'self' || node.kind === 'internet') continue;
    deepest = Math.max(deepest, node.hops);
    const ring = perHop.get(node.hops) ?? { count: 0, size: 0 };
    ring.count++;
    ring.size += 2 * nodeRadius(node, 'network') + 6;
    perHop.set(node.hops, ring);
  }
  const radii: number[] = [0];
  for (let hop = 1; hop <= deepest + 1; hop++) {
    const needed = (perHop.get(hop)?.size ?? 0) / (2 * Math.PI);
    radii[hop] = Math.max(hop * RING, radii[hop - 1]! + RING, needed);
  }
  return (node) => {
    if (node.kind === 'self') return 0;
    if (node.kind === 'gateway') return RING * 0.55;
    if (node.kind === 'internet') return radii[deepest + 1];
    return node.hops === undefined ? undefined : radii[node.hops];
  };
}

/**
 * Each node's angle on its ring (network layout). The first ring is shared evenly, ordered by
 * subnet then address, so a subnet is one arc and its hosts sit side by side; a node further out
 * sits beside the inner node it is linked to (the router it was traced through), its siblings
 * fanned out around that angle.
 */
function ringAngles(
  graph: TopologyGraph,
  ring: (node: TopologyNode) => number | undefined,
  neighbours: readonly number[][],
): Map<number, number> {
  const byRing = new Map<number, number[]>();
  graph.nodes.forEach((node, i) => {
    const radius = ring(node);
    if (radius === undefined || radius === 0) return;
    let members = byRing.get(radius);
    if (!members) byRing.set(radius, (members = []));
    members.push(i);
  });
  const angles = new Map<number, number>();
  // Subnet, then address: keys made once (a collator compare per pair is slow at thousands of nodes).
  const keys = graph.nodes.map((node) => `${node.subnet ?? '~'}|${sortableAddress(node.ip ?? node.id)}`);
  const byKey = (a: number, b: number) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0);
  const spread = (members: number[]) =>
    members.forEach((i, rank) => angles.set(i, (2 * Math.PI * (rank + 0.5)) / members.length - Math.PI / 2));
  for (const [radius, members] of [...byRing].sort((a, b) => a[0] - b[0])) {
    members.sort(byKey);
    const siblings = new Map<number, number[]>();
    const orphans: number[] = [];
    for (const i of members) {
      const parent = (neighbours[i] ?? []).find((n) => angles.has(n) && (ring(graph.nodes[n]!) ?? 0) < radius);
      if (parent === undefined) orphans.push(i);
      else siblings.set(parent, [...(siblings.get(parent) ?? []), i]);
    }
    if (siblings.size === 0) {
      spread(members);
      continue;
    }
    const step = Math.min(0.3, (2 * Math.PI) / members.length);
    for (const [parent, group] of siblings) {
      group.forEach((i, rank) => angles.set(i, angles.get(parent)! + (rank - (group.length - 1) / 2) * step));
    }
    orphans.forEach((i, rank) => angles.set(i, (2 * Math.PI * (rank + 0.5)) / orphans.length + Math.PI / 2));
  }
  return angles;
}

/** An IPv4 address with zero-padded octets (10.1.0.9 before 10.1.0.10 as text); anything else as it is. */
function sortableAddress(ip: string): string {
  const parts = ip.split('.');
  return parts.length === 4 ? parts.map((part) => part.padStart(3, '0')).join('.') : ip;
}

/** Where a node without a position starts: its ring and angle, else a golden-angle spiral. */
function startingPoint(node: LayoutNode, index: number): [number, number] {
  if (node.ring !== undefined && node.angle !== undefined) {
    return [Math.cos(node.angle) * node.ring, Math.sin(node.angle) * node.ring];
  }
  const radius = 12 * Math.sqrt(index + 1);
  const angle = index * 2.399963;
  return [Math.cos(angle) * radius, Math.sin(angle) * radius];
}
