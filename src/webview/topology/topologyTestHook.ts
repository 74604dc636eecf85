// What the view shows tests and the render bench, which run outside the bundle: the graph it holds
// and where it drew each node, through a read-only global, and an event after each drawn frame
// with what it cost (as the dashboard's `lanlens-rendered`).
import type { TopologyLayoutKind } from '../../shared/topology/topologyModel';
import type { TopologyCanvas } from './topologyCanvas';
import type { RenderedTopology, TopologyTestHook } from './topologyHook';
import { renderedEvent } from './topologyHook';

/** Installs `window.lanLensTopology`. */
export function exposeForTests(map: TopologyCanvas, layout: () => TopologyLayoutKind): void {
  const hook: TopologyTestHook = {
    layout,
    graph: () => map.scene.graph,
    selected: () => map.scene.graph.nodes[map.selected]?.id,
    focused: () => [...map.focus].map((i) => map.scene.graph.nodes[i]!.id),
    matches: () => (map.matches ? [...map.matches].map((i) => map.scene.graph.nodes[i]!.id) : undefined),
    screenPositions: () => {
      const { positions: p, shown, graph } = map.scene;
      const t = map.transform;
      const out: Record<string, [number, number]> = {};
      graph.nodes.forEach((node, i) => {
        if (shown[i]) out[node.id] = [t.x + p[i * 2]! * t.k, t.y + p[i * 2 + 1]! * t.k];
      });
      return out;
    },
    layoutStats: () => map.layoutStats,
    transform: () => ({ k: map.transform.k, x: map.transform.x, y: map.transform.y }),
  };
  Object.defineProperty(window, 'lanLensTopology', { value: Object.freeze(hook) });
}

/** Tells the tests and the bench what a drawn frame cost. */
export function dispatchRendered(detail: RenderedTopology): void {
  document.dispatchEvent(new CustomEvent(renderedEvent, { detail }));
}
