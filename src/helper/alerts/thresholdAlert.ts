/** When to warn about heavy traffic: a rate above `bytesPerSecond` for `seconds` readings in a row. */
export interface ThresholdRule {
  /** 0 switches the rule off */
  bytesPerSecond: number;
  /** consecutive one-second readings above the threshold before warning */
  seconds: number;
}

/**
 * Fires once per episode: after `seconds` readings in a row that are "above", then stays quiet
 * until as many readings in a row were not, so a value hovering around a limit does not fire every
 * few seconds. The thresholds and the spikes share it.
 */
export class Episode {
  private above = 0;
  private below = 0;
  private fired = false;

  constructor(public seconds: number) {}

  reset(): void {
    this.above = 0;
    this.below = 0;
    this.fired = false;
  }

  /** Whether an episode has fired and not yet ended. */
  get active(): boolean {
    return this.fired;
  }

  /** Feeds one reading; true exactly when this reading starts an episode. */
  observe(isAbove: boolean): boolean {
    const needed = Math.max(1, this.seconds);
    if (isAbove) {
      this.below = 0;
      this.above += 1;
      if (!this.fired && this.above >= needed) {
        this.fired = true;
        return true;
      }
      return false;
    }
    this.above = 0;
    this.below += 1;
    if (this.fired && this.below >= needed) this.fired = false;
    return false;
  }
}

/** Warns once per episode of a rate above a fixed threshold. Pure, so it is unit-tested. */
export class ThresholdAlert {
  private readonly episode: Episode;

  constructor(private rule: ThresholdRule) {
    this.episode = new Episode(rule.seconds);
  }

  /** Changes the rule; a running episode starts over. */
  setRule(rule: ThresholdRule): void {
    if (rule.bytesPerSecond === this.rule.bytesPerSecond && rule.seconds === this.rule.seconds) return;
    this.rule = rule;
    this.episode.seconds = rule.seconds;
    this.reset();
  }

  reset(): void {
    this.episode.reset();
  }

  /** Feeds one reading; true exactly when this reading should raise the warning. */
  observe(bytesPerSecond: number): boolean {
    if (this.rule.bytesPerSecond <= 0) return false;
    return this.episode.observe(bytesPerSecond > this.rule.bytesPerSecond);
  }
}
