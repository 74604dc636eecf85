import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { CollectorAddress } from '../../shared/traffic/flowExport';

/**
 * Bytes handed to the socket and not yet sent; past this it is backed up and messages are dropped.
 * libuv queues what the kernel cannot take at once, so this bounds memory only: it holds every
 * record of a full flow table (100,000 flows, both ways) ending at once, as when a capture stops.
 */
const MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;
/** How long `close` waits for messages still in flight. */
const CLOSE_WAIT_MS = 2000;

/** What the sender has done so far. */
export interface SenderCounters {
  /** messages handed to the socket, and the flow records in them */
  messages: number;
  records: number;
  /** records in messages dropped because the socket was backed up */
  dropped: number;
  /** sends that failed */
  errors: number;
  lastError?: string;
}

/**
 * Sends datagrams to one collector over a connected UDP socket, never waiting: a send is handed to
 * the socket and forgotten, so the capture never blocks on the network. A connected socket hears
 * the ICMP errors of a collector that is not listening; each failure is counted and the first one
 * of a run is reported through `onError`.
 */
export class UdpSender {
  readonly counters: SenderCounters = { messages: 0, records: 0, dropped: 0, errors: 0 };
  private inFlight = 0;
  private inFlightBytes = 0;
  private closed = false;
  private failing = false;
  private drained: (() => void) | undefined;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly onError: (message: string) => void,
  ) {
    socket.on('error', (error) => this.failed(error));
  }

  /** Resolves the collector's host (once) and connects a socket to it; rejects with a sentence when the host is unknown. */
  static async open(collector: CollectorAddress, onError: (message: string) => void): Promise<UdpSender> {
    let address = collector.host;
    if (isIP(address) === 0) {
      try {
        address = (await lookup(collector.host)).address;
      } catch (error) {
        throw new Error(`the collector's host "${collector.host}" cannot be resolved (${(error as Error).message})`);
      }
    }
    const socket = dgram.createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
    // The capture must not keep the process alive on the socket's account.
    socket.unref();
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(collector.port, address, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((error: Error) => {
      socket.close();
      throw new Error(`cannot send to the collector ${address} port ${collector.port}: ${error.message}`);
    });
    return new UdpSender(socket, onError);
  }

  /** Sends one message of `records` flow records, or drops it when the socket is backed up. */
  send(message: Buffer, records: number): void {
    if (this.closed || this.inFlightBytes + message.length > MAX_IN_FLIGHT_BYTES) {
      this.counters.dropped += records;
      return;
    }
    this.inFlight++;
    this.inFlightBytes += message.length;
    this.counters.messages++;
    this.counters.records += records;
    this.socket.send(message, (error) => {
      this.inFlight--;
      this.inFlightBytes -= message.length;
      if (error) this.failed(error);
      else this.failing = false;
      if (this.inFlight === 0) this.drained?.();
    });
  }

  /** Waits for the messages in flight (at most a moment), then closes the socket. Safe to repeat. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_WAIT_MS);
        this.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.socket.close();
  }

  private failed(error: Error): void {
    this.counters.errors++;
    this.counters.lastError = error.message;
    if (!this.failing) this.onError(error.message);
    this.failing = true;
  }
}
