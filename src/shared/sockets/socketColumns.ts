// The columns of a connections table, one home for `lanlens sockets`, the debug panel and its
// exports: a title, the text people read, and the raw value an export writes.
import {
  formatBytes,
  formatByteRate,
  formatCount,
  formatDuration,
  formatEndpoint,
  formatLatency,
} from '../format/displayFormat';
import type { ProcessTraffic, SocketRow } from '../model/sockets';

/** What a column may look up besides the row. */
export interface SocketColumnContext {
  /** a process's name by pid */
  processName: (pid: number) => string | undefined;
  /** a name for a remote address (DNS, SNI), when one is known */
  remoteName?: (row: SocketRow) => string | undefined;
  /** ms since the epoch, for the duration of open rows */
  now: number;
}

/** One column of the connections table. */
export interface SocketColumn {
  id: string;
  title: string;
  text: (row: SocketRow, context: SocketColumnContext) => string;
  /** what JSON and CSV exports write (a number where there is one) */
  value: (row: SocketRow, context: SocketColumnContext) => string | number | undefined;
  /** right-aligned figures */
  numeric?: boolean;
  /** a tooltip with more than the cell shows (exact byte counts) */
  tooltip?: (row: SocketRow) => string;
}

const exactBytes = (value: number | undefined): string => (value === undefined ? '' : `${formatCount(value)} bytes`);

const optional = (value: number | undefined, format: (value: number) => string): string =>
  value === undefined ? '' : format(value);

const durationOf = (row: SocketRow, now: number): number => (row.closedAt ?? now) - row.firstSeen;

/** Every column, in table order. */
export const SOCKET_COLUMNS: readonly SocketColumn[] = [
  { id: 'pid', title: 'PID', text: (row) => optional(row.pid, String), value: (row) => row.pid, numeric: true },
  {
    id: 'process',
    title: 'Process',
    text: (row, context) => (row.pid === undefined ? '' : (context.processName(row.pid) ?? '')),
    value: (row, context) => (row.pid === undefined ? undefined : context.processName(row.pid)),
  },
  { id: 'protocol', title: 'Proto', text: (row) => row.protocol, value: (row) => row.protocol },
  {
    id: 'state',
    title: 'State',
    text: (row) => (row.outcome && row.outcome !== 'closed' ? `${row.state} (${row.outcome})` : row.state),
    value: (row) => row.outcome ?? row.state,
  },
  {
    id: 'local',
    title: 'Local',
    text: (row) => formatEndpoint(row.localAddress, row.localPort),
    value: (row) => formatEndpoint(row.localAddress, row.localPort),
  },
  {
    id: 'remote',
    title: 'Remote',
    text: (row) => formatEndpoint(row.remoteAddress, row.remotePort),
    value: (row) => formatEndpoint(row.remoteAddress, row.remotePort),
  },
  {
    id: 'name',
    title: 'Name',
    text: (row, context) => context.remoteName?.(row) ?? '',
    value: (row, context) => context.remoteName?.(row),
  },
  {
    id: 'sent',
    title: 'Sent',
    text: (row) => optional(row.bytesAcked, formatBytes),
    value: (row) => row.bytesAcked,
    numeric: true,
    tooltip: (row) => exactBytes(row.bytesAcked),
  },
  {
    id: 'received',
    title: 'Received',
    text: (row) => optional(row.bytesReceived, formatBytes),
    value: (row) => row.bytesReceived,
    numeric: true,
    tooltip: (row) => exactBytes(row.bytesReceived),
  },
  {
    id: 'rate',
    title: '↑/↓ per s',
    text: (row) =>
      row.sendBytesPerSecond || row.receiveBytesPerSecond
        ? `${formatByteRate(row.sendBytesPerSecond ?? 0)} / ${formatByteRate(row.receiveBytesPerSecond ?? 0)}`
        : '',
    value: (row) => (row.sendBytesPerSecond ?? 0) + (row.receiveBytesPerSecond ?? 0),
    numeric: true,
  },
  {
    id: 'rtt',
    title: 'RTT',
    text: (row) => optional(row.rttMs, formatLatency),
    value: (row) => row.rttMs,
    numeric: true,
  },
  {
    id: 'retransmits',
    title: 'Retrans',
    text: (row) => optional(row.retransmits, String),
    value: (row) => row.retransmits,
    numeric: true,
  },
  {
    id: 'duration',
    title: 'Duration',
    text: (row, context) => formatDuration(durationOf(row, context.now)),
    value: (row, context) => durationOf(row, context.now),
    numeric: true,
  },
];

/** The per-process columns of Show Process Traffic and `lanlens sockets --watch`. */
export const PROCESS_TRAFFIC_HEADERS = ['PID', 'PROCESS', '↑ UP', '↓ DOWN', 'SENT', 'RECEIVED', 'SOCKETS'];

/** A process's traffic as the cells of PROCESS_TRAFFIC_HEADERS. */
export function processTrafficCells(traffic: ProcessTraffic): string[] {
  return [
    String(traffic.pid),
    traffic.name,
    formatByteRate(traffic.sendBytesPerSecond),
    formatByteRate(traffic.receiveBytesPerSecond),
    formatBytes(traffic.sentBytes),
    formatBytes(traffic.receivedBytes),
    String(traffic.sockets),
  ];
}

/** Processes by traffic now, then by bytes so far, busiest first (bandwhich's order). */
export function byTraffic(a: ProcessTraffic, b: ProcessTraffic): number {
  const now = b.sendBytesPerSecond + b.receiveBytesPerSecond - (a.sendBytesPerSecond + a.receiveBytesPerSecond);
  return now !== 0 ? now : b.sentBytes + b.receivedBytes - (a.sentBytes + a.receivedBytes) || a.pid - b.pid;
}
