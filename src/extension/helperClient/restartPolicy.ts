/** Tunables of the restart policy; the defaults follow vscode-languageclient. */
export interface RestartPolicyOptions {
  /** crashes inside the window after which restarting stops */
  maxCrashes: number;
  /** sliding window in which crashes are counted, in milliseconds */
  windowMs: number;
  /** delay before the first restart, in milliseconds; doubles with each crash in the window */
  initialDelayMs: number;
  /** longest delay before a restart, in milliseconds */
  maxDelayMs: number;
}

/** What to do after an unexpected exit. */
export type RestartDecision =
  { restart: true; delayMs: number; crashesInWindow: number } | { restart: false; crashesInWindow: number };

const DEFAULTS: RestartPolicyOptions = { maxCrashes: 5, windowMs: 3 * 60_000, initialDelayMs: 500, maxDelayMs: 30_000 };

/** Decides whether and when a crashed helper is restarted: exponential backoff, and giving up on a crash loop. */
export class RestartPolicy {
  private readonly options: RestartPolicyOptions;
  private crashes: number[] = [];

  constructor(options: Partial<RestartPolicyOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Records a crash at `now` (ms) and says what to do about it. */
  recordCrash(now: number): RestartDecision {
    const { maxCrashes, windowMs, initialDelayMs, maxDelayMs } = this.options;
    this.crashes = this.crashes.filter((at) => now - at < windowMs);
    this.crashes.push(now);
    const crashesInWindow = this.crashes.length;
    if (crashesInWindow >= maxCrashes) return { restart: false, crashesInWindow };
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** (crashesInWindow - 1));
    return { restart: true, delayMs, crashesInWindow };
  }

  /** Forgets past crashes, e.g. when the user explicitly asks for the helper again after it gave up. */
  reset(): void {
    this.crashes = [];
  }

  /** The window, for messages ("5 times in 3 minutes"). */
  describeWindow(): { maxCrashes: number; minutes: number } {
    return { maxCrashes: this.options.maxCrashes, minutes: Math.round(this.options.windowMs / 60_000) };
  }
}
