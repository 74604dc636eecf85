import type { SqlDatabase } from '../sqlite';
import type { PresenceSpan } from '../../../shared/model/history';

/** Presences overlapping [from, to) of the given devices (all when absent), oldest first. */
export function queryPresence(
  db: SqlDatabase,
  from: number,
  to: number,
  deviceIds?: readonly number[],
): PresenceSpan[] {
  const only = deviceIds ? ` AND device_id IN (${deviceIds.map(() => '?').join(',') || 'NULL'})` : '';
  return db
    .prepare(
      `SELECT device_id, first_seen, last_seen FROM presence WHERE last_seen >= ? AND first_seen < ?${only} ORDER BY first_seen`,
    )
    .all(from, to, ...(deviceIds ?? []))
    .map((row) => ({ deviceId: Number(row.device_id), from: Number(row.first_seen), to: Number(row.last_seen) }));
}
