import { Socket } from 'node:net';
import { availableParallelism, constants } from 'node:os';
import { Worker } from 'node:worker_threads';
import { socketBudget } from '../os/openFileLimit';
import type { ProbeTransport, Verdict } from './probeScheduler';

// libuv reports errors as negative errno values.
const errno = constants.errno;
const REFUSED = -errno.ECONNREFUSED;
const RESOURCE = new Set([-errno.EMFILE, -errno.ENFILE, -errno.ENOBUFS, -errno.EADDRNOTAVAIL, -errno.EAGAIN]);

/** Called once per connect that finished: key = hostIndex·65536 + port, libuv status, ms since the connect. */
type Finished = (key: number, status: number, rttMs: number) => void;

/** Connect attempts of one thread. */
interface Lane {
  /**
   * Starts a connect; 0 when it is in flight (its end comes through the lane's callback), else the
   * libuv error it failed with at once.
   */
  connect(key: number, ip: string, port: number): number;
  /** closes the attempt's socket, which stops the kernel's own retransmissions; no callback follows */
  abandon(key: number): void;
  closeAll(): void;
}

/**
 * Node's TCP handle without the stream machinery around it: a connect scan opens tens of
 * thousands of sockets that never carry a byte, and net.Socket costs about twice as much per
 * connect. One completion function for every request (node passes it the handle and the request),
 * so a probe costs two native objects and nothing else.
 *
 * Self-contained (no outer names): worker threads run its source text (see `workerSource`).
 */
function tcpWrapLane(binding: unknown, finished: Finished): Lane {
  interface Handle {
    connect(req: object, ip: string, port: number): number;
    close(): void;
  }
  interface Request {
    oncomplete: (status: number, handle: Handle, req: Request) => void;
    key: number;
    sentAt: number;
  }
  const wrap = binding as {
    TCP: new (type: number) => Handle;
    TCPConnectWrap: new () => Request;
    constants: { SOCKET: number };
  };
  const { TCP, TCPConnectWrap } = wrap;
  const SOCKET = wrap.constants.SOCKET;
  const open = new Map<number, Handle>();
  const complete = (status: number, handle: Handle, req: Request) => {
    handle.close();
    if (open.get(req.key) !== handle) return;
    open.delete(req.key);
    finished(req.key, status, performance.now() - req.sentAt);
  };
  return {
    connect(key, ip, port) {
      const handle = new TCP(SOCKET);
      const req = new TCPConnectWrap();
      req.oncomplete = complete;
      req.key = key;
      req.sentAt = performance.now();
      const error = handle.connect(req, ip, port);
      if (error) {
        handle.close();
        return error;
      }
      open.get(key)?.close();
      open.set(key, handle);
      return 0;
    },
    abandon(key) {
      open.get(key)?.close();
      open.delete(key);
    },
    closeAll() {
      for (const handle of open.values()) handle.close();
      open.clear();
    },
  };
}

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

