// Where alerts are kept: the history database when one is open (with the rules' baseline, loaded
// when it opens and saved with each flush), and always the last MEMORY_ALERTS in memory, so the
// list, acknowledgements and clearing work while no database is open too.
import type { HistoryRecorder } from '../history/historyRecorder';
import type { Alert } from '../../shared/model/alerts';
import type { AlertEngine } from './alertEngine';
import { acknowledgeAlerts, clearAlerts, insertAlerts, listAlerts, loadBaseline, saveBaseline } from './alertStore';

/** Alerts kept in memory. */
const MEMORY_ALERTS = 1_000;

/** The alerts of one engine, and their acknowledgements. */
export class AlertLedger {
  private recent: (Alert & { cleared?: boolean })[] = [];
  private recorder: HistoryRecorder | undefined;
  private removeSource: (() => void) | undefined;

  constructor(
    private readonly engine: AlertEngine,
    private readonly history: () => HistoryRecorder | undefined,
    private readonly now: () => number,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    engine.onAlerts((alerts) => this.add(alerts));
  }

  /** Whether alerts go to a database. */
  get stored(): boolean {
    return this.recorder !== undefined;
  }

  /** Follows the history: a database that opened is loaded from and written to from now on. */
  attach(): void {
    const current = this.history();
    if (current === this.recorder) return;
    this.detach();
    if (current === undefined) return;
    try {
      const loaded = loadBaseline(current.history.db, this.now());
      loaded.absorb(this.engine.baseline);
      this.engine.baseline = loaded;
    } catch (error) {
      this.onProblem(`alerts: the history database could not be read: ${String(error)}`);
      return;
    }
    this.recorder = current;
    this.removeSource = current.addSource({
      take: () => {
        const changes = this.engine.baseline.takeChanges();
        return changes.length ? [(writer) => saveBaseline(writer.db, changes)] : [];
      },
    });
    // Alerts raised before the database opened join it (ids already there are kept as they are).
    const early = this.recent.filter((alert) => !alert.cleared);
    if (early.length) current.record((writer) => insertAlerts(writer.db, early), true);
  }

  /** Stops writing to the database (its recorder closed or failed). */
  detach(): void {
    this.removeSource?.();
    this.removeSource = undefined;
    this.recorder = undefined;
  }

  /** The newest `limit` alerts since `since`, newest first. */
  list(since: number, limit: number): Alert[] {
    if (this.recorder) return listAlerts(this.recorder.history.db, since, limit);
    return this.recent
      .filter((alert) => !alert.cleared && alert.time >= since)
      .reverse()
      .slice(0, limit)
      .map(({ cleared: _, ...alert }) => alert);
  }

  /** Marks alerts acknowledged (all when `ids` is undefined). */
  acknowledge(ids: readonly string[] | undefined): void {
    const time = this.now();
    for (const alert of this.matching(ids)) alert.acknowledged ??= time;
    this.recorder?.record((writer) => acknowledgeAlerts(writer.db, ids, time), true);
  }

  /** Takes alerts out of the list (all when `ids` is undefined). */
  clear(ids: readonly string[] | undefined): void {
    const time = this.now();
    for (const alert of this.matching(ids)) alert.cleared = true;
    this.recorder?.record((writer) => clearAlerts(writer.db, ids, time), true);
  }

  private matching(ids: readonly string[] | undefined): (Alert & { cleared?: boolean })[] {
    if (ids === undefined) return this.recent;
    const wanted = new Set(ids);
    return this.recent.filter((alert) => wanted.has(alert.id));
  }

  private add(alerts: Alert[]): void {
    this.recent.push(...alerts.map((alert) => ({ ...alert })));
    if (this.recent.length > MEMORY_ALERTS) this.recent = this.recent.slice(-MEMORY_ALERTS);
    this.recorder?.record((writer) => insertAlerts(writer.db, alerts), true);
  }
}
