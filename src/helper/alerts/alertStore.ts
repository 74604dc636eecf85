// The alerts' tables in the history database: every alert raised (with its acknowledgement), and
// the baseline the rules learnt (known devices, ports found). The migration that makes them is
// listed in history/historySchema.ts; docs/history.md describes the tables.
import type { SqlDatabase, SqlValue } from '../history/sqlite';
import type { Alert, AlertRuleId, AlertSeverity } from '../../shared/model/alerts';
import { AlertBaseline } from './alertBaseline';
import type { BaselineChange, DevicePorts } from './alertBaseline';

/** The migration's SQL. */
export const ALERTS_SCHEMA_SQL = `
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    time INTEGER NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    title TEXT NOT NULL,
    interface TEXT,
    details TEXT NOT NULL,
    acknowledged INTEGER,
    cleared INTEGER
  );
  CREATE INDEX alerts_time ON alerts (time);
  CREATE TABLE alert_outbox (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    alert_id TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_try INTEGER NOT NULL,
    last_error TEXT
  );
  CREATE TABLE alert_baseline (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
  ) WITHOUT ROWID;
`;

const LEARNING_KEY = 'alerts.learningSince';

/** Adds alerts (an id already stored is left as it is). */
export function insertAlerts(db: SqlDatabase, alerts: readonly Alert[]): void {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO alerts (id, time, rule, severity, title, interface, details, acknowledged) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const alert of alerts) {
    const details = JSON.stringify({ devices: alert.devices, evidence: alert.evidence, data: alert.data });
    insert.run(
      alert.id,
      alert.time,
      alert.rule,
      alert.severity,
      alert.title,
      alert.interface ?? null,
      details,
      alert.acknowledged ?? null,
    );
  }
}

/** Marks alerts acknowledged (`ids` undefined: all of them) at `time`. */
export function acknowledgeAlerts(db: SqlDatabase, ids: readonly string[] | undefined, time: number): void {
  if (ids === undefined) db.prepare('UPDATE alerts SET acknowledged = ? WHERE acknowledged IS NULL').run(time);
  else {
    const update = db.prepare('UPDATE alerts SET acknowledged = ? WHERE id = ? AND acknowledged IS NULL');
    for (const id of ids) update.run(time, id);
  }
}

/** Takes alerts out of the list (`ids` undefined: all); they stay in the table for the record. */
export function clearAlerts(db: SqlDatabase, ids: readonly string[] | undefined, time: number): void {
  if (ids === undefined) db.prepare('UPDATE alerts SET cleared = ? WHERE cleared IS NULL').run(time);
  else {
    const update = db.prepare('UPDATE alerts SET cleared = ? WHERE id = ?');
    for (const id of ids) update.run(time, id);
  }
}

/** The newest `limit` alerts not cleared, since `since` (ms), newest first. */
export function listAlerts(db: SqlDatabase, since: number, limit: number): Alert[] {
  const rows = db
    .prepare('SELECT * FROM alerts WHERE cleared IS NULL AND time >= ? ORDER BY time DESC, rowid DESC LIMIT ?')
    .all(since, limit);
  return rows.map(alertOf);
}

/** An alert from its row. */
export function alertOf(row: Record<string, SqlValue>): Alert {
  const details = JSON.parse(String(row.details)) as Pick<Alert, 'devices' | 'evidence' | 'data'>;
  const alert: Alert = {
    id: String(row.id),
    rule: String(row.rule) as AlertRuleId,
    severity: String(row.severity) as AlertSeverity,
    time: Number(row.time),
    title: String(row.title),
    devices: details.devices,
    evidence: details.evidence,
  };
  if (row.interface !== null) alert.interface = String(row.interface);
  if (details.data !== undefined) alert.data = details.data;
  if (row.acknowledged !== null) alert.acknowledged = Number(row.acknowledged);
  return alert;
}

/** The baseline kept in the database; its learning starts at `now` the first time. */
export function loadBaseline(db: SqlDatabase, now: number): AlertBaseline {
  const stored = db.prepare('SELECT value FROM meta WHERE key = ?').get(LEARNING_KEY)?.value;
  const learningSince = stored === undefined ? now : Number(stored);
  if (stored === undefined) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(LEARNING_KEY, String(now));
  const baseline = new AlertBaseline(learningSince);
  for (const row of db.prepare('SELECT * FROM alert_baseline').all()) {
    const common = { key: String(row.key), firstSeen: Number(row.first_seen), lastSeen: Number(row.last_seen) };
    if (row.kind === 'device') baseline.load({ kind: 'device', ...common });
    else if (row.kind === 'ports')
      baseline.load({ kind: 'ports', ...common, ports: JSON.parse(String(row.value)) as DevicePorts });
  }
  return baseline;
}

/** Saves what the baseline learnt. */
export function saveBaseline(db: SqlDatabase, changes: readonly BaselineChange[]): void {
  const upsert = db.prepare(
    `INSERT INTO alert_baseline (kind, key, value, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, last_seen = excluded.last_seen`,
  );
  for (const change of changes) {
    const value = change.kind === 'ports' ? JSON.stringify(change.ports) : null;
    upsert.run(change.kind, change.key, value, change.firstSeen, change.lastSeen);
  }
}
