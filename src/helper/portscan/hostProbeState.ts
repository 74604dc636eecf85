import { RttEstimator } from './rttEstimator';
import type { RtoBounds } from './rttEstimator';
import { TimeoutQueue } from './timeoutQueue';

/** A port's position in its host's list, by port number (-1: not scanned); shared by hosts with one list. */
export function positionTable(ports: readonly number[]): Int32Array {
  const table = new Int32Array(65536).fill(-1);
  ports.forEach((port, index) => (table[port] = index));
  return table;
}

/** Per-host probe state, one slot per port position (typed arrays: nothing allocated per probe). */
export class HostState {
  /** next position never tried */
  next = 0;
  /** positions waiting for another try, from `retryHead` on */
  retries: number[] = [];
  retryHead = 0;
  inFlight = 0;
  /** tries sent so far, per position */
  readonly tries: Uint8Array;
  /** when the probe in flight was sent, per position; -1 when none is */
  readonly sentAt: Float64Array;
  readonly timeouts = new TimeoutQueue();
  cwnd: number;
  ssthresh: number;
  answered = false;
  /** tries per port before silence is final: as nmap, per host, raised when a retransmission is what got answered */
  maxTries: number;
  readonly rtt: RttEstimator;
  /** the round trip as the transport measured it, when it does (what the host's latency shows) */
  readonly shownRtt = new RttEstimator();
  constructor(
    readonly ports: readonly number[],
    readonly positions: Int32Array,
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
    this.tries = new Uint8Array(ports.length);
    this.sentAt = new Float64Array(ports.length).fill(-1);
  }
  get hasWork(): boolean {
    return this.retryHead < this.retries.length || this.next < this.ports.length;
  }
}
