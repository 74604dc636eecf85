/**
 * Renders rows as an aligned plain-text table. Cells are cleaned of control characters because
 * hostnames and vendors come from the network and must not drive the user's terminal.
 */
export function renderTable(headers: string[], rows: string[][]): string {
  const clean = (cell: string) => cell.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const cells = [headers, ...rows].map((row) => row.map(clean));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
