import { existsSync } from 'node:fs';
import { BATCH_HEADER_BYTES, classifyCaptureError, loadCap } from './nativeCap';
import type { CapHandle } from './nativeCap';
import type { CaptureSource, FrameSink, SourceDrops } from './captureSource';
import { LinkType } from '../decode/linkType';
import type { CaptureStatus } from '../../shared/model/capture';

/** What a live capture is asked for. */
export interface LiveCaptureOptions {
  /** interface name, or 'any' */
  interface: string;
  /** BPF filter, '' for none */
  filter: string;
  /** bytes kept of each frame */
  snaplen: number;
  promiscuous: boolean;
  /** kernel ring buffer, in bytes */
  bufferSizeBytes: number;
}

/** Why a live capture could not start: each kind maps to its own protocol error and CLI exit code. */
export type LiveOpenFailure =
  | { kind: 'unavailable'; status: CaptureStatus }
  | { kind: 'bad-filter'; message: string }
  | { kind: 'unknown-interface'; message: string };

export const DEFAULT_SNAPLEN = 262144;
export const DEFAULT_BUFFER_BYTES = 16 * 1024 * 1024;

// libpcap hands packets over in blocks (TPACKET_V3, as tcpdump -w does): far fewer wake-ups than
// one per packet. A block waits at most this long, which bounds the latency a tick can see.
const BLOCK_TIMEOUT_MS = 100;
// Packets are copied back to back into this buffer and handed to JavaScript a batch at a time.
const BATCH_BYTES = 4 * 1024 * 1024;

/** Checks the options without opening anything, so bad input is told apart from missing privilege. */
export function checkLiveOptions(options: LiveCaptureOptions): LiveOpenFailure | undefined {
  const loaded = loadCap();
  if (!loaded.module) return { kind: 'unavailable', status: loaded.status };
  const name = options.interface;
  if (name !== 'any' && !isNflog(name) && !interfaceExists(name)) {
    return { kind: 'unknown-interface', message: `No interface named "${name}" (see \`lanlens interfaces\`).` };
  }
  if (options.filter) {
    try {
      loaded.module.compileFilter(
        options.filter,
        name === 'any' ? LinkType.LinuxSll : isNflog(name) ? LinkType.Nflog : LinkType.Ethernet,
        options.snaplen,
      );
    } catch (error) {
      return { kind: 'bad-filter', message: filterMessage(options.filter, error) };
    }
  }
  return undefined;
}

/** Opens a live capture, or says why it cannot. Frames flow once `start` is called. */
export function openLiveCapture(options: LiveCaptureOptions): { source: CaptureSource } | { failure: LiveOpenFailure } {
  const failure = checkLiveOptions(options);
  if (failure) return { failure };
  const module = loadCap().module!;
  const handle = new module.Cap();
  const buffer = Buffer.alloc(Math.max(BATCH_BYTES, options.snaplen + BATCH_HEADER_BYTES));
  try {
    handle.open(options.interface, options.filter, options.bufferSizeBytes, buffer, {
      snaplen: options.snaplen,
      promiscuous: options.promiscuous,
      immediate: false,
      timeoutMs: BLOCK_TIMEOUT_MS,
      batch: true,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENODEV') return { failure: { kind: 'unknown-interface', message: messageOf(error) } };
    if (code === 'EFILTER') return { failure: { kind: 'bad-filter', message: filterMessage(options.filter, error) } };
    return { failure: { kind: 'unavailable', status: classifyCaptureError(error) } };
  }
  return { source: new LiveCaptureSource(handle, buffer, linkTypeOf(handle.datalink())) };
}

class LiveCaptureSource implements CaptureSource {
  readonly kind = 'live';
  private closed = false;
  private ended = false;
  private lastDrops: SourceDrops = { kernel: 0, interface: 0 };
  private onEnd: (error?: Error) => void = () => undefined;

  constructor(
    private readonly handle: CapHandle,
    private readonly buffer: Buffer,
    readonly linkType: number,
  ) {}

  start(sink: FrameSink, onEnd: (error?: Error) => void): void {
    this.onEnd = onEnd;
    const buffer = this.buffer;
    const linkType = this.linkType;
    // One event per batch; the loop runs inside cap's callback, before cap reuses the buffer.
    this.handle.on('packets', (count, bytes) => {
      let at = 0;
      for (let i = 0; i < count && at + BATCH_HEADER_BYTES <= bytes; i++) {
        const capturedLength = buffer.readUInt32LE(at + 8);
        sink(
          linkType,
          buffer,
          at + BATCH_HEADER_BYTES,
          capturedLength,
          buffer.readUInt32LE(at + 12),
          buffer.readUInt32LE(at),
          buffer.readUInt32LE(at + 4) * 1000,
        );
        at += BATCH_HEADER_BYTES + capturedLength;
      }
    });
    this.handle.on('error', (error) => {
      this.close();
      this.end(error);
    });
  }

  async stop(): Promise<void> {
    if (this.closed) return this.end();
    // The block being filled is only handed over once it times out: wait for it, then close.
    await new Promise((resolve) => setTimeout(resolve, BLOCK_TIMEOUT_MS + 50));
    this.close();
    this.end();
  }

  drops(): SourceDrops {
    if (!this.closed) {
      const stats = this.handle.stats();
      this.lastDrops = { kernel: stats.dropped, interface: stats.ifdropped };
    }
    return this.lastDrops;
  }

  private close(): void {
    if (this.closed) return;
    try {
      this.drops();
    } catch {
      // a failed handle may not answer: keep the last counts
    }
    this.closed = true;
    this.handle.close();
  }

  private end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(error);
  }
}

/** DLT_* (what libpcap reports) to LINKTYPE_* (what files and decoders use): they differ for raw IP and macOS PKTAP. */
function linkTypeOf(dlt: number): number {
  if (dlt === 12 || dlt === 14) return LinkType.Raw;
  // macOS numbers its PKTAP DLT 149 (DLT_USER2 elsewhere); files and the decoders know it as LINKTYPE_PKTAP.
  if (dlt === 149 && process.platform === 'darwin') return LinkType.Pktap;
  return dlt;
}

/** libpcap's Linux netfilter log device: `nflog` (group 0) or `nflog:GROUP`; no interface of that name exists. */
function isNflog(name: string): boolean {
  return process.platform === 'linux' && /^nflog(:\d{1,5})?$/.test(name);
}

function interfaceExists(name: string): boolean {
  if (process.platform === 'linux')
    return /^[^/\0]{1,15}$/.test(name) && name !== '.' && name !== '..' && existsSync(`/sys/class/net/${name}`);
  return (
    loadCap()
      .module?.deviceList()
      .some((device) => device.name === name) ?? true
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function filterMessage(filter: string, error: unknown): string {
  return `Invalid capture filter "${filter}": ${messageOf(error)}`;
}
