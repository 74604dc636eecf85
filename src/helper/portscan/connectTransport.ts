import { Socket } from 'node:net';
import { constants } from 'node:os';
import { socketBudget } from '../os/openFileLimit';
import type { ProbeTransport, Verdict } from './probeScheduler';

/** A connect attempt in flight: closing it stops the kernel's own retransmissions. */
interface Attempt {
  close(): void;
}

type Complete = (status: number) => void;
type Connector = (ip: string, port: number, done: Complete) => Attempt | undefined;

// libuv reports errors as negative errno values.
const errno = constants.errno;
const REFUSED = -errno.ECONNREFUSED;
const RESOURCE = new Set([-errno.EMFILE, -errno.ENFILE, -errno.ENOBUFS, -errno.EADDRNOTAVAIL, -errno.EAGAIN]);

interface TcpWrapBinding {
  TCP: new (type: number) => {
    connect(req: object, ip: string, port: number): number;
    close(): void;
  };
  TCPConnectWrap: new () => { oncomplete: (status: number) => void };
  constants: { SOCKET: number };
}

/**
 * Node's TCP handle without the stream machinery around it: a connect scan opens tens of
 * thousands of sockets that never carry a byte, and net.Socket costs about twice as much per
 * connect. Falls back to net.Socket where the binding is missing (other runtimes).
 */
function tcpWrapConnector(): Connector | undefined {
  let binding: TcpWrapBinding;
  try {
    const internal = process as unknown as { binding(name: string): unknown };
    binding = internal.binding('tcp_wrap') as TcpWrapBinding;
    if (typeof binding.TCP !== 'function' || typeof binding.TCPConnectWrap !== 'function') return undefined;
  } catch {
    return undefined;
  }
  return (ip, port, done) => {
    const handle = new binding.TCP(binding.constants.SOCKET);
    const request = new binding.TCPConnectWrap();
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      handle.close();
    };
    request.oncomplete = (status) => {
      if (closed) return;
      close();
      done(status);
    };
    const error = handle.connect(request, ip, port);
    if (error) {
      close();
      done(error);
      return undefined;
    }
    return { close };
  };
}

function socketConnector(): Connector {
  return (ip, port, done) => {
    const socket = new Socket();
    let closed = false;
    const finish = (status: number) => {
      if (closed) return;
      closed = true;
      socket.destroy();
      done(status);
    };
    socket.once('connect', () => finish(0));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(-(errno[error.code as keyof typeof errno] ?? 1)));
    socket.connect({ host: ip, port });
    return {
      close: () => {
        closed = true;
        socket.destroy();
      },
    };
  };
}

/** What a finished connect says, in nmap's words. */
export function connectVerdict(status: number): Verdict | undefined {
  if (status === 0) return { state: 'open', reason: 'syn-ack' };
  if (status === REFUSED) return { state: 'closed', reason: 'conn-refused' };
  if (status === -errno.EHOSTUNREACH) return { state: 'filtered', reason: 'host-unreach' };
  if (status === -errno.ENETUNREACH) return { state: 'filtered', reason: 'net-unreach' };
  if (status === -errno.EACCES || status === -errno.EPERM) return { state: 'filtered', reason: 'admin-prohibited' };
  return undefined; // timed out in the kernel, or a local resource problem: try again
}

/** Connect-scan probes: the kernel's connect(), no privilege needed. */
export class ConnectTransport implements ProbeTransport {
  readonly maxInFlight: number;
  readonly initialWindow = 8;
  readonly maxWindow: number;
  readonly burst = 256;
  readonly minTries = 2;
  readonly silence: Verdict = { state: 'filtered', reason: 'no-response' };
  /** which implementation runs: 'tcp_wrap' or 'net.Socket' */
  readonly implementation: string;
  private readonly connect: Connector;
  private readonly attempts = new Map<number, Attempt>();

  constructor(
    private readonly ips: readonly string[],
    private readonly onAnswer: (hostIndex: number, port: number, verdict: Verdict, tryNumber?: number) => void,
  ) {
    const fast = tcpWrapConnector();
    this.connect = fast ?? socketConnector();
    this.implementation = fast ? 'tcp_wrap' : 'net.Socket';
    this.maxInFlight = socketBudget(4096);
    this.maxWindow = this.maxInFlight;
  }

  send(hostIndex: number, port: number): boolean {
    const key = hostIndex * 65536 + port;
    let resource = false;
    const sentAt = performance.now();
    const attempt = this.connect(this.ips[hostIndex]!, port, (status) => {
      this.attempts.delete(key);
      const verdict = connectVerdict(status);
      if (verdict) {
        this.onAnswer(hostIndex, port, { ...verdict, rttMs: Math.round((performance.now() - sentAt) * 100) / 100 });
      } else if (RESOURCE.has(status)) {
        resource = true;
      }
    });
    if (resource) return false;
    if (attempt) this.attempts.set(key, attempt);
    return true;
  }

  abandon(hostIndex: number, port: number): void {
    const key = hostIndex * 65536 + port;
    this.attempts.get(key)?.close();
    this.attempts.delete(key);
  }

  close(): void {
    for (const attempt of this.attempts.values()) attempt.close();
    this.attempts.clear();
  }
}
