// How the CLI prints an alert for people: a line with its time, severity and title, then its
// evidence indented. Titles and evidence hold strings from the network; a terminal gets them
// without control characters or bidi marks, so a hostile name cannot move the cursor or recolour
// the screen.
import { formatClock } from '../../shared/format/displayFormat';
import { displayText } from '../../shared/format/displayText';
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

/** Network text as a terminal may show it. */
function printable(text: string): string {
  return displayText(text, 500) ?? '';
}
