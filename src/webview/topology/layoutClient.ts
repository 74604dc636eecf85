// Starts the layout worker from the code esbuild bundled into this page (a blob: URL, the only
// kind of worker the CSP allows) and passes graphs in and positions out.
import type { LayoutLink, LayoutNode, LayoutPositions, ToLayout } from './layoutMessages';

/** The worker's bundled code (esbuild.js defines it from layoutWorker.ts). */
declare const LANLENS_WORKER_LAYOUT: string;

/** The page's end of the layout worker. */
export class LayoutClient {
  private readonly worker: Worker;
  private readonly url: string;
  private seq = 0;

  constructor(onPositions: (message: LayoutPositions) => void, onError: (error: unknown) => void) {
    this.url = URL.createObjectURL(new Blob([LANLENS_WORKER_LAYOUT], { type: 'text/javascript' }));
    this.worker = new Worker(this.url);
    this.worker.addEventListener('message', (event: MessageEvent<LayoutPositions>) => onPositions(event.data));
    this.worker.addEventListener('error', (event) => onError(event.error ?? event.message));
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
