import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { socketBudget } from '../os/openFileLimit';
import { udpPayload } from './udpPayloads';
import type { ProbeTransport, Verdict } from './probeTransport';

/**
 * UDP probes over connected datagram sockets, which need no privilege: the kernel hands a
 * connected socket the ICMP errors its datagrams caused, so port-unreachable arrives as
 * ECONNREFUSED (closed) and other unreachables as EHOSTUNREACH/ENETUNREACH (filtered); any
 * datagram back means open; silence after the last try is open|filtered, as in nmap.
 */
export class UdpTransport implements ProbeTransport {
  readonly maxInFlight: number;
  readonly initialWindow = 16;
  readonly maxWindow = 256;
  readonly burst = 64;
  /**
   * Hosts limit ICMP errors (Linux: a burst of about six, then one a second), so a closed port can
   * look silent at first; tries spaced by the refill time let its error through, and each late
   * answer allows more tries (the scheduler's loss rule), as long as errors keep trickling in.
   */
  readonly minTries = 3;
  readonly silence: Verdict = { state: 'open|filtered', reason: 'no-response' };
  /** tries a second apart at least: Linux refills one ICMP error per second (icmp_ratelimit) */
  readonly rto = { minMs: 1000, maxMs: 3000, initialMs: 1000 };
  private readonly sockets = new Map<number, Socket>();

  constructor(
    private readonly ips: readonly string[],
    private readonly onAnswer: (hostIndex: number, port: number, verdict: Verdict, tryNumber?: number) => void,
    /** the first datagram a port sent back, for service identification */
    private readonly onPayload?: (hostIndex: number, port: number, payload: Uint8Array) => void,
  ) {
    this.maxInFlight = socketBudget(1024);
  }

  send(hostIndex: number, port: number): boolean {
    const key = hostIndex * 65536 + port;
    this.sockets.get(key)?.close();
    const socket = createSocket('udp4');
    this.sockets.set(key, socket);
    const sentAt = performance.now();
    const settle = (verdict: Verdict) => {
      if (this.sockets.get(key) !== socket) return;
      this.sockets.delete(key);
      socket.close();
      this.onAnswer(hostIndex, port, { ...verdict, rttMs: Math.round((performance.now() - sentAt) * 100) / 100 });
    };
    socket.on('message', (payload) => {
      if (this.sockets.get(key) === socket) this.onPayload?.(hostIndex, port, payload);
      settle({ state: 'open', reason: 'udp-response' });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') settle({ state: 'closed', reason: 'port-unreach' });
      else if (error.code === 'EHOSTUNREACH') settle({ state: 'filtered', reason: 'host-unreach' });
      else if (error.code === 'ENETUNREACH') settle({ state: 'filtered', reason: 'net-unreach' });
      else if (error.code === 'EACCES' || error.code === 'EPERM')
        settle({ state: 'filtered', reason: 'admin-prohibited' });
      // Anything else (a local send failure): the scheduler's timeout retries it.
    });
    socket.connect(port, this.ips[hostIndex] as string, () => {
      if (this.sockets.get(key) !== socket) return;
      socket.send(udpPayload(port), (error) => {
        if (error) socket.emit('error', error);
      });
    });
    return true;
  }

  abandon(hostIndex: number, port: number): void {
    const key = hostIndex * 65536 + port;
    const socket = this.sockets.get(key);
    if (!socket) return;
    this.sockets.delete(key);
    socket.close();
  }

  close(): void {
    for (const socket of this.sockets.values()) socket.close();
    this.sockets.clear();
  }
}
