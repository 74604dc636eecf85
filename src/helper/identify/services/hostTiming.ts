/**
 * Round-trip estimate for one host, from the TCP handshakes LAN Lens makes to it (RFC 6298's
 * smoothing), turned into waits: how long to wait for a greeting, and for an answer to a probe.
 */
export class HostTiming {
  private srtt: number | undefined;
  private rttvar = 0;

  constructor(
    /** the longest wait for any answer, in ms */
    private readonly maxWaitMs: number,
  ) {}

  /** Folds in one handshake time, in ms. */
  note(rttMs: number): void {
    if (this.srtt === undefined) {
      this.srtt = rttMs;
      this.rttvar = rttMs / 2;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rttMs);
    this.srtt = 0.875 * this.srtt + 0.125 * rttMs;
  }

  /** Smoothed handshake time, in ms (undefined before the first). */
  get smoothedMs(): number | undefined {
    return this.srtt;
  }

  private rto(): number {
    return (this.srtt ?? 50) + 4 * this.rttvar;
  }

  /**
   * How long to wait for an answer a server owes us (a greeting on its own port, a reply to a
   * complete request): servers fork, look names up and load pages, so this is generous.
   */
  answerWaitMs(): number {
    return Math.round(Math.min(this.maxWaitMs, Math.max(500, 10 * this.rto())));
  }

  /**
   * How long to listen for a greeting on a port where the client usually speaks first: short,
   * since a greeting that comes later still arrives ahead of the answer to the next probe;
   * shortest where a client-first protocol is the usual one.
   */
  glanceWaitMs(clientFirstUsual = false): number {
    return Math.round(Math.min(this.maxWaitMs, Math.max(clientFirstUsual ? 20 : 50, 3 * this.rto())));
  }
}
