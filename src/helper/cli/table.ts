/**
 * Renders rows as an aligned plain-text table. Cells are cleaned of control characters because
 * hostnames and vendors come from the network and must not drive the user's terminal.
 */
export function renderTable(headers: string[], rows: string[][]): string {
  const clean = (cell: string) => (CONTROL.test(cell) ? cell.replace(CONTROLS, '?') : cell);
  const cells = [headers, ...rows].map((row) => row.map(clean));
  const widths = headers.map(() => 0);
  for (const row of cells) {
    for (let column = 0; column < widths.length; column++) {
      const length = (row[column] ?? '').length;
      if (length > widths[column]!) widths[column] = length;
    }
  }
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
