// How the history's records read, in the CLI, the Devices tree, the history view and the reports
// alike. Names come from the network: they are cleaned (displayText) before they are shown.
import { displayText } from '../format/displayText';
import type { HistoryChange } from '../model/history';

/** A device as people name it: its name, else its address, else its MAC. */
export function deviceLabel(device: { name?: string; ip?: string; mac?: string }): string {
  return displayText(device.name, 60) ?? (device.ip || device.mac || 'unknown device');
}

/** The device with its address beside its name: `printer (10.213.0.11)`. */
function deviceWithAddress(change: HistoryChange): string {
  const label = deviceLabel(change);
  return change.ip && label !== change.ip ? `${label} (${change.ip})` : label;
}

/** The port of a change: `22/tcp (ssh)`. */
function portText(change: HistoryChange): string {
  const service = displayText(change.service, 30);
  return `${change.port ?? '?'}/${change.protocol ?? 'tcp'}${service ? ` (${service})` : ''}`;
}

/** One change as a sentence: `New device printer (10.213.0.11), 02:00:00:00:00:11`. */
export function describeChange(change: HistoryChange): string {
  switch (change.kind) {
    case 'device-new':
      return `New device ${deviceWithAddress(change)}${change.mac ? `, ${change.mac}` : ''}`;
    case 'address-new':
      return `${deviceLabel({ name: change.name, mac: change.mac })} now at ${change.ip ?? '?'}`;
    case 'port-opened':
      return `Port ${portText(change)} opened on ${deviceWithAddress(change)}`;
    case 'port-closed':
      return `Port ${portText(change)} closed on ${deviceWithAddress(change)}`;
    case 'device-gone':
      return `${deviceWithAddress(change)} not seen since`;
  }
}

/** How long ago, for people: `just now`, `5 minutes ago`, `3 hours ago`, `3 days ago`, `5 weeks ago`. */
export function formatAgo(time: number, now: number): string {
  const seconds = Math.max(0, (now - time) / 1000);
  const steps: [number, string][] = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [7, 'day'],
    [Infinity, 'week'],
  ];
  let value = seconds;
  if (value < 45) return 'just now';
  for (const [size, unit] of steps) {
    if (value < size) {
      const whole = Math.max(1, Math.floor(value));
      return `${whole} ${unit}${whole === 1 ? '' : 's'} ago`;
    }
    value /= size;
  }
  return 'long ago';
}
