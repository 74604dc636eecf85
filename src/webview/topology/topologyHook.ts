// What the topology view shows tests and the render bench, which run outside the bundle (and
// compile without the DOM's types): the shape of the `lanLensTopology` global and of the event
// dispatched after each drawn frame.
import type { TopologyGraph, TopologyLayoutKind } from '../../shared/topology/topologyModel';
import type { LayoutStats } from './layoutMessages';

/** `document` event after each frame; detail: RenderedTopology. */
export const renderedEvent = 'lanlens-topology-rendered';

/** How a frame drew the edges: straight onto the map (moving), copied from the edge layer as it was, or with the layer drawn afresh. */
export type EdgePass = 'direct' | 'copied' | 'redrawn';

/** What one frame cost. */
export interface RenderedTopology extends LayoutStats {
  renderMs: number;
  edges: EdgePass;
  /** ms spent folding ticks and rebuilding the graph since the previous frame (0 while a rebuild is due) */
  applyMs: number;
}

/** The global `lanLensTopology`. */
export interface TopologyTestHook {
  layout(): TopologyLayoutKind;
  graph(): TopologyGraph;
  /** id of the selected node */
  selected(): string | undefined;
  /** ids of the nodes a double-click focused on (the node and its neighbours); empty: no focus */
  focused(): string[];
  /** ids of the nodes the search matches; undefined: no search */
  matches(): string[] | undefined;
  /** node id → [x, y] on the canvas in CSS pixels, for the nodes the filters show */
  screenPositions(): Record<string, [number, number]>;
  layoutStats(): LayoutStats;
  /** the zoom transform */
  transform(): { k: number; x: number; y: number };
}
