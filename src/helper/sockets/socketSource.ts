import type { SocketSourceKind } from '../../shared/model/sockets';
import type { KernelSocket, SocketEventsHandle } from './nativeSockDiag';
import { loadSockDiag } from './nativeSockDiag';
import { readProcNetSockets } from './procNetSockets';

/** One reading of the socket table. */
export interface SocketReading {
  sockets: KernelSocket[];
  /** sockets that closed since the previous reading, as they were then (sock_diag only) */
  closes: KernelSocket[];
  /** the kernel dropped close events since the previous reading */
  lost: boolean;
}

/** Where readings come from; injected in tests. */
export interface SocketSource {
  readonly kind: SocketSourceKind;
  /** why the kernel's socket diagnostics are not used (or close events are missing), for the log */
  readonly note?: string;
  read(): SocketReading;
  close(): void;
}

/** Every state but TIME-WAIT (6) and NEW-SYN-RECV (12): no process holds those. */
const WATCHED_STATES = ~((1 << 6) | (1 << 12)) >>> 0;
const TCP_AND_UDP = 3;

/**
 * The kernel's socket diagnostics with close events when they work here, else /proc/net (states
 * and addresses, no bytes). `prefer: 'proc'` forces the fallback (tests, and `--proc`).
 */
export function openSocketSource(prefer?: SocketSourceKind): SocketSource {
  const loaded = loadSockDiag();
  if (prefer === 'proc' || !loaded.module) {
    const note = prefer === 'proc' ? '/proc/net was asked for' : loaded.problem;
    return { kind: 'proc', note, read: () => ({ sockets: readProcNetSockets(), closes: [], lost: false }), close() {} };
  }
  const diag = loaded.module;
  try {
    diag.sockets(TCP_AND_UDP, WATCHED_STATES);
  } catch (error) {
    const note = `socket diagnostics failed (${error instanceof Error ? error.message : String(error)}); reading /proc/net`;
    return { kind: 'proc', note, read: () => ({ sockets: readProcNetSockets(), closes: [], lost: false }), close() {} };
  }
  let events: SocketEventsHandle | undefined;
  let note: string | undefined;
  try {
    events = new diag.SocketEvents();
  } catch (error) {
    note = `no close events (${error instanceof Error ? error.message : String(error)}): closed rows keep their last reading`;
  }
  return {
    kind: 'sock_diag',
    note,
    read() {
      // The table first, then the closes: a socket gone from the table has its event queued by now.
      const sockets = diag.sockets(TCP_AND_UDP, WATCHED_STATES);
      const drained = events?.read() ?? { sockets: [], lost: false };
      return { sockets, closes: drained.sockets, lost: drained.lost };
    },
    close: () => void events?.close(),
  };
}
