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
