// How one alert looks in the Alerts view: its title as the label, time and device as the
// description, a severity icon, and everything else (rule, devices, evidence) in a plain-text
// tooltip. Every string from the network goes through displayText and is never markdown.
import { ALERT_RULES } from '../../shared/alerts/alertRules';
import { formatClock } from '../../shared/format/displayFormat';
import { displayText, formatMinute } from '../../shared/format/displayText';
import type { Alert, AlertDevice, AlertSeverity } from '../../shared/model/alerts';
import { ContextValue } from '../contributionIds';
import type { ItemView } from '../views/itemView';

/** An alert's row: an ItemView with the severity's theme colour. */
export interface AlertItemView extends ItemView {
  /** theme colour id of the icon; none when acknowledged */
  color?: string;
}

const ICONS: Record<AlertSeverity, { icon: string; color: string }> = {
  high: { icon: 'error', color: 'list.errorForeground' },
  medium: { icon: 'warning', color: 'list.warningForeground' },
  low: { icon: 'info', color: 'charts.blue' },
};

/** The row of an alert; `now` decides whether the time shows its date. */
export function alertView(alert: Alert, now: number): AlertItemView {
  const acknowledged = alert.acknowledged !== undefined;
  const device = alert.devices[0];
  const when = sameDay(alert.time, now) ? formatClock(alert.time, false) : formatMinute(alert.time);
  const description = [when, device ? deviceText(device) : undefined, acknowledged ? 'acknowledged' : undefined]
    .filter((part) => part !== undefined)
    .join(' · ');
  const { icon, color } = ICONS[alert.severity];
  return {
    id: alert.id,
    label: displayText(alert.title, 200) ?? ALERT_RULES[alert.rule].label,
    description,
    tooltip: alertTooltip(alert),
    icon,
    color: acknowledged ? undefined : color,
    dimmed: acknowledged,
    contextValue: acknowledged ? ContextValue.alertAcknowledged : ContextValue.alert,
    expandable: false,
  };
}

/** Everything about an alert, one fact per line, as plain text. */
export function alertTooltip(alert: Alert): string {
  const lines = [
    displayText(alert.title, 300) ?? '',
    `${ALERT_RULES[alert.rule].label} · ${alert.severity} severity · ${formatMinute(alert.time)}${alert.interface ? ` · ${displayText(alert.interface)}` : ''}`,
  ];
  if (alert.devices.length > 0) {
    lines.push('', 'Devices:');
    for (const device of alert.devices.slice(0, 10)) {
      lines.push(`  ${deviceText(device)}${device.role ? ` (${displayText(device.role)})` : ''}`);
    }
  }
  if (alert.evidence.length > 0) {
    lines.push('', 'Evidence:');
    for (const item of alert.evidence) {
      const frame = item.frame !== undefined ? ` (frame ${item.frame})` : '';
      lines.push(`  ${formatClock(item.time)}  ${displayText(item.text, 300) ?? ''}${frame}`);
    }
  }
  if (alert.acknowledged !== undefined) lines.push('', `Acknowledged ${formatMinute(alert.acknowledged)}`);
  return lines.join('\n');
}

/** `name (ip, mac)`, `ip (mac)`, or whichever it has. */
export function deviceText(device: AlertDevice): string {
  const address = [device.ip, device.mac].filter((part) => part !== undefined).map((part) => displayText(part, 60));
  const name = displayText(device.name, 60);
  if (name) return address.length ? `${name} (${address.join(', ')})` : name;
  return address.length > 1 ? `${address[0]} (${address[1]})` : (address[0] ?? 'a device');
}

function sameDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}
