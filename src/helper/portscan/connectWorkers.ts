import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadTcpWrap, tcpWrapLane } from './connectLanes';
import type { Finished, Lane } from './connectLanes';

/**
 * A worker thread's side: connects the keys it is sent (Uint32Array batches; an `abandon` batch
 * closes them), and sends back [key, status, rttMs] triples once per turn of its event loop.
 * Self-contained, like `tcpWrapLane`.
 */
function connectWorkerMain(
  port: {
    on(event: 'message', listener: (message: unknown) => void): void;
    postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  },
  makeLane: (finished: Finished) => Lane,
): void {
  let results: number[] = [];
  let flushing = false;
  let ips: readonly string[] = [];
  const flush = () => {
    flushing = false;
    const batch = Float64Array.from(results);
    results = [];
    port.postMessage(batch, [batch.buffer]);
  };
  const report = (key: number, status: number, rttMs: number) => {
    results.push(key, status, rttMs);
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  };
  const lane = makeLane(report);
  port.on('message', (message) => {
    const batch = message as { ips?: string[]; probes?: Uint32Array; abandon?: Uint32Array };
    if (batch.ips) ips = batch.ips;
    if (batch.abandon) for (const key of batch.abandon) lane.abandon(key);
    if (!batch.probes) return;
    for (const key of batch.probes) {
      const error = lane.connect(key, ips[Math.floor(key / 65536)]!, key % 65536);
      if (error) report(key, error, 0);
    }
  });
  port.postMessage('ready');
}

/** The code a connect worker runs: `tcpWrapLane` and `connectWorkerMain` as text, so no extra bundle is needed. */
function workerSource(): string {
  // Transpilers may wrap named functions in a `__name` helper (esbuild's keepNames); the worker has none.
  return `'use strict';
var __name = (target) => target;
const { parentPort } = require('node:worker_threads');
const tcpWrapLane = ${tcpWrapLane.toString()};
const connectWorkerMain = ${connectWorkerMain.toString()};
const binding = process.binding('tcp_wrap');
connectWorkerMain(parentPort, (finished) => tcpWrapLane(binding, finished));
`;
}

/** A worker thread and the probes it holds. */
export class WorkerLane {
  ready = false;
  failed = false;
  private stopped = false;
  pending = 0;
  private probes: number[] = [];
  private abandoned: number[] = [];
  private flushQueued = false;
  private onResults: ((results: Float64Array) => void) | undefined;
  private onFail: (() => void) | undefined;
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(workerSource(), { eval: true });
    this.worker.unref();
    this.worker.on('message', (message: unknown) => {
      if (message === 'ready') this.ready = true;
      else this.onResults?.(message as Float64Array);
    });
    // A worker that fails or ends before it is stopped takes no more probes; the scheduler retries
    // those it held once they time out.
    const fail = () => {
      if (this.failed || this.stopped) return;
      this.failed = true;
      this.onFail?.();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  /** Gives the worker its targets (host index → address) and where its answers go. */
  attach(ips: readonly string[], onResults: (results: Float64Array) => void, onFail: () => void): void {
    this.onResults = onResults;
    this.onFail = onFail;
    if (!this.failed) this.worker.postMessage({ ips });
  }

  send(key: number): void {
    this.pending++;
    this.probes.push(key);
    this.queueFlush();
  }

  abandon(key: number): void {
    this.pending--;
    this.abandoned.push(key);
    this.queueFlush();
  }

  /** Probes of one scheduler turn go in one message. */
  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      const message: { probes?: Uint32Array; abandon?: Uint32Array } = {};
      if (this.abandoned.length) message.abandon = Uint32Array.from(this.abandoned);
      if (this.probes.length) message.probes = Uint32Array.from(this.probes);
      this.abandoned = [];
      this.probes = [];
      if (!this.failed) this.worker.postMessage(message);
    });
  }

  stop(): void {
    this.stopped = true;
    void this.worker.terminate();
  }
}

/** Below this many probes a worker's start-up (tens of ms) costs more than it saves. */
export const WORKER_MIN_PROBES = 2048;

/**
 * Worker threads for a connect scan, started ahead of it (each takes some 30 ms to start, which
 * ARP discovery can cover). One per further core, up to 3, when at least `WORKER_MIN_PROBES`
 * probes are expected; none where Node's TCP binding is missing. A transport given them stops them.
 */
export class ConnectWorkers {
  readonly lanes: WorkerLane[] = [];

  constructor(count: number) {
    if (!loadTcpWrap()) return;
    for (let i = 0; i < count; i++) this.lanes.push(new WorkerLane());
  }

  static forProbes(expectedProbes: number): ConnectWorkers {
    return new ConnectWorkers(expectedProbes >= WORKER_MIN_PROBES ? Math.min(3, availableParallelism() - 1) : 0);
  }

  stop(): void {
    for (const lane of this.lanes) lane.stop();
    this.lanes.length = 0;
  }
}
