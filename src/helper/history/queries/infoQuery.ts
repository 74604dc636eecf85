import type { HistoryDb } from '../historyDatabase';
import { fileSize } from '../historyDatabase';
import type { HistoryInfo } from '../../../shared/model/history';

/** What the database holds: its tables' row counts and the span of its bandwidth. */
export function queryInfo(history: HistoryDb): HistoryInfo {
  const { db } = history;
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => String(row.name));
  const rows: Record<string, number> = {};
  for (const table of tables) rows[table] = Number(db.prepare(`SELECT count(*) AS n FROM "${table}"`).get()?.n ?? 0);
  const span = db.prepare('SELECT min(start) AS first, max(start) AS last FROM bandwidth').get();
  const info: HistoryInfo = {
    path: history.path,
    schemaVersion: history.schemaVersion,
    sizeBytes: fileSize(history.path),
    rows,
  };
  if (span?.first !== null && span?.first !== undefined) {
    info.bandwidthFrom = Number(span.first);
    info.bandwidthTo = Number(span.last);
  }
  return info;
}
