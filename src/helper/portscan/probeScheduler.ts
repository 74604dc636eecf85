import { RttEstimator, DEFAULT_RTO } from './rttEstimator';
import type { RtoBounds } from './rttEstimator';
import type { PortState } from '../../shared/model/ports';

/** What one probe's answer (or lasting silence) says about a port. */
export interface Verdict {
  state: PortState;
  /** nmap's --reason word: 'syn-ack', 'reset', 'conn-refused', 'no-response', 'port-unreach'… */
  reason: string;
  /** round trip of the deciding answer, in ms */
  rttMs?: number;
}

/** How a scan technique sends probes; the scheduler decides when and how often. */
export interface ProbeTransport {
  /** probes in flight at most across every host (sockets for connect, frames for SYN) */
  readonly maxInFlight: number;
  /** congestion window a host starts with, and its ceiling */
  readonly initialWindow: number;
  readonly maxWindow: number;
  /** probes sent per event-loop turn at most, so answers are read between bursts */
  readonly burst: number;
  /** tries per port before silence is final, at least (nmap starts at 2 and adds more once loss is seen) */
  readonly minTries: number;
  /** what silence after the last try means: filtered for TCP, open|filtered for UDP */
  readonly silence: Verdict;
  readonly rto?: RtoBounds;
  /**
   * Sends one probe (`tryNumber` counts from 0). Returns false when it cannot now (out of sockets):
   * the probe is queued again without counting a try, and fewer are kept in flight.
   */
  send(hostIndex: number, port: number, tryNumber: number): boolean;
  /** forgets a probe that timed out or is no longer wanted (closes its socket) */
  abandon?(hostIndex: number, port: number): void;
}

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

interface InFlight {
  host: number;
  port: number;
  tryNumber: number;
  sentAt: number;
  deadline: number;
  /** cleared when the probe was answered or timed out: the timeout queue skips it */
  live: boolean;
}

