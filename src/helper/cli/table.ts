/**
 * Renders rows as an aligned plain-text table. Cells are cleaned of control characters because
 * hostnames and vendors come from the network and must not drive the user's terminal. Tables of
 * a large capture run to tens of thousands of rows, so this is one pass for the widths and one for
 * the lines, with no arrays made per row.
 */
export function renderTable(headers: string[], rows: string[][]): string {
  const columns = headers.length;
  const widths = headers.map((header) => header.length);
  const cells: string[][] = [headers, ...rows];
  for (const row of cells) {
    for (let column = 0; column < columns; column++) {
      const length = (row[column] ?? '').length;
      if (length > widths[column]!) widths[column] = length;
    }
  }
  const lines: string[] = new Array<string>(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r]!;
    let line = '';
    for (let column = 0; column < columns - 1; column++) {
      const cell = row[column] ?? '';
      line += clean(cell) + spaces(widths[column]! - cell.length + 2);
    }
    line += clean(row[columns - 1] ?? '');
    lines[r] = line.endsWith(' ') ? line.trimEnd() : line;
  }
  return lines.join('\n');
}

/** the cell with control characters shown as '?' (one for one, so widths stay) */
function clean(cell: string): string {
  return CONTROL.test(cell) ? cell.replace(CONTROLS, '?') : cell;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

const SPACES: string[] = [];
function spaces(count: number): string {
  return (SPACES[count] ??= ' '.repeat(count));
}
