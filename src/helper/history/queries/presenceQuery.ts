// When devices were present. A device's presences never overlap, so whether it was present in a
// span is its last presence starting before the span's end, ending at or after its start: one
// seek in the (device_id, first_seen) key per device, never a scan of every presence in the span
// (a month of a thousand devices scanned every two hours holds 360,000).
import type { SqlDatabase } from '../sqlite';
import type { PresenceSpan } from '../../../shared/model/history';

/** Presences overlapping [from, to) of the given devices (all when absent), oldest first. */
export function queryPresence(
  db: SqlDatabase,
  from: number,
  to: number,
  deviceIds?: readonly number[],
): PresenceSpan[] {
  // With ids, each device's own presences through its key; the span's end bounds the key range.
  const sql = deviceIds
    ? `SELECT device_id, first_seen, last_seen FROM presence WHERE device_id IN (${deviceIds.map(() => '?').join(',') || 'NULL'})
         AND first_seen < ? AND +last_seen >= ? ORDER BY first_seen`
    : 'SELECT device_id, first_seen, last_seen FROM presence WHERE first_seen < ? AND last_seen >= ? ORDER BY first_seen';
  return db
    .prepare(sql)
    .all(...(deviceIds ?? []), to, from)
    .map((row) => ({ deviceId: Number(row.device_id), from: Number(row.first_seen), to: Number(row.last_seen) }));
}

/** Ids of the devices present at some time in [from, to), the last seen (overall) first. */
export function queryPresentDevices(db: SqlDatabase, from: number, to: number): number[] {
  return db
    .prepare(
      `SELECT id FROM devices d WHERE d.last_seen >= ? AND d.first_seen < ?
         AND (SELECT p.last_seen FROM presence p WHERE p.device_id = d.id AND p.first_seen < ?
              ORDER BY p.first_seen DESC LIMIT 1) >= ?
       ORDER BY d.last_seen DESC, d.id`,
    )
    .all(from, to, to, from)
    .map((row) => Number(row.id));
}
