import { RttEstimator, DEFAULT_RTO } from './rttEstimator';
import { HostState, positionTable } from './hostProbeState';
import type { ProbeTransport, Verdict } from './probeTransport';

/** One host of a scheduled scan. */
export interface ScheduledHost {
  /** ports to probe, ascending */
  ports: readonly number[];
  /** a round trip already measured (ARP, a ping), to start timeouts from; ms */
  seedRttMs?: number;
}

/** Options of a scheduled scan. */
export interface ScheduleOptions {
  hosts: ScheduledHost[];
  transport: ProbeTransport;
  signal?: AbortSignal;
  /** probes per second at most; absent: only congestion control limits the pace */
  maxRate?: number;
  /** called once per port when its state is final (or improved by a late answer) */
  onVerdict?: (hostIndex: number, port: number, verdict: Verdict) => void;
  /** per host, the map verdicts are written to (the caller's own, so nothing is copied); default: new maps */
  verdicts?: Map<number, Verdict>[];
  now?: () => number;
}

/** Per-host results of a scheduled scan. */
export interface ScheduleResult {
  /** per host: port → verdict */
  verdicts: Map<number, Verdict>[];
  /** per host: smoothed RTT in ms, when measured */
  srttMs: (number | undefined)[];
  /** per host: it answered at least one probe */
  answered: boolean[];
  sent: number;
  cancelled: boolean;
}

const MAX_TRIES = 10;

/**
 * Runs probes for every host×port the way nmap's scan engine does: per-host congestion windows
 * (slow start, halved when a retransmission is what got answered), timeouts from each host's
 * measured RTT (RFC 6298), retries only as many as loss requires, a global in-flight cap (the
 * open-file limit for connect scans), an optional rate limit, and bursts small enough that answers
 * are read between them. Answers come back through `answer()`.
 */
export class ProbeScheduler {
  private readonly hosts: HostState[];
  /** probes in flight across every host */
  private inFlight = 0;
  private readonly verdicts: Map<number, Verdict>[];
  private readonly transport: ProbeTransport;
  private readonly now: () => number;
  private readonly globalRtt: RttEstimator;
  private maxInFlight: number;
  private sent = 0;
  private rrStart = 0;
  private tokens = 0;
  private lastRefill = 0;
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private resolve: (() => void) | undefined;
  private finished = false;

  constructor(private readonly options: ScheduleOptions) {
    this.transport = options.transport;
    this.now = options.now ?? (() => performance.now());
    const rto = this.transport.rto ?? DEFAULT_RTO;
    this.globalRtt = new RttEstimator(rto);
    const tables = new Map<readonly number[], Int32Array>();
    this.hosts = options.hosts.map((host) => {
      let positions = tables.get(host.ports);
      if (!positions) tables.set(host.ports, (positions = positionTable(host.ports)));
      const state = new HostState(
        host.ports,
        positions,
        this.transport.initialWindow,
        this.transport.maxWindow,
        this.transport.minTries,
        rto,
        () => (this.globalRtt.hasSample ? this.globalRtt.rtoMs() : undefined),
      );
      if (host.seedRttMs !== undefined) {
        state.rtt.sample(host.seedRttMs);
        this.globalRtt.sample(host.seedRttMs);
      }
      return state;
    });
    this.verdicts = options.verdicts ?? options.hosts.map(() => new Map<number, Verdict>());
    this.maxInFlight = this.transport.maxInFlight;
  }

