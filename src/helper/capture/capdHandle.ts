import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import {
  CapdCommand,
  CapdProtocolError,
  CapdRecord,
  CapdRecordReader,
  checkBatch,
  encodeCapdCommand,
  readFailure,
  readOpened,
  readStats,
} from './capdProtocol';
import { BATCH_HEADER_BYTES } from './nativeCap';
import type { CapStats } from './nativeCap';
import type { PacketHandle, PacketHandleOptions } from './packetHandle';

type CapdProcess = ChildProcessByStdio<Writable, Readable, Readable>;

// capd exits at once on STOP; one that does not is killed (it holds no capability by then).
const STOP_GRACE_MS = 2000;
// Frames to inject are gathered and written once per turn of the event loop, not one write each.
const SEND_BUFFER_BYTES = 256 * 1024;
const STDERR_KEPT = 2048;

/** capd's arguments for `options` (it checks every one again). */
export function capdArguments(options: PacketHandleOptions): string[] {
  const args = ['capture', '-i', options.device, '--buffer-size', String(options.bufferSize)];
  if (options.filter) args.push('-f', options.filter);
  if (options.snaplen !== undefined) args.push('--snaplen', String(options.snaplen));
  if (options.timeoutMs !== undefined) args.push('--timeout-ms', String(options.timeoutMs));
  args.push('--promiscuous', options.promiscuous === false ? '0' : '1');
  args.push('--immediate', options.immediate ? '1' : '0');
  args.push('--batch-bytes', String(Math.max(4096, options.batchBytes)));
  return args;
}

/**
 * Starts `path` (the granted lanlens-capd) to capture as `options` ask; resolves once it has opened
 * the interface, or rejects with an Error carrying the capture core's `code` (EPERM when the
 * program cannot be run: not granted to this user, or revoked).
 */
export function openCapdHandle(path: string, options: PacketHandleOptions): Promise<PacketHandle> {
  // No environment at all: capd clears its own too, but nothing of the helper's should reach it.
  const child = spawn(path, capdArguments(options), { stdio: ['pipe', 'pipe', 'pipe'], env: {} });
  return new Promise((resolve, reject) => {
    const handle = new CapdHandle(child, path, resolve, reject);
    handle.listen();
  });
}

class CapdHandle implements PacketHandle {
  readonly backend = 'capd';
  dlt = 0;
  linkName = '';
  private opened = false;
  /** STOP was sent or END came: the exit that follows is no failure */
  private stopping = false;
  private exited = false;
  private failed?: Error;
  private sendFailure?: Error;
  private lastStats: CapStats = { received: 0, dropped: 0, ifdropped: 0 };
  private stderr = '';
  private packets: (batch: Buffer, count: number) => void = () => undefined;
  private errorListener: (error: Error) => void = () => undefined;
  private pending = Buffer.allocUnsafe(SEND_BUFFER_BYTES);
  private pendingBytes = 0;
  private flushQueued = false;
  private readonly exit: Promise<void>;
  private reader?: CapdRecordReader;
  private markExited: () => void = () => undefined;

  constructor(
    private readonly child: CapdProcess,
    private readonly path: string,
    private readonly resolveOpen: (handle: PacketHandle) => void,
    private readonly rejectOpen: (error: Error) => void,
  ) {
    this.exit = new Promise((resolve) => (this.markExited = resolve));
  }

  listen(): void {
    const reader = new CapdRecordReader((type, body) => this.record(type, body));
    this.reader = reader;
    const { child } = this;
    child.stdout.on('data', (chunk: Buffer) => {
      if (this.failed) return;
      try {
        reader.push(chunk);
      } catch (error) {
        this.fail(error as Error);
      }
    });
    child.stdout.on('end', () => {
      if (this.failed) return;
      try {
        reader.end();
      } catch (error) {
        this.fail(error as Error);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_KEPT) this.stderr += chunk.toString('utf8');
    });
    // A capd that exited (or died) closes stdin: writes then fail, which the exit already reports.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => this.fail(spawnError(this.path, error)));
    child.on('close', (code, signal) => {
      this.exited = true;
      this.markExited();
      if (!this.stopping) {
        const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
        const detail = this.stderr.trim();
        this.fail(Object.assign(new Error(`lanlens-capd ${how}${detail ? `: ${detail}` : ''}`), { code: 'EPCAP' }));
      }
    });
  }