/** The code a connect worker runs: the two functions above as text, so no extra bundle is needed. */
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
class WorkerLane {
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

function loadTcpWrap(): unknown {
  try {
    const internal = process as unknown as { binding(name: string): unknown };
    const binding = internal.binding('tcp_wrap') as { TCP?: unknown; TCPConnectWrap?: unknown };
    if (typeof binding.TCP !== 'function' || typeof binding.TCPConnectWrap !== 'function') return undefined;
    return binding;
  } catch {
    return undefined;
  }
}

/** Falls back to net.Socket where the binding is missing (other runtimes). */
function socketLane(finished: Finished): Lane {
  const open = new Map<number, Socket>();
  return {
    connect(key, ip, port) {
      open.get(key)?.destroy();
      const socket = new Socket();
      const sentAt = performance.now();
      const finish = (status: number) => {
        if (open.get(key) !== socket) return;
        open.delete(key);
        socket.destroy();
        finished(key, status, performance.now() - sentAt);
      };
      socket.once('connect', () => finish(0));
      socket.once('error', (error: NodeJS.ErrnoException) => finish(-(errno[error.code as keyof typeof errno] ?? 1)));
      open.set(key, socket);
      socket.connect({ host: ip, port });
      return 0;
    },
    abandon(key) {
      open.get(key)?.destroy();
      open.delete(key);
    },
    closeAll() {
      for (const socket of open.values()) socket.destroy();
      open.clear();
    },
  };
}

/** What a finished connect says, in nmap's words. */
export function connectVerdict(status: number): Verdict | undefined {
  if (status === 0) return { state: 'open', reason: 'syn-ack' };
  if (status === REFUSED) return { state: 'closed', reason: 'conn-refused' };
  if (status === -errno.EHOSTUNREACH) return { state: 'filtered', reason: 'host-unreach' };
  if (status === -errno.ENETUNREACH) return { state: 'filtered', reason: 'net-unreach' };
  if (status === -errno.EACCES || status === -errno.EPERM) return { state: 'filtered', reason: 'admin-prohibited' };
  return undefined; // timed out in the kernel, or a local resource problem: try again
}

/** Options of a connect transport. */
export interface ConnectTransportOptions {
  /**
   * Worker threads that connect besides this one (each its own event loop, so the kernel's
   * per-connect work runs on more cores): started already, or a count; default: as
   * `ConnectWorkers.forProbes(expectedProbes)` decides.
   */
  workers?: ConnectWorkers | number;
  /** probes the scan will send at least (host × port pairs), to decide whether workers pay */
  expectedProbes?: number;
}

/**
 * Probes sent per turn of the event loop. Answers from a lab or LAN come back within the turn,
 * so about this many sockets are open at once: few enough to stay in the CPU caches (kernel and
 * Node objects alike), which takes a sixth off a scan's CPU time against 256 at once.
 */
const BURST = 32;
/** probes a worker holds at most: enough to keep it busy through a few turns of this thread */
const WORKER_QUEUE = 4 * BURST;

/** Connect-scan probes: the kernel's connect(), no privilege needed. */
export class ConnectTransport implements ProbeTransport {
  readonly maxInFlight: number;
  readonly initialWindow = 8;
  readonly maxWindow: number;
  readonly burst = BURST;
  readonly minTries = 2;
  readonly silence: Verdict = { state: 'filtered', reason: 'no-response' };
  /** which implementation runs: 'tcp_wrap' or 'net.Socket', and the worker threads */
  readonly implementation: string;
  /** answers that came from this thread and from worker threads */
  readonly answered = { here: 0, workers: 0 };
  private readonly local: Lane;
  /** where each probe in flight is: this thread (true) or a worker */
  private readonly where = new Map<number, WorkerLane | true>();
  private localPending = 0;
  /** the lane chosen for this turn's probes (null: this thread), until the turn ends */
  private turnLane: WorkerLane | null | undefined;
  private readonly pool: ConnectWorkers;

  constructor(
    private readonly ips: readonly string[],
    private readonly onAnswer: (hostIndex: number, port: number, verdict: Verdict, tryNumber?: number) => void,
    options: ConnectTransportOptions = {},
  ) {
    const binding = loadTcpWrap();
    const finished: Finished = (key, status, rttMs) => {
      if (this.where.get(key) !== true) return;
      this.where.delete(key);
      this.localPending--;
      this.answered.here++;
      this.finished(key, status, rttMs);
    };
    this.local = binding ? tcpWrapLane(binding, finished) : socketLane(finished);
    this.maxInFlight = socketBudget(4096);
    this.maxWindow = this.maxInFlight;
    const pool =
      options.workers instanceof ConnectWorkers
        ? options.workers
        : options.workers !== undefined
          ? new ConnectWorkers(options.workers)
          : ConnectWorkers.forProbes(options.expectedProbes ?? 0);
    // Keys carry the host index in 16 bits.
    if (!binding || ips.length > 65536) pool.stop();
    this.pool = pool;
    for (const lane of pool.lanes) {
      lane.attach(
        ips,
        (results) => this.workerResults(lane, results),
        () => this.workerFailed(),
      );
    }
    const count = pool.lanes.length;
    this.implementation = `${binding ? 'tcp_wrap' : 'net.Socket'}${count ? ` + ${count} worker thread${count > 1 ? 's' : ''}` : ''}`;
  }