  /** Sends every probe and resolves once each port has a verdict (or the signal aborts). */
  async run(): Promise<ScheduleResult> {
    const { signal } = this.options;
    const onAbort = () => this.schedule();
    signal?.addEventListener('abort', onAbort);
    try {
      this.lastRefill = this.now();
      await new Promise<void>((resolve) => {
        this.resolve = resolve;
        this.pump();
      });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.immediate) clearImmediate(this.immediate);
      if (this.timer) clearTimeout(this.timer);
      this.abandonAll();
    }
    return {
      verdicts: this.verdicts,
      srttMs: this.hosts.map((host) => host.shownRtt.smoothedMs ?? host.rtt.smoothedMs),
      answered: this.hosts.map((host) => host.answered),
      sent: this.sent,
      cancelled: signal?.aborted ?? false,
    };
  }

  /** probes sent so far */
  get probesSent(): number {
    return this.sent;
  }

  /**
   * An answer for host×port. `tryNumber` is the try it answers when the reply tells (SYN scans
   * encode it in the sequence number), undefined when it cannot be known.
   */
  answer(hostIndex: number, port: number, verdict: Verdict, tryNumber?: number): void {
    const host = this.hosts[hostIndex];
    if (!host || this.finished) return;
    host.answered = true;
    const position = host.positions[port] ?? -1;
    let rttMs = verdict.rttMs;
    if (position >= 0 && host.sentAt[position]! >= 0) {
      // Timed here, not by the transport: timeouts run on this clock, so they must cover the time
      // an answer waits for this thread too (a worker's queue, a busy turn of the event loop).
      const elapsed = this.now() - host.sentAt[position]!;
      host.sentAt[position] = -1;
      host.inFlight--;
      this.inFlight--;
      const sentTry = host.tries[position]! - 1;
      const answeredTry = tryNumber ?? sentTry;
      rttMs ??= Math.round(elapsed * 100) / 100;
      // Karn: only a first transmission answered by itself gives a round trip to learn from.
      if (sentTry === 0 && answeredTry === 0) {
        host.rtt.sample(elapsed);
        this.globalRtt.sample(elapsed);
        if (verdict.rttMs !== undefined) host.shownRtt.sample(verdict.rttMs);
      }
      this.grow(host, answeredTry);
    }
    const verdicts = this.verdicts[hostIndex]!;
    const previous = verdicts.get(port);
    // A late answer beats silence; otherwise the first answer stands.
    if (previous && previous.reason !== this.transport.silence.reason) return;
    const final = verdict.rttMs === rttMs ? verdict : { state: verdict.state, reason: verdict.reason, rttMs };
    verdicts.set(port, final);
    this.options.onVerdict?.(hostIndex, port, final);
    this.schedule();
  }

  private grow(host: HostState, answeredTry: number): void {
    if (answeredTry > 0) {
      // The first try was lost: the path drops, so back off and allow as many tries as that took.
      host.ssthresh = Math.max(4, Math.floor(host.cwnd / 2));
      host.cwnd = host.ssthresh;
      host.maxTries = Math.min(MAX_TRIES, Math.max(host.maxTries, answeredTry + 2));
      return;
    }
    const max = this.transport.maxWindow;
    host.cwnd = Math.min(max, host.cwnd < host.ssthresh ? host.cwnd + 1 : host.cwnd + 1 / host.cwnd);
  }

  /** Runs the pump on the next turn of the event loop, once however often it is asked. */
  private schedule(): void {
    if (this.finished) return;
    this.immediate ??= setImmediate(() => {
      this.immediate = undefined;
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.finished) return;
    if (this.options.signal?.aborted) return this.finish();
    const now = this.now();
    this.expire(now);
    const sentNow = this.sendBurst(now);
    if (this.inFlight === 0 && !this.hosts.some((host) => host.hasWork)) return this.finish();
    if (sentNow >= this.transport.burst) return this.schedule();
    // Otherwise wake for the next timeout (answers wake us sooner) or the next rate token.
    let wait = 50;
    for (const host of this.hosts) {
      const index = this.firstLive(host);
      if (index >= 0) wait = Math.min(wait, Math.max(1, host.timeouts.deadlineAt(index) - now));
    }
    if (this.options.maxRate && this.hosts.some((host) => host.hasWork)) wait = Math.min(wait, 5);
    this.timer = setTimeout(() => this.pump(), wait);
  }

  /** the queue index of the host's oldest probe still in flight, or -1 */
  private firstLive(host: HostState): number {
    for (let index = host.timeouts.first(); index >= 0; index = host.timeouts.nextOf(index)) {
      if (host.sentAt[host.timeouts.positionAt(index)] === host.timeouts.sentAtAt(index)) return index;
    }
    return -1;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.resolve?.();
  }

  /** Probes past their deadline are retried, or get the silence verdict after the last try. */
  private expire(now: number): void {
    this.hosts.forEach((host, index) => this.expireHost(host, index, now));
  }

  private expireHost(host: HostState, hostIndex: number, now: number): void {
    const queue = host.timeouts;
    for (let index = queue.first(); index >= 0; index = queue.first()) {
      const position = queue.positionAt(index);
      const live = host.sentAt[position] === queue.sentAtAt(index);
      if (live && queue.deadlineAt(index) > now) break;
      queue.shift();
      if (!live) continue;
      host.sentAt[position] = -1;
      host.inFlight--;
      this.inFlight--;
      const port = host.ports[position]!;
      this.transport.abandon?.(hostIndex, port);
      const tryNumber = host.tries[position]! - 1;
      // Silence is no sign of congestion (filtered ports never answer): only an answered
      // retransmission is. So a first try that timed out opens the window as an answer would.
      if (tryNumber === 0) this.grow(host, 0);
      const verdicts = this.verdicts[hostIndex]!;
      if (verdicts.has(port)) continue;
      if (tryNumber + 1 < host.maxTries) {
        host.retries.push(position);
      } else {
        const verdict = this.transport.silence;
        verdicts.set(port, verdict);
        this.options.onVerdict?.(hostIndex, port, verdict);
      }
    }
  }

  /** Forgets every probe still in flight (the scan is over or cancelled). */
  private abandonAll(): void {
    this.hosts.forEach((host, hostIndex) => {
      const queue = host.timeouts;
      for (let index = queue.first(); index >= 0; index = queue.nextOf(index)) {
        const position = queue.positionAt(index);
        if (host.sentAt[position] !== queue.sentAtAt(index)) continue;
        host.sentAt[position] = -1;
        this.transport.abandon?.(hostIndex, host.ports[position]!);
      }
      host.inFlight = 0;
    });
    this.inFlight = 0;
  }

  private sendBurst(now: number): number {
    const { maxRate } = this.options;
    if (maxRate) {
      this.tokens = Math.min(this.transport.burst, this.tokens + ((now - this.lastRefill) * maxRate) / 1000);
      this.lastRefill = now;
    }
    let budget = this.transport.burst;
    let sentNow = 0;
    const count = this.hosts.length;
    for (let pass = 0; pass < count && budget > 0; pass++) {
      const index = (this.rrStart + pass) % count;
      const host = this.hosts[index]!;
      const verdicts = this.verdicts[index]!;
      const rto = host.rtt.rtoMs();
      while (budget > 0 && host.hasWork && host.inFlight < Math.floor(host.cwnd)) {
        if (this.inFlight >= this.maxInFlight) return sentNow;
        if (maxRate) {
          if (this.tokens < 1) return sentNow;
          this.tokens--;
        }
        const retry = host.retryHead < host.retries.length;
        const position = retry ? host.retries[host.retryHead++]! : host.next++;
        if (retry && host.retryHead === host.retries.length) [host.retries, host.retryHead] = [[], 0];
        const port = host.ports[position]!;
        const tryNumber = host.tries[position]!;
        if (verdicts.has(port)) continue; // a late answer settled it meanwhile
        if (!this.transport.send(index, port, tryNumber)) {
          // Out of sockets: the probe goes first again, without counting a try.
          if (retry) host.retries.splice(host.retryHead, 0, position);
          else host.next--;
          this.maxInFlight = Math.max(8, Math.min(this.maxInFlight, this.inFlight) - 8);
          return sentNow;
        }
        host.tries[position] = tryNumber + 1;
        if (host.sentAt[position]! < 0) {
          host.inFlight++;
          this.inFlight++;
        }
        host.sentAt[position] = now;
        host.timeouts.push(position, now, now + rto);
        this.sent++;
        sentNow++;
        budget--;
      }
    }
    this.rrStart = (this.rrStart + 1) % Math.max(1, count);
    return sentNow;
  }
}
