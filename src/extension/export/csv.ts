// CSV as RFC 4180 writes it, made safe to open in a spreadsheet. The values come from the network
// (host names, HTTP paths, DNS answers), so a cell such as `=HYPERLINK(…)` or `@SUM(…)` must stay
// text: a text cell that starts with = + - @ tab or CR gets a leading apostrophe, as OWASP's CSV
// injection guidance recommends, which spreadsheets show as text and do not evaluate.

/** One cell: text (hostile, neutralised), a number (written as is), or nothing (empty). */
export type CsvValue = string | number | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell that cannot start a formula, quoted when RFC 4180 requires it. */
export function csvCell(value: CsvValue): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of cells, ending in CRLF (RFC 4180). */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A whole file: a header line, then one line per row. */
export function toCsv(headers: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  let text = csvLine(headers);
  for (const row of rows) text += csvLine(row);
  return text;
}
