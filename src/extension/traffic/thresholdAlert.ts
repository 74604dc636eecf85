/** When to warn about heavy traffic: a rate above `bytesPerSecond` for `seconds` readings in a row. */
export interface ThresholdRule {
  /** 0 switches the rule off */
  bytesPerSecond: number;
  /** consecutive one-second readings above the threshold before warning */
  seconds: number;
}

/**
 * Warns once per episode: after `seconds` readings in a row above the threshold, then stays quiet
 * until the rate has been back at or below it for `seconds` readings, so a rate hovering around
 * the threshold does not raise a notification every few seconds. Pure, so it is unit-tested.
 */
export class ThresholdAlert {
  private above = 0;
  private below = 0;
  private fired = false;

  constructor(private rule: ThresholdRule) {}

  /** Changes the rule; a running episode starts over. */
  setRule(rule: ThresholdRule): void {
    if (rule.bytesPerSecond === this.rule.bytesPerSecond && rule.seconds === this.rule.seconds) return;
    this.rule = rule;
    this.reset();
  }

  reset(): void {
    this.above = 0;
    this.below = 0;
    this.fired = false;
  }

  /** Feeds one reading; true exactly when this reading should raise the warning. */
  observe(bytesPerSecond: number): boolean {
    const { bytesPerSecond: limit, seconds } = this.rule;
    if (limit <= 0) return false;
    const needed = Math.max(1, seconds);
    if (bytesPerSecond > limit) {
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
