// An e-mail of alerts as people read it: a subject naming the most severe, a plain-text body with
// each alert's time, severity, devices and evidence. Strings from the network are cleaned of
// control characters (no header can be forged through a line break) and never HTML.
import { ALERT_RULES } from '../../../shared/alerts/alertRules';
import { formatClock } from '../../../shared/format/displayFormat';
import { displayText, formatMinute } from '../../../shared/format/displayText';
import { ALERT_SEVERITIES } from '../../../shared/model/alerts';
import type { Alert } from '../../../shared/model/alerts';

/** Subject and plain-text body of one e-mail for `alerts` (at least one). */
export function alertMail(alerts: readonly Alert[]): { subject: string; text: string } {
  const top = [...alerts].sort(
    (a, b) => ALERT_SEVERITIES.indexOf(b.severity) - ALERT_SEVERITIES.indexOf(a.severity),
  )[0]!;
  const title = displayText(top.title, 150) ?? ALERT_RULES[top.rule].label;
  const subject =
    alerts.length === 1
      ? `[LAN Lens] ${top.severity}: ${title}`
      : `[LAN Lens] ${alerts.length} alerts, the most severe ${top.severity}: ${title}`;
  const text = [...alerts]
    .sort((a, b) => a.time - b.time)
    .map(alertText)
    .join('\n\n');
  return { subject, text: `${text}\n\n-- \nLAN Lens alerts. Acknowledge them in the Alerts view in VS Code.\n` };
}

function alertText(alert: Alert): string {
  const lines = [
    displayText(alert.title, 300) ?? '',
    `${ALERT_RULES[alert.rule].label}, ${alert.severity} severity, ${formatMinute(alert.time)}${alert.interface ? ` on ${displayText(alert.interface)}` : ''}`,
  ];
  for (const device of alert.devices.slice(0, 10)) {
    const parts = [device.name, device.ip, device.mac].map((part) => displayText(part, 100)).filter(Boolean);
    lines.push(`  device: ${parts.join(', ')}${device.role ? ` (${displayText(device.role)})` : ''}`);
  }
  for (const item of alert.evidence) {
    lines.push(
      `  ${formatClock(item.time)}  ${displayText(item.text, 300) ?? ''}${item.frame !== undefined ? ` (frame ${item.frame})` : ''}`,
    );
  }
  return lines.join('\n');
}
