import { Socket } from 'node:net';

/** The most bytes kept from one answer: parsers need the start, never megabytes. */
const MAX_ANSWER = 32 * 1024;

/** Why a connection could not be opened. */
export type ConnectFailure = 'refused' | 'timeout' | 'error' | 'aborted';

/**
 * One TCP connection to a service, read as a conversation: send a probe, then wait for an answer
 * that is complete (by the probe's own test), or for the server to close, or for time to run out.
 */
export class TcpConversation {
  private buffered: Buffer[] = [];
  private size = 0;
  private wake: (() => void) | undefined;
  /** the peer closed (or the socket failed); no more bytes will come */
  closed = false;
  /** performance.now() of the first byte received since the last `take` */
  firstByteAt: number | undefined;
  /** performance.now() when the last probe was sent (or the connection opened) */
  sentAt: number;

  /** A conversation over a socket that is already connected (a TLS session, say). */
  static over(socket: Socket, signal?: AbortSignal): TcpConversation {
    return new TcpConversation(socket, 0, signal);
  }

  /** Hands the socket over (to a TLS handshake): this conversation stops listening to it. */
  release(): Socket {
    for (const event of ['data', 'end', 'close', 'error']) this.socket.removeAllListeners(event);
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    return this.socket;
  }

  /** Nothing was sent or received yet and the peer has not closed: the next probe can use this connection. */
  get fresh(): boolean {
    return !this.closed && !this.sentSomething && this.size === 0;
  }

  private sentSomething = false;

  private constructor(
    readonly socket: Socket,
    /** time the TCP handshake took, in ms */
    readonly connectMs: number,
    private readonly signal?: AbortSignal,
  ) {
    this.sentAt = performance.now();
    signal?.addEventListener('abort', this.onAbort);
    socket.on('data', (chunk: Buffer) => {
      this.firstByteAt ??= performance.now();
      if (this.size < MAX_ANSWER) {
        this.buffered.push(chunk);
        this.size += chunk.length;
      }
      this.wake?.();
    });
    const end = () => {
      this.closed = true;
      this.signal?.removeEventListener('abort', this.onAbort);
      this.wake?.();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** Opens a connection; resolves to the conversation, or to why it failed. */
  static open(
    ip: string,
    port: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<TcpConversation | ConnectFailure> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve('aborted');
      const started = performance.now();
      const socket = new Socket();
      let settled = false;
      const finish = (result: TcpConversation | ConnectFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (typeof result === 'string') socket.destroy();
        resolve(result);
      };
      const onAbort = () => finish('aborted');
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      signal?.addEventListener('abort', onAbort);
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        finish(new TcpConversation(socket, performance.now() - started, signal));
      });
      socket.once('error', (error: NodeJS.ErrnoException) =>
        finish(error.code === 'ECONNREFUSED' ? 'refused' : 'error'),
      );
      socket.setNoDelay(true);
      socket.connect({ host: ip, port });
    });
  }

  /** Everything received since the last `take`, without removing it. */
  get received(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered)];
    return this.buffered[0] ?? Buffer.alloc(0);
  }

  /** Returns what was received and starts a fresh answer. */
  take(): Buffer {
    const answer = this.received;
    this.buffered = [];
    this.size = 0;
    this.firstByteAt = undefined;
    return answer;
  }

  send(data: Uint8Array | string): void {
    this.sentAt = performance.now();
    this.sentSomething = true;
    if (!this.closed) this.socket.write(data);
  }

  /**
   * Waits until `complete(received)` holds, the peer closes, or `waitMs` pass with no new byte
   * after the first (an answer that has started gets up to 250 ms more per chunk, so slow senders
   * finish), but never more than `waitMs` plus three times `waitMs` (at least a second) in all.
   */
  async wait(waitMs: number, complete: (answer: Buffer) => boolean = () => false): Promise<Buffer> {
    let deadline = performance.now() + waitMs;
    // A service that drips a byte at a time would otherwise extend the wait until MAX_ANSWER.
    const last = deadline + Math.max(3 * waitMs, 1000);
    let seen = this.size;
    while (!this.closed && this.size < MAX_ANSWER && !(this.size > 0 && complete(this.received))) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      if (this.size > seen) {
        // Bytes are flowing: the rest of the answer usually follows within a few round trips.
        deadline = Math.min(last, Math.max(deadline, performance.now() + Math.min(waitMs, 250)));
        seen = this.size;
      }
    }
    return this.received;
  }

  /** ms from the last send (or the connect) to the first byte of the answer, if any came. */
  latencyMs(): number | undefined {
    return this.firstByteAt === undefined ? undefined : Math.max(0, this.firstByteAt - this.sentAt);
  }

  private readonly onAbort = () => this.close();

  close(): void {
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.socket.destroy();
    this.wake?.();
  }
}
