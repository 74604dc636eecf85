// Notifications for new alerts, never a storm: at most one per interval; alerts arriving meanwhile
// wait and are shown as one grouped notification when the interval is over. Only alerts at or
// above the chosen severity notify (the Alerts view and its badge show them all). No vscode here:
// the notification itself comes in through `show`.
import { ALERT_SEVERITIES } from '../../shared/model/alerts';
import type { Alert, AlertSeverity } from '../../shared/model/alerts';
import { displayText } from '../../shared/format/displayText';

/** How notifications are rationed. */
export interface NotifierSettings {
  /** the least severity that notifies; 'off' for none */
  minimumSeverity: AlertSeverity | 'off';
  /** one notification per this many ms at most */
  intervalMs: number;
}

/** One notification: its text, its most severe alert's severity, and the alerts it stands for. */
export interface AlertNotification {
  text: string;
  severity: AlertSeverity;
  alerts: Alert[];
}

/** Decides when and what to notify. */
export class AlertNotifier {
  private pending: Alert[] = [];
  private lastShown = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly show: (notification: AlertNotification) => void,
    private readonly settings: () => NotifierSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** New alerts: shown now, or with the next grouped notification. */
  add(alerts: readonly Alert[]): void {
    const { minimumSeverity, intervalMs } = this.settings();
    if (minimumSeverity === 'off') return;
    const least = ALERT_SEVERITIES.indexOf(minimumSeverity);
    const wanted = alerts.filter((alert) => ALERT_SEVERITIES.indexOf(alert.severity) >= least && notifies(alert));
    if (wanted.length === 0) return;
    this.pending.push(...wanted);
    const wait = this.lastShown + intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending = [];
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const alerts = this.pending;
    this.pending = [];
    this.lastShown = this.now();
    this.show(notificationOf(alerts));
  }
}

/** Bandwidth threshold alerts of the followed interface have their own notification ("Show Traffic"). */
function notifies(alert: Alert): boolean {
  return !(alert.rule === 'bandwidth-threshold' && alert.data?.direction !== undefined);
}

/** One alert's title, or a count by severity with the most severe alert's title. */
export function notificationOf(alerts: readonly Alert[]): AlertNotification {
  const ranked = [...alerts].sort(
    (a, b) => ALERT_SEVERITIES.indexOf(b.severity) - ALERT_SEVERITIES.indexOf(a.severity) || a.time - b.time,
  );
  const top = ranked[0]!;
  const title = inert(displayText(top.title, 200) ?? '');
  if (alerts.length === 1) return { text: `LAN Lens: ${title}`, severity: top.severity, alerts: [...alerts] };
  const counts = [...ALERT_SEVERITIES]
    .reverse()
    .map((severity) => [severity, alerts.filter((alert) => alert.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ');
  return {
    text: `LAN Lens: ${alerts.length} new alerts (${counts}). ${title}, and more in the Alerts view.`,
    severity: top.severity,
    alerts: [...alerts],
  };
}

/** Breaks `[text](target)`, which a notification would turn into a link or a command, into plain text. */
export function inert(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
