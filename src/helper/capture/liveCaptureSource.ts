import { existsSync } from 'node:fs';
import { BATCH_HEADER_BYTES, classifyCaptureError, loadCap } from './nativeCap';
import { openPacketHandle } from './packetHandle';
import type { PacketHandle } from './packetHandle';
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

/** Opens a live capture (in this process or through lanlens-capd), or says why it cannot. Frames flow once `start` is called. */
export async function openLiveCapture(
  options: LiveCaptureOptions,
): Promise<{ source: CaptureSource } | { failure: LiveOpenFailure }> {
  const failure = checkLiveOptions(options);
  if (failure) return { failure };
  let handle: PacketHandle;
  try {
    handle = await openPacketHandle({
      device: options.interface,
      filter: options.filter,
      bufferSize: options.bufferSizeBytes,
      snaplen: options.snaplen,
      promiscuous: options.promiscuous,
      immediate: false,
      timeoutMs: BLOCK_TIMEOUT_MS,
      batchBytes: Math.max(BATCH_BYTES, options.snaplen + BATCH_HEADER_BYTES),
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENODEV') return { failure: { kind: 'unknown-interface', message: messageOf(error) } };
    if (code === 'EFILTER') return { failure: { kind: 'bad-filter', message: filterMessage(options.filter, error) } };
    return { failure: { kind: 'unavailable', status: classifyCaptureError(error) } };
  }
  return { source: new LiveCaptureSource(handle, linkTypeOf(handle.dlt)) };
}

class LiveCaptureSource implements CaptureSource {
  readonly kind = 'live';
  private closed = false;
  private ended = false;
  private lastDrops: SourceDrops = { kernel: 0, interface: 0 };
  private onEnd: (error?: Error) => void = () => undefined;

  constructor(
    private readonly handle: PacketHandle,
    readonly linkType: number,
  ) {}

  start(sink: FrameSink, onEnd: (error?: Error) => void): void {
    this.onEnd = onEnd;
    const linkType = this.linkType;
    // One call per batch; the loop runs before the handle reuses the batch's bytes.
    this.handle.onPackets((batch, count) => {
      let at = 0;
      for (let i = 0; i < count && at + BATCH_HEADER_BYTES <= batch.length; i++) {
        const capturedLength = batch.readUInt32LE(at + 8);
        sink(
          linkType,
          batch,
          at + BATCH_HEADER_BYTES,
          capturedLength,
          batch.readUInt32LE(at + 12),
          batch.readUInt32LE(at),
          batch.readUInt32LE(at + 4) * 1000,
        );
        at += BATCH_HEADER_BYTES + capturedLength;
      }
    });
    this.handle.onError((error) => {
      void this.close().then(() => this.end(error));
    });
  }

  async stop(): Promise<void> {
    if (this.closed) return this.end();
    // The block being filled is only handed over once it times out: wait for it, then close.
    await new Promise((resolve) => setTimeout(resolve, BLOCK_TIMEOUT_MS + 50));
    await this.close();
    this.end();
  }

  drops(): SourceDrops {
    if (!this.closed) this.readDrops();
    return this.lastDrops;
  }

  private readDrops(): void {
    try {
      const stats = this.handle.stats();
      this.lastDrops = { kernel: stats.dropped, interface: stats.ifdropped };
    } catch {
      // a failed handle may not answer: keep the last counts
    }
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.readDrops();
    await this.handle.close();
    // lanlens-capd reports its last counts as it stops.
    if (this.handle.backend === 'capd') this.readDrops();
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
