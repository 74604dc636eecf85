// What the page and the layout worker say to each other. Positions travel as one Float32Array
// (x, y per node in the order the graph was sent), transferred rather than copied. The worker also
// builds graphs (a whole build at thousands of hosts would hold the page's thread too long).
import type { TopologyGraph, TopologyInputs, TopologyLayoutKind } from '../../shared/topology/topologyModel';

/** One node as the layout sees it. */
export interface LayoutNode {
  /** target distance from the centre in layout units (network layout: by hop); absent: free */
  ring?: number;
  /** its place on the ring, radians (its subnet's arc); absent: none */
  angle?: number;
  /** collision radius */
  radius: number;
  /** where it was (warm start) */
  x?: number;
  y?: number;
  /** pinned here */
  fx?: number;
  fy?: number;
}

/** One edge, by node index. */
export interface LayoutLink {
  source: number;
  target: number;
  /** rest length */
  distance: number;
}

/** Page → worker. */
export type ToLayout =
  | {
      type: 'graph';
      /** names this graph in the positions that answer it */
      seq: number;
      nodes: LayoutNode[];
      links: LayoutLink[];
      /** start energy: 1 for a fresh layout, lower to let a changed graph settle without jumping */
      alpha: number;
    }
  /** the same nodes with other edges: the layout goes on from where it is, with a little energy */
  | { type: 'links'; links: LayoutLink[]; alpha: number }
  /** more edges after those held (a tick's new conversations); alpha 0: nothing moves */
  | { type: 'addLinks'; links: LayoutLink[]; alpha: number }
  /** builds the graph of a layout from these inputs (their rows as arrays); answered by `built` */
  | { type: 'build'; seq: number; inputs: TopologyInputs; layout: TopologyLayoutKind }
  /** pins a node (both set) or frees it */
  | { type: 'pin'; index: number; x?: number; y?: number }
  | { type: 'stop' };

/** Worker → page. */
export interface LayoutPositions {
  type: 'positions';
  seq: number;
  /** x, y per node */
  positions: Float32Array;
  /** the layout has come to rest */
  settled: boolean;
  /** ticks computed for this graph so far */
  ticks: number;
  /** ms since the graph arrived */
  elapsedMs: number;
}

/** Worker → page: the graph a `build` asked for. */
export interface BuiltGraph {
  type: 'built';
  /** the `build`'s */
  seq: number;
  graph: TopologyGraph;
}

/** Everything the worker posts. */
export type FromLayout = LayoutPositions | BuiltGraph;

/** Layout timings, for the tests and the bench. */
export interface LayoutStats {
  /** ms from sending a graph to the worker until it settled (or so far) */
  layoutMs: number;
  ticks: number;
  settled: boolean;
  /** performance.now() in the page when the graph went to the worker */
  startedAt: number;
}
