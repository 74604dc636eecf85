// What changed in a span: the changes written as they happened (new devices and addresses, ports
// opened and closed), and the devices gone, which are worked out here: seen in the span of the
// same length before, not since, while a LAN scan of their subnet ran since (a device is only
// missed when someone looked for it).
import type { SqlDatabase, SqlValue } from '../sqlite';
import type { ChangeKind, HistoryChange } from '../../../shared/model/history';

/** The changes of [from, to), oldest first. */
export function queryChanges(db: SqlDatabase, from: number, to: number, limit = 1000): HistoryChange[] {
  const written = db
    .prepare(
      `SELECT c.time, c.kind, c.device_id, c.detail, d.mac,
         (SELECT name FROM device_names n WHERE n.device_id = c.device_id ORDER BY last_seen DESC LIMIT 1) AS name
       FROM changes c LEFT JOIN devices d ON d.id = c.device_id WHERE c.time >= ? AND c.time < ? ORDER BY c.time, c.id LIMIT ?`,
    )
    .all(from, to, limit)
    .map((row) => change(row, JSON.parse(String(row.detail)) as Record<string, unknown>));
  const gone = db
    .prepare(
      `SELECT d.id AS device_id, d.mac, d.last_seen AS time, i.ip,
         (SELECT name FROM device_names n WHERE n.device_id = d.id ORDER BY last_seen DESC LIMIT 1) AS name
       FROM devices d JOIN device_ips i ON i.device_id = d.id AND i.last_seen = d.last_seen
       WHERE d.last_seen >= ? AND d.last_seen < ?
         AND EXISTS (SELECT 1 FROM activities a WHERE a.kind = 'scan' AND a.started >= ? AND a.started < ? AND a.target = i.subnet)
       GROUP BY d.id ORDER BY d.last_seen LIMIT ?`,
    )
    .all(from - (to - from), from, from, to, limit)
    .map((row) => change({ ...row, kind: 'device-gone' }, { ip: row.ip }));
  return [...written, ...gone].sort((a, b) => a.time - b.time).slice(0, limit);
}

function change(row: Record<string, SqlValue>, detail: Record<string, unknown>): HistoryChange {
  const result: HistoryChange = { time: Number(row.time), kind: String(row.kind) as ChangeKind };
  if (row.device_id !== null && row.device_id !== undefined) result.deviceId = Number(row.device_id);
  if (row.mac !== null && row.mac !== undefined) result.mac = String(row.mac);
  if (row.name !== null && row.name !== undefined) result.name = String(row.name);
  if (typeof detail.ip === 'string') result.ip = detail.ip;
  if (detail.protocol === 'tcp' || detail.protocol === 'udp') result.protocol = detail.protocol;
  if (typeof detail.port === 'number') result.port = detail.port;
  if (typeof detail.service === 'string') result.service = detail.service;
  return result;
}
