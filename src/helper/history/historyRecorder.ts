// Records into an open history database off the capture path: everything is gathered in memory
// and written in one transaction every FLUSH_MS (scans at once), so a helper killed with SIGKILL
// loses at most the last half minute (plus the bandwidth read since the last reading). A lock held by another program keeps the batches
// for the next try; any other failure stops recording and is reported once, never thrown.
import type { HistoryDb } from './historyDatabase';
import { historyProblem } from './historyDatabase';
import { HistoryWriter } from './historyWriter';
import type { HistoryWrite } from './historyWriter';
import { FLOW_LIMITS } from './flowTrim';
import type { FlowLimits } from './flowTrim';
import { pruneHistory } from './retention';
import type { HistorySettings, HistoryStatus } from '../../shared/model/history';

/** Gathered writes are committed this often, in ms. */
export const FLUSH_MS = 30_000;
/** Retention and the size cap are applied this often, in ms. */
export const PRUNE_MS = 3_600_000;
/** Batches kept while the database is locked; past this the oldest go. */
const MAX_PENDING = 10_000;
/** A lock held this long (ms) is reported as a problem, with its way out, and recording stops. */
const LOCKED_GIVE_UP_MS = 5 * 60_000;

/** Something that gathers data in memory and hands it over at each flush. */
export interface HistorySource {
  /** What is ready to be written at `now`; `all` at the end, ready or not. */
  take(now: number, all: boolean): HistoryWrite[];
}

/** What the recorder reports to its owner. */
export interface RecorderEvents {
  /** recording stopped for good: the database is damaged, full, or failed otherwise */
  failed(status: HistoryStatus & { state: 'problem' }): void;
  log(level: 'info' | 'warn', message: string): void;
}

/** Writes gathered history into one open database. */
export class HistoryRecorder {
  private readonly writer: HistoryWriter;
  private readonly sources = new Set<HistorySource>();
  private pending: HistoryWrite[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;
  private lockedSince: number | undefined;
  private stopped = false;

  constructor(
    readonly history: HistoryDb,
    private settings: HistorySettings,
    private readonly events: RecorderEvents,
    private readonly now: () => number = Date.now,
    readonly flowLimits: FlowLimits = FLOW_LIMITS,
  ) {
    this.writer = new HistoryWriter(history.db);
  }

  /** Starts flushing every `flushMs` (and prunes now). */
  start(flushMs = FLUSH_MS): void {
    this.flush();
    this.timer = setInterval(() => this.flush(), flushMs);
    this.timer.unref();
  }

  /** Applies new settings from the next pruning on (now, when they shrink). */
  configure(settings: HistorySettings): void {
    const shrinks =
      settings.retentionDays < this.settings.retentionDays || settings.maxSizeMiB < this.settings.maxSizeMiB;
    this.settings = settings;
    if (shrinks) this.lastPrune = 0;
  }

  /** Adds a source whose data is taken at each flush; returns its removal. */
  addSource(source: HistorySource): () => void {
    this.sources.add(source);
    return () => {
      this.pending.push(...source.take(this.now(), true));
      this.sources.delete(source);
    };
  }

  /** Queues one batch; `now` writes it at once (a scan's result) rather than with the next flush. */
  record(write: HistoryWrite, now = false): void {
    if (this.stopped) return;
    this.pending.push(write);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    if (now) this.flush();
  }

  /** Writes everything gathered in one transaction; false when it could not (locked or failed). */
  flush(all = false): boolean {
    if (this.stopped) return false;
    const now = this.now();
    for (const source of this.sources) this.pending.push(...source.take(now, all));
    const batch = this.pending;
    const prune = now - this.lastPrune >= PRUNE_MS;
    if (batch.length === 0 && !prune) return true;
    this.pending = [];
    const { db } = this.history;
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const write of batch) write(this.writer);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      if (this.lockedSince !== undefined) this.events.log('info', 'history: the database is free again');
      this.lockedSince = undefined;
      if (prune) this.prune(now);
      return true;
    } catch (error) {
      return this.failed(error, batch, now);
    }
  }

  /** Writes what is left and closes the database. */
  stop(): void {
    if (this.stopped) return;
    if (this.timer) clearInterval(this.timer);
    this.flush(true);
    this.stopped = true;
    try {
      this.history.db.close();
    } catch {
      // already closed by a failure
    }
  }

  private prune(now: number): void {
    const pruned = pruneHistory(this.history.db, this.settings, now, this.flowLimits);
    this.lastPrune = now;
    if (pruned.rows > 0) {
      this.events.log(
        'info',
        `history: ${pruned.rows} rows past their keeping time removed; ${pruned.usedBytes} bytes in use`,
      );
    }
  }

  private failed(error: unknown, batch: HistoryWrite[], now: number): boolean {
    const problem = historyProblem(error, this.history.path);
    if (problem.kind === 'locked' && now - (this.lockedSince ?? now) < LOCKED_GIVE_UP_MS) {
      // Another program holds the lock: keep the batch and try again at the next flush.
      this.pending = [...batch, ...this.pending];
      if (this.lockedSince === undefined) this.events.log('warn', `${problem.message} History waits and tries again.`);
      this.lockedSince ??= now;
      return false;
    }
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    try {
      this.history.db.close();
    } catch {
      // a damaged database may refuse to close cleanly; it is not used again
    }
    this.events.failed(problem);
    return false;
  }
}
