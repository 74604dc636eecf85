// The kernel's socket diagnostics from the capture module's binary (native/cap: src/core/sockDiag.c,
// exported by cap/lib/sockDiag.js). Loaded once; a failure is remembered as a sentence, and the
// caller falls back to /proc/net.

/** tcp_info as the native module returns it (see native/cap/src/core/sockDiag.h). */
export interface KernelTcpInfo {
  bytesAcked: number;
  bytesReceived: number;
  bytesSent: number;
  rttUs: number;
  rttVarUs: number;
  /** consecutive timeouts of the segment in flight now */
  retransmits: number;
  /** segments retransmitted over the connection's life */
  totalRetrans: number;
  segsOut: number;
  segsIn: number;
  lastDataSentMs: number;
  lastDataReceivedMs: number;
  /** TCPI_OPT_* the handshake agreed; 0 when it never completed */
  options: number;
}

/** One socket as the kernel (or /proc/net) describes it. */
export interface KernelSocket {
  protocol: 'tcp' | 'udp';
  family: 4 | 6;
  /** the kernel's TCP state number */
  state: number;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  uid: number;
  /** 0 once no file holds it */
  inode: number;
  /** the kernel's cookie in hex; /proc/net has none and uses `inode:N` */
  cookie: string;
  tcpInfo?: KernelTcpInfo;
  /** /proc/net's retrnsmt column, when that is the source */
  retransmits?: number;
}

/** What cap/lib/sockDiag.js exports. */
export interface SockDiagModule {
  /** every socket of the protocol bits (1 TCP, 2 UDP) whose state bit is set in `states` */
  sockets(protocols: number, states: number): KernelSocket[];
  SocketEvents: new () => SocketEventsHandle;
}

/** A subscription to the kernel's socket close events. */
export interface SocketEventsHandle {
  /** the close events queued since the last read, without blocking; `lost` when the kernel dropped some */
  read(): { sockets: KernelSocket[]; lost: boolean };
  close(): boolean;
}

type Loaded = { module: SockDiagModule; problem?: undefined } | { module?: undefined; problem: string };
let cached: Loaded | undefined;

/** Loads the socket diagnostics once; `problem` says why they cannot be used here. */
export function loadSockDiag(): Loaded {
  if (cached) return cached;
  if (process.platform !== 'linux') return (cached = { problem: 'socket diagnostics exist only on Linux' });
  try {
    // A plain require keeps the native module out of the bundle, as nativeCap.ts does for cap.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('cap/lib/sockDiag') as Partial<SockDiagModule>;
    if (typeof module.sockets !== 'function' || typeof module.SocketEvents !== 'function')
      return (cached = { problem: 'the installed capture module predates socket diagnostics (run npm run setup)' });
    cached = { module: module as SockDiagModule };
  } catch (error) {
    cached = { problem: `the capture module does not load: ${error instanceof Error ? error.message : String(error)}` };
  }
  return cached;
}