  onPackets(listener: (batch: Buffer, count: number) => void): void {
    this.packets = listener;
    this.resumeReading();
  }

  /** Records after OPENED wait for the opener's listener, or the next turn of the event loop. */
  private resumeReading(): void {
    this.child.stdout.resume();
    try {
      this.reader?.resume();
    } catch (error) {
      this.fail(error as Error);
    }
  }

  onError(listener: (error: Error) => void): void {
    this.errorListener = listener;
  }

  send(frame: Buffer, length: number): void {
    if (this.sendFailure) {
      const failure = this.sendFailure;
      this.sendFailure = undefined;
      throw failure;
    }
    if (this.failed) throw this.failed;
    const command = encodeCapdCommand(CapdCommand.inject, frame.subarray(0, length));
    if (this.pendingBytes + command.length > this.pending.length) this.flush();
    if (command.length > this.pending.length) this.child.stdin.write(command);
    else this.pendingBytes += command.copy(this.pending, this.pendingBytes);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  stats(): CapStats {
    return this.lastStats;
  }

  async close(): Promise<void> {
    if (!this.exited) {
      this.flush();
      this.stopping = true;
      this.child.stdin.end(encodeCapdCommand(CapdCommand.stop));
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exit;
      clearTimeout(timer);
    }
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.pendingBytes === 0 || this.exited) return;
    // The stream keeps what it is given until written: hand it a copy and reuse the buffer.
    this.child.stdin.write(Buffer.from(this.pending.subarray(0, this.pendingBytes)));
    this.pendingBytes = 0;
  }

  private record(type: number, body: Buffer): 'pause' | void {
    switch (type) {
      case CapdRecord.batch:
        if (!this.opened) throw new CapdProtocolError('packets before OPENED');
        this.packets(body.subarray(4), checkBatch(body, BATCH_HEADER_BYTES));
        return;
      case CapdRecord.stats:
        this.lastStats = readStats(body);
        return;
      case CapdRecord.opened: {
        ({ dlt: this.dlt, linkName: this.linkName } = readOpened(body));
        this.opened = true;
        this.resolveOpen(this);
        // Packets in the same read would reach no listener yet: they wait until the opener has put
        // its own on (onPackets), at the latest until the next turn of the event loop, as cap's do.
        this.child.stdout.pause();
        setImmediate(() => this.resumeReading());
        return 'pause';
      }
      case CapdRecord.sendFailed: {
        const failure = readFailure(body);
        this.sendFailure = Object.assign(new Error(failure.message), { code: failure.code });
        return;
      }
      case CapdRecord.error: {
        const failure = readFailure(body);
        this.fail(Object.assign(new Error(failure.message), { code: failure.code }));
        return;
      }
      default:
        // END: the exit follows.
        this.stopping = true;
    }
  }

  /** The first failure wins: before OPENED it rejects the open, after it is the handle's error. */
  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    if (!this.opened) {
      this.rejectOpen(error);
      if (!this.exited) this.child.kill('SIGKILL');
    } else {
      this.errorListener(error);
    }
  }
}

/** capd could not be started: not granted to this user (EACCES), or gone (ENOENT). */
function spawnError(path: string, error: NodeJS.ErrnoException): Error {
  const why =
    error.code === 'EACCES'
      ? `this user may not run ${path}: capture permission was granted to other users only, or revoked`
      : error.code === 'ENOENT'
        ? `${path} is gone: capture permission was revoked`
        : `${path} could not be started (${error.message})`;
  return Object.assign(new Error(why), {
    code: error.code === 'EACCES' || error.code === 'ENOENT' ? 'EPERM' : 'EPCAP',
  });
}