  send(hostIndex: number, port: number): boolean {
    const key = hostIndex * 65536 + port;
    const lane = this.turnLane === undefined ? this.chooseLane() : this.turnLane;
    this.release(key);
    if (lane) {
      this.where.set(key, lane);
      lane.send(key);
      return true;
    }
    this.where.set(key, true);
    this.localPending++;
    const error = this.local.connect(key, this.ips[hostIndex]!, port);
    if (error) {
      this.where.delete(key);
      this.localPending--;
      if (RESOURCE.has(error)) return false;
      this.finished(key, error, 0);
    }
    return true;
  }

  abandon(hostIndex: number, port: number): void {
    this.release(hostIndex * 65536 + port);
  }

  /**
   * Where this turn's probes go: all of a turn's probes take one lane, so a worker gets them in
   * one message (each message costs a wake-up of the other thread). A worker takes them while
   * it holds at most WORKER_QUEUE - BURST (the least busy one first), this thread otherwise. The
   * bound keeps a worker's queue short: time spent waiting there counts against the timeout.
   */
  private chooseLane(): WorkerLane | undefined {
    let lane: WorkerLane | undefined;
    let least = WORKER_QUEUE - BURST + 1;
    for (const worker of this.pool.lanes) {
      if (worker.ready && !worker.failed && worker.pending < least) [lane, least] = [worker, worker.pending];
    }
    this.turnLane = lane ?? null;
    queueMicrotask(() => (this.turnLane = undefined));
    return lane;
  }

  close(): void {
    this.local.closeAll();
    this.pool.stop();
    this.where.clear();
    this.localPending = 0;
  }

  /** Forgets a probe in flight, wherever it is. */
  private release(key: number): void {
    const lane = this.where.get(key);
    if (lane === undefined) return;
    this.where.delete(key);
    if (lane === true) {
      this.localPending--;
      this.local.abandon(key);
    } else {
      lane.abandon(key);
    }
  }

  private workerResults(lane: WorkerLane, results: Float64Array): void {
    for (let i = 0; i < results.length; i += 3) {
      const key = results[i]!;
      const status = results[i + 1]!;
      if (this.where.get(key) !== lane) {
        // Timed out meanwhile (this thread was late to read it): still an answer from the host,
        // which settles a retry in flight too.
        if (RESOURCE.has(status) || !connectVerdict(status)) continue;
        this.release(key);
        this.finished(key, status, results[i + 2]!);
        continue;
      }
      this.where.delete(key);
      lane.pending--;
      if (RESOURCE.has(status)) {
        // Out of sockets there: this thread tries it (its own limit is the same process's, but
        // the scheduler shrinks the window when this fails too).
        this.where.set(key, true);
        this.localPending++;
        const error = this.local.connect(key, this.ips[Math.floor(key / 65536)]!, key % 65536);
        if (error) {
          this.where.delete(key);
          this.localPending--;
        }
        continue;
      }
      this.answered.workers++;
      this.finished(key, status, results[i + 2]!);
    }
  }

  /** A worker died (it should not): its probes go unanswered and are retried by the scheduler. */
  private workerFailed(): void {
    for (const [key, lane] of this.where) {
      if (lane !== true && lane.failed) this.where.delete(key);
    }
  }

  private finished(key: number, status: number, rttMs: number): void {
    const verdict = connectVerdict(status);
    if (!verdict) return;
    this.onAnswer(Math.floor(key / 65536), key % 65536, {
      state: verdict.state,
      reason: verdict.reason,
      rttMs: Math.round(rttMs * 100) / 100,
    });
  }
}
