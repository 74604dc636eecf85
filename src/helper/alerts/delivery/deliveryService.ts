// Delivers alerts to a webhook and by e-mail, never losing one silently: each alert at or above a
// channel's severity joins the channel's queue (kept in the history database when one is open),
// the oldest go first, a failure is retried with a growing wait (5 s, 10 s, 20 s… up to 10 min),
// and every change of a channel's state is reported (failing with its reason and queue, back to
// ok). A full queue drops its oldest alerts and counts them in the status.
import type { HistoryRecorder } from '../../history/historyRecorder';
import { DELIVERY_CHANNELS } from '../../../shared/alerts/deliverySettings';
import type { DeliveryChannel, DeliverySettings, DeliveryStatus } from '../../../shared/alerts/deliverySettings';
import { ALERT_SEVERITIES } from '../../../shared/model/alerts';
import type { Alert } from '../../../shared/model/alerts';
import { addToOutbox, failInOutbox, loadOutbox, removeFromOutbox } from './outboxStore';
import type { OutboxEntry } from './outboxStore';
import { mailAlerts, postAlert } from './senders';

/** Alerts waiting per channel at most. */
export const MAX_QUEUED = 1_000;
/** Alerts in one e-mail at most. */
const MAIL_BATCH = 20;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 10 * 60_000;

/** The senders (tests replace them). */
export interface Senders {
  webhook: typeof postAlert;
  email: typeof mailAlerts;
}

/** What the service needs around it. */
export interface DeliveryIo {
  history: () => HistoryRecorder | undefined;
  now: () => number;
  /** a channel's state changed */
  onStatus: (status: DeliveryStatus) => void;
  senders?: Senders;
}

interface Queue {
  entries: OutboxEntry[];
  failures: number;
  nextTry: number;
  lastError?: string;
  dropped: number;
  busy: boolean;
}

/** The wait before the next attempt after `failures` failures in a row, in ms. */
export function retryDelay(failures: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
}

/** The webhook and e-mail deliveries of one helper. */
export class DeliveryService {
  private settings: DeliverySettings = {};
  private readonly queues: Record<DeliveryChannel, Queue>;
  private recorder: HistoryRecorder | undefined;
  private readonly senders: Senders;

  constructor(private readonly io: DeliveryIo) {
    const queue = (): Queue => ({ entries: [], failures: 0, nextTry: 0, dropped: 0, busy: false });
    this.queues = { webhook: queue(), email: queue() };
    this.senders = io.senders ?? { webhook: postAlert, email: mailAlerts };
  }

  /** New settings; answers each channel's state. Queued alerts of a channel switched off wait for it. */
  configure(settings: DeliverySettings): DeliveryStatus[] {
    this.settings = settings;
    for (const queue of Object.values(this.queues)) queue.nextTry = 0;
    void this.pump();
    return DELIVERY_CHANNELS.map((channel) => this.status(channel));
  }

  /** Queues new alerts for each channel whose severity they reach. */
  enqueue(alerts: readonly Alert[]): void {
    const added: OutboxEntry[] = [];
    for (const channel of DELIVERY_CHANNELS) {
      const target = this.settings[channel];
      if (!target) continue;
      const least = ALERT_SEVERITIES.indexOf(target.minimumSeverity);
      for (const alert of alerts) {
        if (ALERT_SEVERITIES.indexOf(alert.severity) < least) continue;
        const entry = { channel, alert, attempts: 0 };
        this.push(entry);
        added.push(entry);
      }
    }
    if (added.length === 0) return;
    this.recorder?.record((writer) => addToOutbox(writer.db, added, this.io.now()), true);
    void this.pump();
  }

  /** Sends a test message through `channel` now; throws why it failed. */
  async test(channel: DeliveryChannel): Promise<void> {
    const settings = this.settings[channel];
    if (!settings) throw new Error(`${channel === 'email' ? 'E-mail' : 'The webhook'} is not set up.`);
    if (channel === 'webhook') await this.senders.webhook(this.settings.webhook!, { test: true, time: this.io.now() });
    else await this.senders.email(this.settings.email!, []);
  }

