// How the CLI prints an alert for people: a line with its time, severity and title, then its
// evidence indented. Titles and evidence hold strings from the network; a terminal gets them with
// control characters escaped, so a hostile name cannot move the cursor or recolour the screen.
import { formatClock } from '../../shared/format/displayFormat';
import type { Alert } from '../../shared/model/alerts';

/** The lines of one alert, for a terminal. */
export function alertLines(alert: Alert): string {
  const date = new Date(alert.time).toLocaleDateString('en-CA');
  const head = `${date} ${formatClock(alert.time, false)}  ${alert.severity.toUpperCase().padEnd(6)}  ${printable(alert.title)}  [${alert.rule}]`;
  const evidence = alert.evidence.map((item) => {
    const frame = item.frame !== undefined ? ` (frame ${item.frame})` : '';
    return `    ${formatClock(item.time)}  ${printable(item.text)}${frame}`;
  });
  return [head, ...evidence].join('\n');
}

/** Text with control characters (C0, DEL, C1) written as \xNN. */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