class HostState {
  next = 0;
  readonly retries: { port: number; tryNumber: number }[] = [];
  inFlight = 0;
  /** probes in the order sent: deadlines grow along it as long as the RTO does not shrink */
  timeouts: InFlight[] = [];
  timeoutHead = 0;
  cwnd: number;
  ssthresh: number;
  answered = false;
  /** tries per port before silence is final: as nmap, per host, raised when a retransmission is what got answered */
  maxTries: number;
  readonly rtt: RttEstimator;
  constructor(
    readonly ports: readonly number[],
    window: number,
    maxWindow: number,
    minTries: number,
    rto: RtoBounds,
    fallback: () => number | undefined,
  ) {
    this.maxTries = Math.max(2, minTries);
    this.cwnd = window;
    this.ssthresh = maxWindow;
    this.rtt = new RttEstimator(rto, fallback);
  }
  get hasWork(): boolean {
    return this.retries.length > 0 || this.next < this.ports.length;
  }
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
  private readonly inFlight = new Map<number, InFlight>();
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
    this.hosts = options.hosts.map((host) => {
      const state = new HostState(
        host.ports,
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
      for (const entry of this.inFlight.values()) this.transport.abandon?.(entry.host, entry.port);
      this.inFlight.clear();
    }
    return {
      verdicts: this.verdicts,
      srttMs: this.hosts.map((host) => host.rtt.smoothedMs),
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
    const key = hostIndex * 65536 + port;
    const entry = this.inFlight.get(key);
    let rttMs = verdict.rttMs;
    if (entry) {
      this.inFlight.delete(key);
      entry.live = false;
      host.inFlight--;
      const answeredTry = tryNumber ?? entry.tryNumber;
      // Timed here, not by the transport: timeouts run on this clock, so they must cover the time
      // an answer waits for this thread too (a worker's queue, a busy turn of the event loop).
      const elapsed = this.now() - entry.sentAt;
      rttMs ??= Math.round(elapsed * 100) / 100;
      // Karn: only a first transmission answered by itself gives a round trip to learn from.
      if (entry.tryNumber === 0 && answeredTry === 0) {
        host.rtt.sample(elapsed);
        this.globalRtt.sample(elapsed);
      }
      this.grow(host, answeredTry);
    }
    const previous = this.verdicts[hostIndex]!.get(port);
    // A late answer beats silence; otherwise the first answer stands.
    if (previous && previous.reason !== this.transport.silence.reason) return;
    const final = verdict.rttMs === rttMs ? verdict : { ...verdict, rttMs };
    this.verdicts[hostIndex]!.set(port, final);
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
    const busy = this.hosts.some((host) => host.hasWork || host.inFlight > 0);
    if (!busy && this.inFlight.size === 0) return this.finish();
    if (sentNow >= this.transport.burst) return this.schedule();
    // Otherwise wake for the next timeout (answers wake us sooner) or the next rate token.
    let wait = 50;
    for (const host of this.hosts) {
      for (let i = host.timeoutHead; i < host.timeouts.length; i++) {
        const entry = host.timeouts[i]!;
        if (!entry.live) continue;
        wait = Math.min(wait, Math.max(1, entry.deadline - now));
        break;
      }
    }
    if (this.options.maxRate && this.hosts.some((host) => host.hasWork)) wait = Math.min(wait, 5);
    this.timer = setTimeout(() => this.pump(), wait);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.resolve?.();
  }

  /** Probes past their deadline are retried, or get the silence verdict after the last try. */
  private expire(now: number): void {
    for (const host of this.hosts) this.expireHost(host, now);
  }

  private expireHost(host: HostState, now: number): void {
    while (host.timeoutHead < host.timeouts.length) {
      const entry = host.timeouts[host.timeoutHead]!;
      if (entry.live && entry.deadline > now) break;
      host.timeoutHead++;
      if (!entry.live) continue;
      entry.live = false;
      this.inFlight.delete(entry.host * 65536 + entry.port);
      host.inFlight--;
      this.transport.abandon?.(entry.host, entry.port);
      // Silence is no sign of congestion (filtered ports never answer): only an answered
      // retransmission is. So a first try that timed out opens the window as an answer would.
      if (entry.tryNumber === 0) this.grow(host, 0);
      if (this.verdicts[entry.host]!.has(entry.port)) continue;
      if (entry.tryNumber + 1 < host.maxTries) {
        host.retries.push({ port: entry.port, tryNumber: entry.tryNumber + 1 });
      } else {
        const verdict = this.transport.silence;
        this.verdicts[entry.host]!.set(entry.port, verdict);
        this.options.onVerdict?.(entry.host, entry.port, verdict);
      }
    }
    // Keep the queue from growing without bound in long scans.
    if (host.timeoutHead > 4096 && host.timeoutHead * 2 > host.timeouts.length) {
      host.timeouts = host.timeouts.slice(host.timeoutHead);
      host.timeoutHead = 0;
    }
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
      const rto = host.rtt.rtoMs();
      while (budget > 0 && host.hasWork && host.inFlight < Math.floor(host.cwnd)) {
        if (this.inFlight.size >= this.maxInFlight) return sentNow;
        if (maxRate) {
          if (this.tokens < 1) return sentNow;
          this.tokens--;
        }
        const retry = host.retries.shift();
        const port = retry ? retry.port : host.ports[host.next++]!;
        const tryNumber = retry?.tryNumber ?? 0;
        if (this.verdicts[index]!.has(port)) continue; // a late answer settled it meanwhile
        if (!this.transport.send(index, port, tryNumber)) {
          host.retries.unshift({ port, tryNumber });
          this.maxInFlight = Math.max(8, Math.min(this.maxInFlight, this.inFlight.size) - 8);
          return sentNow;
        }
        const entry: InFlight = {
          host: index,
          port,
          tryNumber,
          sentAt: now,
          deadline: now + rto,
          live: true,
        };
        const key = index * 65536 + port;
        const stale = this.inFlight.get(key);
        if (stale) stale.live = false;
        else host.inFlight++;
        this.inFlight.set(key, entry);
        host.timeouts.push(entry);
        this.sent++;
        sentNow++;
        budget--;
      }
    }
    this.rrStart = (this.rrStart + 1) % Math.max(1, count);
    return sentNow;
  }
}