  /** Follows the history: queued deliveries are kept in (and loaded from) a database once one is open. */
  attach(): void {
    const current = this.io.history();
    if (current === this.recorder) return;
    this.recorder = current;
    if (!current) return;
    const key = (entry: OutboxEntry) => `${entry.channel} ${entry.alert.id}`;
    const known = new Set(this.allEntries().map(key));
    const stored = loadOutbox(current.history.db);
    const storedKeys = new Set(stored.map(key));
    const memoryOnly = this.allEntries().filter((entry) => !storedKeys.has(key(entry)));
    for (const entry of stored) if (!known.has(key(entry))) this.push(entry);
    if (memoryOnly.length) current.record((writer) => addToOutbox(writer.db, memoryOnly, this.io.now()), true);
  }

  /** Tries every channel that is due; called by the clock and after every change. */
  async pump(): Promise<void> {
    await Promise.all(DELIVERY_CHANNELS.map((channel) => this.drain(channel)));
  }

  status(channel: DeliveryChannel): DeliveryStatus {
    const queue = this.queues[channel];
    const status: DeliveryStatus = {
      channel,
      state: !this.settings[channel] ? 'off' : queue.failures > 0 ? 'failing' : 'ok',
      queued: queue.entries.length,
      dropped: queue.dropped,
    };
    if (queue.lastError !== undefined) status.lastError = queue.lastError;
    if (queue.failures > 0) status.nextTry = queue.nextTry;
    return status;
  }

  private async drain(channel: DeliveryChannel): Promise<void> {
    const queue = this.queues[channel];
    while (!queue.busy && queue.entries.length > 0 && this.settings[channel] && this.io.now() >= queue.nextTry) {
      const batch = queue.entries.slice(0, channel === 'email' ? MAIL_BATCH : 1);
      const ids = batch.map((entry) => entry.alert.id);
      queue.busy = true;
      try {
        await this.send(
          channel,
          batch.map((entry) => entry.alert),
        );
      } catch (error) {
        queue.failures += 1;
        queue.nextTry = this.io.now() + retryDelay(queue.failures);
        queue.lastError = error instanceof Error ? error.message : String(error);
        for (const entry of batch) entry.attempts += 1;
        const { nextTry, lastError } = queue;
        this.recorder?.record((writer) => failInOutbox(writer.db, channel, ids, nextTry, lastError), true);
        this.io.onStatus(this.status(channel));
        return;
      } finally {
        queue.busy = false;
      }
      queue.entries = queue.entries.filter((entry) => !ids.includes(entry.alert.id));
      this.recorder?.record((writer) => removeFromOutbox(writer.db, channel, ids), true);
      if (queue.failures > 0) {
        queue.failures = 0;
        queue.lastError = undefined;
        this.io.onStatus(this.status(channel));
      }
    }
  }

  private send(channel: DeliveryChannel, alerts: Alert[]): Promise<void> {
    if (channel === 'webhook') return this.senders.webhook(this.settings.webhook!, alerts[0]!);
    return this.senders.email(this.settings.email!, alerts);
  }

  private push(entry: OutboxEntry): void {
    const queue = this.queues[entry.channel];
    queue.entries.push(entry);
    if (queue.entries.length <= MAX_QUEUED) return;
    // Never silently: the oldest goes, and the status counts it.
    const [gone] = queue.entries.splice(0, 1);
    queue.dropped += 1;
    if (gone) this.recorder?.record((writer) => removeFromOutbox(writer.db, entry.channel, [gone.alert.id]), true);
    this.io.onStatus(this.status(entry.channel));
  }

  private allEntries(): OutboxEntry[] {
    return DELIVERY_CHANNELS.flatMap((channel) => this.queues[channel].entries);
  }
}
