// Bandwidth per interface, kept as vnStat keeps it: each finished minute is added to its minute,
// five-minute, hour, day and month rows at once (so no rollup job can fall behind), and each tier
// is kept for its own time. A row also keeps its busiest minute, for the reports' peaks.
import type { SqlDatabase, SqlStatement } from './sqlite';
import type { PeriodUnit } from '../../shared/history/periods';
import { periodStart } from '../../shared/history/periods';

/** The tiers bandwidth is kept in, finest first. */
export const BANDWIDTH_TIERS = ['minute', 'five-minutes', 'hour', 'day', 'month'] as const;
/** One of BANDWIDTH_TIERS. */
export type BandwidthTier = (typeof BANDWIDTH_TIERS)[number] & PeriodUnit;

const DAY_MS = 86_400_000;

/** How long each tier is kept, in ms, before the retention setting caps it. */
export const BANDWIDTH_KEEP_MS: Record<BandwidthTier, number> = {
  minute: DAY_MS,
  'five-minutes': 2 * DAY_MS,
  hour: 14 * DAY_MS,
  day: 62 * DAY_MS,
  month: 730 * DAY_MS,
};

/** Bytes of one interface in one minute, handed over to be added (a minute may come in parts). */
export interface BandwidthMinute {
  interface: string;
  /** start of the minute, ms since the Unix epoch */
  start: number;
  /** bytes to add */
  rx: number;
  tx: number;
  /** the minute's whole count so far (its peak candidate); at least `rx`/`tx` */
  minuteRx: number;
  minuteTx: number;
}

/** Adds minutes to every tier, in the caller's transaction. */
export class BandwidthWriter {
  private readonly upsert: SqlStatement;

  constructor(db: SqlDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO bandwidth (tier, start, interface, rx, tx, peak_rx, peak_tx) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tier, start, interface) DO UPDATE SET rx = rx + excluded.rx, tx = tx + excluded.tx,
         peak_rx = max(peak_rx, excluded.peak_rx), peak_tx = max(peak_tx, excluded.peak_tx)`,
    );
  }

  /**
   * Adds (part of) one minute of one interface to its row in each tier. A row's peak is its
   * busiest minute: a minute's count only grows, so the largest count seen of it is its own.
   */
  add(minute: BandwidthMinute): void {
    const { rx, tx, minuteRx, minuteTx } = minute;
    for (const tier of BANDWIDTH_TIERS) {
      this.upsert.run(tier, periodStart(minute.start, tier), minute.interface, rx, tx, minuteRx, minuteTx);
    }
  }
}
