// C0/C1 controls (a newline in a hostname would forge tooltip lines) and bidi overrides (which can
// make "evil.com" read as "moc.live").
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Hostile network text made safe to show: controls and bidi marks removed, length capped. */
export function displayText(text: string | undefined, maxLength = 120): string | undefined {
  if (text === undefined) return undefined;
  const clean = text.replace(/\s+/g, ' ').replace(UNSAFE, '').trim();
  if (clean === '') return undefined;
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** Local date and time to the minute, e.g. `2024-05-01 14:03`. */
export function formatMinute(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
