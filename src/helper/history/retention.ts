// Keeping the history bounded: each kind of data for its own time, none beyond the retention
// setting, the busiest flows of each finished hour, day and month only, and the file under the size cap
// (the finest, oldest data goes first). Both are tables of rules, so a new table is one more line.
import { BANDWIDTH_KEEP_MS, BANDWIDTH_TIERS } from './bandwidthHistory';
import { trimFlows } from './flowTrim';
import type { FlowLimits } from './flowTrim';
import type { SqlDatabase, SqlValue } from './sqlite';
import { periodStart } from '../../shared/history/periods';
import type { PeriodUnit } from '../../shared/history/periods';
import type { HistorySettings } from '../../shared/model/history';

const DAY_MS = 86_400_000;
/** Hourly traffic is kept this long (ms); daily traffic as long as the setting says. */
export const HOURLY_TRAFFIC_KEEP_MS = 14 * DAY_MS;

/** Rows of one table (or of one slice of it) and the column that dates them. */
interface RowSet {
  table: string;
  /** ms since the Unix epoch */
  column: string;
  /** an extra condition, with its parameters */
  where?: string;
  params?: SqlValue[];
}

/**
 * Rows kept for a time of their own (the retention setting caps it; absent: the setting alone).
 * Rows of a `unit` stand for a whole period: one goes only once its whole period is past the cut.
 */
interface KeepRule extends RowSet {
  keepMs?: number;
  unit?: PeriodUnit;
}

const tier = (table: string, unit: PeriodUnit, keepMs?: number): KeepRule => ({
  table,
  column: 'start',
  where: 'tier = ?',
  params: [unit],
  unit,
  keepMs,
});
const TRAFFIC_TABLES = ['flow_traffic', 'host_traffic', 'protocol_traffic'];

const KEEP_RULES: KeepRule[] = [
  ...BANDWIDTH_TIERS.map((unit) => tier('bandwidth', unit, BANDWIDTH_KEEP_MS[unit])),
  ...TRAFFIC_TABLES.flatMap((table) => [
    tier(table, 'hour', HOURLY_TRAFFIC_KEEP_MS),
    tier(table, 'day'),
    tier(table, 'month'),
  ]),
  { table: 'changes', column: 'time' },
  { table: 'activities', column: 'ended' },
  { table: 'presence', column: 'last_seen' },
  { table: 'device_names', column: 'last_seen' },
  { table: 'device_ips', column: 'last_seen' },
  { table: 'devices', column: 'last_seen' },
  { table: 'alerts', column: 'time' },
];

/** Over the size cap, the oldest rows go in this order: the finest and most plentiful first. */
const SHED_ORDER: RowSet[] = [
  ...TRAFFIC_TABLES.map((table) => tier(table, 'hour')),
  ...(['minute', 'five-minutes'] as const).map((unit) => tier('bandwidth', unit)),
  ...TRAFFIC_TABLES.map((table) => tier(table, 'day')),
  tier('bandwidth', 'hour'),
  ...TRAFFIC_TABLES.map((table) => tier(table, 'month')),
  { table: 'changes', column: 'time' },
  { table: 'presence', column: 'last_seen' },
  { table: 'activities', column: 'ended' },
  ...(['day', 'month'] as const).map((unit) => tier('bandwidth', unit)),
  { table: 'devices', column: 'last_seen' },
];

/** What one pruning removed, in rows, and what the file weighs after it. */
export interface PruneResult {
  rows: number;
  /** bytes of pages in use after pruning */
  usedBytes: number;
}

/** Deletes what is older than it may be kept, trims finished periods' flows, then sheds the oldest until the file fits. */
export function pruneHistory(db: SqlDatabase, settings: HistorySettings, now: number, flows?: FlowLimits): PruneResult {
  const horizon = now - settings.retentionDays * DAY_MS;
  let rows = trimFlows(db, now, flows);
  for (const rule of KEEP_RULES) {
    const cut = Math.max(horizon, rule.keepMs === undefined ? horizon : now - rule.keepMs);
    const before = rule.unit ? periodStart(cut, rule.unit) : cut;
    const where = rule.where ? `${rule.where} AND ` : '';
    rows += changes(db, `DELETE FROM ${rule.table} WHERE ${where}${rule.column} < ?`, ...(rule.params ?? []), before);
  }
  const cap = settings.maxSizeMiB * 1024 * 1024;
  for (const set of SHED_ORDER) {
    while (usedBytes(db) > cap) {
      const removed = shedOldestTenth(db, set);
      if (removed === 0) break;
      rows += removed;
    }
  }
  // Freed pages go back to the disk (the database was made with auto_vacuum = INCREMENTAL).
  if (rows > 0) db.exec('PRAGMA incremental_vacuum');
  return { rows, usedBytes: usedBytes(db) };
}

/** Deletes the oldest tenth (at least one row) of a set; returns how many went. */
function shedOldestTenth(db: SqlDatabase, set: RowSet): number {
  const where = set.where ? `WHERE ${set.where}` : '';
  const params = set.params ?? [];
  const count = Number(db.prepare(`SELECT count(*) AS n FROM ${set.table} ${where}`).get(...params)?.n ?? 0);
  if (count === 0) return 0;
  const cut = db
    .prepare(`SELECT ${set.column} AS t FROM ${set.table} ${where} ORDER BY ${set.column} LIMIT 1 OFFSET ?`)
    .get(...params, Math.floor(count / 10))?.t;
  const and = set.where ? `${set.where} AND ` : '';
  return changes(db, `DELETE FROM ${set.table} WHERE ${and}${set.column} <= ?`, ...params, cut ?? 0);
}

function changes(db: SqlDatabase, sql: string, ...params: SqlValue[]): number {
  return Number(db.prepare(sql).run(...params).changes);
}

/** Bytes of the pages holding data (free pages not counted). */
export function usedBytes(db: SqlDatabase): number {
  const pages = Number(db.prepare('PRAGMA page_count').get()?.page_count ?? 0);
  const free = Number(db.prepare('PRAGMA freelist_count').get()?.freelist_count ?? 0);
  const size = Number(db.prepare('PRAGMA page_size').get()?.page_size ?? 4096);
  return (pages - free) * size;
}
