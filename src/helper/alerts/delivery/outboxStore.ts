// The deliveries still to make, in the history database (alert_outbox), so alerts waiting for a
// webhook or a mail server that is down survive a restart of the helper.
import type { SqlDatabase } from '../../history/sqlite';
import type { DeliveryChannel } from '../../../shared/alerts/deliverySettings';
import type { Alert } from '../../../shared/model/alerts';
import { alertOf } from '../alertStore';

/** One alert waiting for one channel. */
export interface OutboxEntry {
  channel: DeliveryChannel;
  alert: Alert;
  /** failed attempts so far */
  attempts: number;
}

/** Every waiting delivery, oldest first, with its alert. */
export function loadOutbox(db: SqlDatabase): OutboxEntry[] {
  const rows = db
    .prepare(
      'SELECT o.channel AS channel, o.attempts AS attempts, a.* FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id ORDER BY o.id',
    )
    .all();
  return rows.map((row) => ({
    channel: row.channel as DeliveryChannel,
    attempts: Number(row.attempts),
    alert: alertOf(row),
  }));
}

export function addToOutbox(db: SqlDatabase, entries: readonly OutboxEntry[], now: number): void {
  const insert = db.prepare('INSERT INTO alert_outbox (channel, alert_id, attempts, next_try) VALUES (?, ?, ?, ?)');
  for (const entry of entries) insert.run(entry.channel, entry.alert.id, entry.attempts, now);
}

export function removeFromOutbox(db: SqlDatabase, channel: DeliveryChannel, ids: readonly string[]): void {
  const remove = db.prepare('DELETE FROM alert_outbox WHERE channel = ? AND alert_id = ?');
  for (const id of ids) remove.run(channel, id);
}

/** Records a failed attempt of a channel's first entries. */
export function failInOutbox(
  db: SqlDatabase,
  channel: DeliveryChannel,
  ids: readonly string[],
  nextTry: number,
  error: string,
): void {
  const update = db.prepare(
    'UPDATE alert_outbox SET attempts = attempts + 1, next_try = ?, last_error = ? WHERE channel = ? AND alert_id = ?',
  );
  for (const id of ids) update.run(nextTry, error, channel, id);
}
