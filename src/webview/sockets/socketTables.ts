// The sockets view's two tables: the process tree with its traffic (bandwhich's table) and connections, whose
// columns are the shared ones `lanlens sockets` prints and the exports write.
import { processLabel } from '../../shared/model/sockets';
import type { ProcessEntry, ProcessTraffic, SocketRow } from '../../shared/model/sockets';
import { processForest, processTreeLines } from '../../shared/sockets/processForest';
import {
  byTraffic,
  PROCESS_TRAFFIC_HEADERS,
  processTrafficCells,
  SOCKET_COLUMNS,
} from '../../shared/sockets/socketColumns';
import type { SocketColumnContext } from '../../shared/sockets/socketColumns';
import type { Column } from '../common/virtualTable';
import { VirtualTable } from '../common/virtualTable';

const PROCESS_WIDTHS = [70, 220, 100, 100, 90, 90, 70];
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

/** A process as the processes table shows it: its traffic (none once exited) and its depth in the tree. */
export interface ProcessLine {
  entry: ProcessEntry;
  traffic?: ProcessTraffic;
  level: number;
}

/**
 * The processes as a tree, each under its parent, siblings busiest first (bandwhich's order);
 * exited processes stay, marked. A process with traffic but no entry yet is a root.
 */
export function processLines(processes: Iterable<ProcessEntry>, traffic: readonly ProcessTraffic[]): ProcessLine[] {
  const byPid = new Map(traffic.map((entry) => [entry.pid, entry]));
  const trafficOf = (entry: ProcessEntry) => (entry.exitedAt === undefined ? byPid.get(entry.pid) : undefined);
  const entries = [...processes];
  const listed = new Set(entries.filter((entry) => entry.exitedAt === undefined).map((entry) => entry.pid));
  for (const entry of traffic)
    if (!listed.has(entry.pid)) entries.push({ pid: entry.pid, ppid: 0, name: entry.name, startTime: 0, uid: -1 });
  const none: ProcessTraffic = {
    pid: 0,
    name: '',
    sendBytesPerSecond: 0,
    receiveBytesPerSecond: 0,
    sentBytes: 0,
    receivedBytes: 0,
    sockets: 0,
  };
  const order = (a: ProcessEntry, b: ProcessEntry) =>
    Number(a.exitedAt !== undefined) - Number(b.exitedAt !== undefined) ||
    byTraffic({ ...none, ...trafficOf(a), pid: a.pid }, { ...none, ...trafficOf(b), pid: b.pid });
  return processTreeLines(processForest(entries, order)).map(({ entry, level }) => ({
    entry,
    level,
    ...(trafficOf(entry) ? { traffic: trafficOf(entry) } : {}),
  }));
}

/** The processes table, a tree; `onSelect` gets the chosen process's pid (undefined: none). */
export function processTable(onSelect: (pid: number | undefined) => void): VirtualTable<ProcessLine> {
  const columns: Column<ProcessLine>[] = PROCESS_TRAFFIC_HEADERS.map((label, index) => ({
    id: `p${index}`,
    label,
    width: PROCESS_WIDTHS[index] ?? 90,
    numeric: index !== 1,
    ...(index === 1 ? { indent: true } : {}),
    text: (line) => {
      if (index === 0) return String(line.entry.pid);
      if (index === 1) return `${processLabel(line.entry)}${line.entry.exitedAt === undefined ? '' : ' (exited)'}`;
      return line.traffic ? (processTrafficCells(line.traffic)[index] ?? '') : '';
    },
    ...(index === 1 ? { title: (line: ProcessLine) => line.entry.command ?? processLabel(line.entry) } : {}),
  }));
  return new VirtualTable<ProcessLine>({
    label: 'Processes',
    columns,
    rowHeight: 22,
    key: (line) => `${line.entry.pid}:${line.entry.startTime}`,
    level: (line) => line.level,
    rowClass: (line) => (line.entry.exitedAt === undefined ? '' : 'process-exited'),
    onSelect: (line) => onSelect(line?.entry.pid),
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
