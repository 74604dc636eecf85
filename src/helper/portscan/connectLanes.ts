import { Socket } from 'node:net';
import { constants } from 'node:os';

// Statuses as libuv reports them (negative errno values), whichever lane made the connect.
const errno = constants.errno;

/** Called once per connect that finished: key = hostIndex·65536 + port, libuv status, ms since the connect. */
export type Finished = (key: number, status: number, rttMs: number) => void;

/** Connect attempts of one thread. */
export interface Lane {
  /**
   * Starts a connect; 0 when it is in flight (its end comes through the lane's callback), else the
   * libuv error it failed with at once.
   */
  connect(key: number, ip: string, port: number): number;
  /** closes the attempt's socket, which stops the kernel's own retransmissions; no callback follows */
  abandon(key: number): void;
  closeAll(): void;
}

/**
 * Node's TCP handle without the stream machinery around it: a connect scan opens tens of
 * thousands of sockets that never carry a byte, and net.Socket costs about twice as much per
 * connect. One completion function for every request (node passes it the handle and the request),
 * so a probe costs two native objects and nothing else.
 *
 * Self-contained (no outer names): worker threads run its source text (see `workerSource` in connectWorkers.ts).
 */
export function tcpWrapLane(binding: unknown, finished: Finished): Lane {
  interface Handle {
    connect(req: object, ip: string, port: number): number;
    close(): void;
  }
  interface Request {
    oncomplete: (status: number, handle: Handle, req: Request) => void;
    key: number;
    sentAt: number;
  }
  const wrap = binding as {
    TCP: new (type: number) => Handle;
    TCPConnectWrap: new () => Request;
    constants: { SOCKET: number };
  };
  const { TCP, TCPConnectWrap } = wrap;
  const SOCKET = wrap.constants.SOCKET;
  const open = new Map<number, Handle>();
  const complete = (status: number, handle: Handle, req: Request) => {
    handle.close();
    if (open.get(req.key) !== handle) return;
    open.delete(req.key);
    finished(req.key, status, performance.now() - req.sentAt);
  };
  return {
    connect(key, ip, port) {
      const handle = new TCP(SOCKET);
      const req = new TCPConnectWrap();
      req.oncomplete = complete;
      req.key = key;
      req.sentAt = performance.now();
      const error = handle.connect(req, ip, port);
      if (error) {
        handle.close();
        return error;
      }
      open.get(key)?.close();
      open.set(key, handle);
      return 0;
    },
    abandon(key) {
      open.get(key)?.close();
      open.delete(key);
    },
    closeAll() {
      for (const handle of open.values()) handle.close();
      open.clear();
    },
  };
}

/** Node's internal TCP binding when it has what `tcpWrapLane` uses; undefined elsewhere (other runtimes). */
export function loadTcpWrap(): unknown {
  try {
    const internal = process as unknown as { binding(name: string): unknown };
    const binding = internal.binding('tcp_wrap') as { TCP?: unknown; TCPConnectWrap?: unknown };
    if (typeof binding.TCP !== 'function' || typeof binding.TCPConnectWrap !== 'function') return undefined;
    return binding;
  } catch {
    return undefined;
  }
}

/** Falls back to net.Socket where the binding is missing (other runtimes). */
export function socketLane(finished: Finished): Lane {
  const open = new Map<number, Socket>();
  return {
    connect(key, ip, port) {
      open.get(key)?.destroy();
      const socket = new Socket();
      const sentAt = performance.now();
      const finish = (status: number) => {
        if (open.get(key) !== socket) return;
        open.delete(key);
        socket.destroy();
        finished(key, status, performance.now() - sentAt);
      };
      socket.once('connect', () => finish(0));
      socket.once('error', (error: NodeJS.ErrnoException) => finish(-(errno[error.code as keyof typeof errno] ?? 1)));
      open.set(key, socket);
      socket.connect({ host: ip, port });
      return 0;
    },
    abandon(key) {
      open.get(key)?.destroy();
      open.delete(key);
    },
    closeAll() {
      for (const socket of open.values()) socket.destroy();
      open.clear();
    },
  };
}
