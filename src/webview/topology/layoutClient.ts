// Starts the layout worker from the code esbuild bundled into this page (a blob: URL, the only
// kind of worker the CSP allows) and passes graphs in and positions out; asks it to build graphs.
import type { TopologyGraph, TopologyInputs, TopologyLayoutKind } from '../../shared/topology/topologyModel';
import type { FromLayout, LayoutLink, LayoutNode, LayoutPositions, ToLayout } from './layoutMessages';

/** The worker's bundled code (esbuild.js defines it from layoutWorker.ts). */
declare const LANLENS_WORKER_LAYOUT: string;

/** The page's end of the layout worker. */
export class LayoutClient {
  private readonly worker: Worker;
  private readonly url: string;
  private seq = 0;
  private builds = 0;
  private readonly building = new Map<number, { resolve(graph: TopologyGraph): void; reject(error: unknown): void }>();

  constructor(onPositions: (message: LayoutPositions) => void, onError: (error: unknown) => void) {
    this.url = URL.createObjectURL(new Blob([LANLENS_WORKER_LAYOUT], { type: 'text/javascript' }));
    this.worker = new Worker(this.url);
    this.worker.addEventListener('message', (event: MessageEvent<FromLayout>) => {
      const message = event.data;
      if (message.type === 'positions') return onPositions(message);
      this.building.get(message.seq)?.resolve(message.graph);
      this.building.delete(message.seq);
    });
    this.worker.addEventListener('error', (event) => {
      const error: unknown = event.error ?? event.message;
      // A build the worker failed in is answered by no graph: its caller hears the error.
      for (const pending of this.building.values()) pending.reject(error);
      this.building.clear();
      onError(error);
    });
  }

  /** Lays out a graph; returns its sequence number (positions name it). */
  layout(nodes: LayoutNode[], links: LayoutLink[], alpha: number): number {
    const seq = ++this.seq;
    this.post({ type: 'graph', seq, nodes, links, alpha });
    return seq;
  }

  /** Other edges between the same nodes; positions keep their sequence number. */
  relink(links: LayoutLink[], alpha: number): void {
    this.post({ type: 'links', links, alpha });
  }

  /** More edges between the same nodes, after those the worker holds. */
  addLinks(links: LayoutLink[], alpha: number): void {
    this.post({ type: 'addLinks', links, alpha });
  }

  /** The graph of a layout, built in the worker from `inputs` (their rows as arrays, so they can be posted). */
  build(inputs: TopologyInputs, layout: TopologyLayoutKind): Promise<TopologyGraph> {
    const seq = ++this.builds;
    return new Promise((resolve, reject) => {
      this.building.set(seq, { resolve, reject });
      this.post({ type: 'build', seq, inputs, layout });
    });
  }

  pin(index: number, x?: number, y?: number): void {
    this.post({ type: 'pin', index, x, y });
  }

  private post(message: ToLayout): void {
    this.worker.postMessage(message);
  }

  dispose(): void {
    this.worker.terminate();
    URL.revokeObjectURL(this.url);
  }
}
