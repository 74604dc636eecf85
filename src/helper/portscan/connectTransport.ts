import { constants } from 'node:os';
import { socketBudget } from '../os/openFileLimit';
import { loadTcpWrap, socketLane, tcpWrapLane } from './connectLanes';
import type { Finished, Lane } from './connectLanes';
import { ConnectWorkers } from './connectWorkers';
import type { WorkerLane } from './connectWorkers';
import type { ProbeTransport, Verdict } from './probeTransport';

// libuv reports errors as negative errno values.
const errno = constants.errno;
const REFUSED = -errno.ECONNREFUSED;
const RESOURCE = new Set([-errno.EMFILE, -errno.ENFILE, -errno.ENOBUFS, -errno.EADDRNOTAVAIL, -errno.EAGAIN]);

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
