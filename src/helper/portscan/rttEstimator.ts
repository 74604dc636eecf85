/** Bounds of the retransmission timeout, in milliseconds. */
export interface RtoBounds {
  /** nmap's --min-rtt-timeout default is 100 ms: below that, scheduling noise looks like loss */
  minMs: number;
  maxMs: number;
  /** before the first sample */
  initialMs: number;
}

export const DEFAULT_RTO: RtoBounds = { minMs: 100, maxMs: 3000, initialMs: 1000 };

/**
 * Smoothed round trip and retransmission timeout as RFC 6298 computes them for TCP: SRTT and
 * RTTVAR from samples (α = 1/8, β = 1/4), RTO = SRTT + 4·RTTVAR, clamped to the bounds. Samples
 * come only from first transmissions (Karn's algorithm), which callers ensure.
 */
export class RttEstimator {
  private srtt: number | undefined;
  private rttvar = 0;

  constructor(
    private readonly bounds: RtoBounds = DEFAULT_RTO,
    /** asked for an RTO while this estimator has no sample yet (e.g. the scan-wide estimate) */
    private readonly fallback?: () => number | undefined,
  ) {}

  /** adds one round trip, in milliseconds */
  sample(rttMs: number): void {
    const r = Math.max(0, rttMs);
    if (this.srtt === undefined) {
      this.srtt = r;
      this.rttvar = r / 2;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
    this.srtt = 0.875 * this.srtt + 0.125 * r;
  }

  /** smoothed round trip in ms, undefined before the first sample */
  get smoothedMs(): number | undefined {
    return this.srtt;
  }

  get hasSample(): boolean {
    return this.srtt !== undefined;
  }

  /** current retransmission timeout in ms */
  rtoMs(): number {
    if (this.srtt === undefined) return this.fallback?.() ?? this.bounds.initialMs;
    const rto = this.srtt + Math.max(1, 4 * this.rttvar);
    return Math.min(this.bounds.maxMs, Math.max(this.bounds.minMs, rto));
  }
}
