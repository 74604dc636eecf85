// Collects nodes and evidence-carrying edges while a graph is built: a node is made once and
// refined after; an edge exists only through `link`, which needs a piece of evidence, and two
// links of the same pair become one edge with both pieces.
import { formatBytes } from '../format/displayFormat';
import type {
  Evidence,
  TopologyEdge,
  TopologyGraph,
  TopologyLayoutKind,
  TopologyNode,
  TopologyNodeKind,
} from './topologyModel';

/** The id of the edge between two nodes, whichever way round they are given. */
export function edgeId(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Adds a reason to an edge unless it holds it (traffic is one reason whatever its bytes: `graph` words it). */
export function addEvidence(edge: TopologyEdge, evidence: Readonly<Evidence>): void {
  const held = edge.evidence.some(
    (reason) => reason.kind === evidence.kind && (reason.kind === 'traffic' || reason.detail === evidence.detail),
  );
  if (!held) edge.evidence.push({ ...evidence });
}

/** The evidence of captured traffic (its words are written when the graph is finished). */
export const TRAFFIC: Readonly<Evidence> = { kind: 'traffic', detail: '' };

/** A node with every optional field at its empty value. */
export function blankNode(id: string, kind: TopologyNodeKind, label: string, icon: string): TopologyNode {
  return { id, kind, label, icon, openPorts: 0, bytes: 0, passiveOnly: false, lastSeen: 0, stale: false };
}

/** Nodes and edges of a graph being built. */
export class GraphBuilder {
  readonly nodes = new Map<string, TopologyNode>();
  readonly edges = new Map<string, TopologyEdge>();

  /** The node with `id`, made by `create` when there is none yet. */
  node(id: string, create: () => TopologyNode): TopologyNode {
    let node = this.nodes.get(id);
    if (!node) this.nodes.set(id, (node = create()));
    return node;
  }

  /**
   * Links two nodes for a reason (the same reason twice counts once); traffic adds its bytes from
   * `source` to `target` and back. A node is never linked to itself, nor to one that does not exist.
   */
  link(source: string, target: string, evidence: Readonly<Evidence>, out = 0, back = 0): void {
    if (source === target || !this.nodes.has(source) || !this.nodes.has(target)) return;
    const id = edgeId(source, target);
    let edge = this.edges.get(id);
    if (!edge) {
      edge = { id, source, target, evidence: [], bytesOut: 0, bytesIn: 0 };
      this.edges.set(id, edge);
    }
    addEvidence(edge, evidence);
    if (out !== 0 || back !== 0) {
      const forward = edge.source === source;
      edge.bytesOut += forward ? out : back;
      edge.bytesIn += forward ? back : out;
    }
  }

  /** The finished graph: traffic evidence says its bytes. */
  graph(layout: TopologyLayoutKind, switchedLan: boolean, collapsed: string[] = []): TopologyGraph {
    const edges = [...this.edges.values()];
    for (const edge of edges) {
      for (const evidence of edge.evidence) {
        if (evidence.kind === 'traffic') evidence.detail = trafficWords(edge);
      }
    }
    return { layout, nodes: [...this.nodes.values()], edges, switchedLan, collapsed };
  }
}

/** `1.20 kB →, 300 B ←` for the tooltip. */
export function trafficWords(edge: Pick<TopologyEdge, 'bytesOut' | 'bytesIn'>): string {
  return `${formatBytes(edge.bytesOut)} →, ${formatBytes(edge.bytesIn)} ←`;
}
