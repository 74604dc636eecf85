// The alerts the Alerts view shows, newest first: loaded from the helper, grown by each batch it
// raises, acknowledged and cleared here and there alike. No vscode here.
import type { Alert } from '../../shared/model/alerts';

/** The most alerts the view holds; older ones stay in the history. */
export const MAX_VIEW_ALERTS = 500;

/** The alerts of the view, newest first. */
export class AlertList {
  private alerts: Alert[] = [];

  get all(): readonly Alert[] {
    return this.alerts;
  }

  /** How many are not acknowledged (the view's badge). */
  get unacknowledged(): number {
    return this.alerts.filter((alert) => alert.acknowledged === undefined).length;
  }

  get(id: string): Alert | undefined {
    return this.alerts.find((alert) => alert.id === id);
  }

  /** Replaces the list (what the helper lists after it started). */
  replace(alerts: readonly Alert[]): void {
    this.alerts = [...alerts].sort((a, b) => b.time - a.time).slice(0, MAX_VIEW_ALERTS);
  }

  /** Adds new alerts (an id already held is left as it is). */
  add(batch: readonly Alert[]): void {
    const known = new Set(this.alerts.map((alert) => alert.id));
    const fresh = batch.filter((alert) => !known.has(alert.id));
    if (fresh.length === 0) return;
    this.replace([...fresh, ...this.alerts]);
  }

  /** Marks alerts acknowledged at `time` (all when `ids` is undefined); the ones that changed. */
  acknowledge(ids: readonly string[] | undefined, time: number): Alert[] {
    const changed = this.matching(ids).filter((alert) => alert.acknowledged === undefined);
    for (const alert of changed) alert.acknowledged = time;
    return changed;
  }

  /** Takes alerts out (all when `ids` is undefined). */
  clear(ids: readonly string[] | undefined): void {
    if (ids === undefined) this.alerts = [];
    else {
      const gone = new Set(ids);
      this.alerts = this.alerts.filter((alert) => !gone.has(alert.id));
    }
  }

  private matching(ids: readonly string[] | undefined): Alert[] {
    if (ids === undefined) return this.alerts;
    const wanted = new Set(ids);
    return this.alerts.filter((alert) => wanted.has(alert.id));
  }
}
