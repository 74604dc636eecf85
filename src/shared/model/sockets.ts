// Sockets of processes and their traffic, as the helper reads them without privilege (the kernel's
// socket diagnostics with tcp_info, or /proc/net) and as the debug panel, Show Process Traffic and
// `lanlens sockets` show them.

/** Where the socket table comes from: the kernel's NETLINK_SOCK_DIAG (with tcp_info) or /proc/net (no bytes). */
export type SocketSourceKind = 'sock_diag' | 'proc';

/** How a closed connection ended, as far as its socket tells. */
export type SocketOutcome =
  /** closed after it was established */
  | 'closed'
  /** the peer answered the SYN with a reset (no handshake, one segment each way) */
  | 'refused'
  /** the SYN was never answered (retransmitted, nothing received) */
  | 'timeout'
  /** a reset ended an established connection (seen in capture; without it, a close) */
  | 'reset';

/** One TCP or UDP socket of a watched process: a row of the connections table, kept once closed. */
export interface SocketRow {
  /** the kernel's socket cookie in hex (what `ss -e` prints after `sk:`), or `inode:N` from /proc/net */
  id: string;
  protocol: 'tcp' | 'udp';
  family: 4 | 6;
  /** the state as `ss` names it: ESTAB, SYN-SENT, LISTEN, … (UDP: UNCONN or ESTAB) */
  state: string;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  /** 0 when unconnected */
  remotePort: number;
  /** owning process, when its file descriptors could be read */
  pid?: number;
  uid: number;
  /** tcp_info bytes_acked: bytes sent and acknowledged (the SYN and FIN count one each); absent without tcp_info */
  bytesAcked?: number;
  /** tcp_info bytes_received (the FIN counts one) */
  bytesReceived?: number;
  /** smoothed round-trip time, ms */
  rttMs?: number;
  /** segments retransmitted over the connection's life (tcp_info total_retrans; /proc/net's retrnsmt) */
  retransmits?: number;
  /** bytes per second sent (bytes_acked) and received over the last tick */
  sendBytesPerSecond?: number;
  receiveBytesPerSecond?: number;
  /** ms since the Unix epoch when the socket was first seen */
  firstSeen: number;
  /** ms since the Unix epoch when it closed; the row is kept */
  closedAt?: number;
  outcome?: SocketOutcome;
}

/** A process of a watched tree (or any readable process), with what identifies it beyond its pid. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  /** the kernel's `comm`: the executable's name, at most 15 characters */
  name: string;
  /** start time in clock ticks after boot (/proc/<pid>/stat field 22): a reused pid has another */
  startTime: number;
  uid: number;
  /** its command line (arguments joined by spaces, at most 300 characters), when readable */
  command?: string;
  /** ms since the Unix epoch when it was seen to have exited (the tree keeps it) */
  exitedAt?: number;
}

/** One process's traffic over the last tick, summed over its sockets. */
export interface ProcessTraffic {
  pid: number;
  name: string;
  sendBytesPerSecond: number;
  receiveBytesPerSecond: number;
  /** bytes sent (bytes_acked) and received since the watch began */
  sentBytes: number;
  receivedBytes: number;
  /** sockets open now */
  sockets: number;
}

/** What a watch reads each tick. */
export interface SocketsTick {
  watchId: string;
  /** increases by one per tick */
  tick: number;
  /** ms since the Unix epoch */
  time: number;
  source: SocketSourceKind;
  /** the watched tree (alive and exited), or with `allProcesses` the processes that own sockets */
  processes: ProcessEntry[];
  traffic: ProcessTraffic[];
  /** rows new or changed since the previous tick (closed rows once, with closedAt) */
  sockets: SocketRow[];
  /** sockets on this machine that no reading listed before they closed, so no process (nor user) is known */
  unattributedCloses: number;
  /** the kernel dropped close events (its queue was full); some closed rows keep their last reading */
  lostCloseEvents: boolean;
}

/** ss's names of the kernel's TCP states, by number (UDP shows 7 as UNCONN). */
const STATE_NAMES = [
  'UNKNOWN',
  'ESTAB',
  'SYN-SENT',
  'SYN-RECV',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'TIME-WAIT',
  'UNCONN',
  'CLOSE-WAIT',
  'LAST-ACK',
  'LISTEN',
  'CLOSING',
  'NEW-SYN-RECV',
];

/** The kernel's TCP state numbers LAN Lens tests. */
export const TcpStateNumber = { established: 1, synSent: 2, timeWait: 6, close: 7, listen: 10 } as const;

/** The state as `ss` prints it, e.g. 1 → ESTAB, 10 → LISTEN. */
export function socketStateName(state: number): string {
  return STATE_NAMES[state] ?? `STATE-${state}`;
}

/**
 * What a process is called in lists: its program's name from the command line (Node names its
 * main thread `MainThread`, which `comm` then shows), else `comm`.
 */
export function processLabel(entry: { name: string; command?: string }): string {
  const program = entry.command?.split(' ', 1)[0];
  const base = program ? program.slice(program.lastIndexOf('/') + 1) : '';
  return base || entry.name;
}
