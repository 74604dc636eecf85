// The sockets view's two tables: processes by traffic (bandwhich's table) and connections, whose
// columns are the shared ones `lanlens sockets` prints and the exports write.
import type { ProcessTraffic, SocketRow } from '../../shared/model/sockets';
import { PROCESS_TRAFFIC_HEADERS, processTrafficCells, SOCKET_COLUMNS } from '../../shared/sockets/socketColumns';
import type { SocketColumnContext } from '../../shared/sockets/socketColumns';
import type { Column } from '../common/virtualTable';
import { VirtualTable } from '../common/virtualTable';

const PROCESS_WIDTHS = [70, 160, 100, 100, 90, 90, 70];
const SOCKET_WIDTHS: Record<string, number> = {
  pid: 70,
  process: 120,
  protocol: 50,
  state: 150,
  local: 170,
  remote: 200,
  name: 180,
  sent: 90,
  received: 90,
  rate: 170,
  rtt: 70,
  retransmits: 70,
  duration: 90,
};

/** The processes table; `onSelect` gets the chosen process's pid (undefined: none). */
export function processTable(onSelect: (pid: number | undefined) => void): VirtualTable<ProcessTraffic> {
  const columns: Column<ProcessTraffic>[] = PROCESS_TRAFFIC_HEADERS.map((label, index) => ({
    id: `p${index}`,
    label,
    width: PROCESS_WIDTHS[index] ?? 90,
    numeric: index !== 1,
    text: (row) => processTrafficCells(row)[index] ?? '',
  }));
  return new VirtualTable<ProcessTraffic>({
    label: 'Processes',
    columns,
    rowHeight: 22,
    key: (row) => String(row.pid),
    onSelect: (row) => onSelect(row?.pid),
  });
}

/** The connections table: closed rows stay, marked by how they ended. */
export function connectionsTable(
  context: () => SocketColumnContext,
  onSort: (columnId: string) => void,
): VirtualTable<SocketRow> {
  const columns: Column<SocketRow>[] = SOCKET_COLUMNS.map((column) => ({
    id: column.id,
    label: column.title,
    width: SOCKET_WIDTHS[column.id] ?? 90,
    numeric: column.numeric,
    sortable: true,
    text: (row) => column.text(row, context()),
    ...(column.tooltip ? { title: column.tooltip } : {}),
  }));
  return new VirtualTable<SocketRow>({
    label: 'Connections',
    columns,
    rowHeight: 22,
    key: (row) => row.id,
    rowClass: (row) =>
      row.closedAt === undefined ? '' : row.outcome && row.outcome !== 'closed' ? 'socket-failed' : 'socket-closed',
    onSort,
  });
}

/** Rows sorted by a column's value (numbers numerically, text as text), for a header click. */
export function sortRows(
  rows: SocketRow[],
  columnId: string,
  descending: boolean,
  context: SocketColumnContext,
): SocketRow[] {
  const column = SOCKET_COLUMNS.find((candidate) => candidate.id === columnId);
  if (!column) return rows;
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = column.value(a, context);
    const y = column.value(b, context);
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
}
