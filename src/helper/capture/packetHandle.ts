import { openCapdHandle } from './capdHandle';
import { loadCap } from './nativeCap';
import type { CapHandle, CapModule, CapStats } from './nativeCap';
import { captureBackend, forgetCaptureBackend } from '../privilege/captureAccess';

/** How to open an interface, whichever backend opens it. */
export interface PacketHandleOptions {
  /** interface name, `any` or `nflog[:GROUP]` */
  device: string;
  /** BPF filter, '' for none */
  filter: string;
  /** kernel capture buffer, in bytes */
  bufferSize: number;
  /** bytes kept of each frame (default 65535) */
  snaplen?: number;
  /** default true */
  promiscuous?: boolean;
  /** hand over each packet at once, else in blocks (TPACKET_V3) */
  immediate: boolean;
  /** how long libpcap may hold packets back, in ms (with blocks: how long a block waits) */
  timeoutMs?: number;
  /** bytes of one batch of packets handed over at once */
  batchBytes: number;
}

/**
 * An open capture handle: the process's own (cap, when it holds CAP_NET_RAW) or lanlens-capd's.
 * Packets come in batches, each packet behind BATCH_HEADER_BYTES, as the capture core writes them.
 */
export interface PacketHandle {
  /** DLT_* of the interface */
  readonly dlt: number;
  /** cap's name of the link type: 'ETHERNET', 'NULL', ... */
  readonly linkName: string;
  /** which process captures */
  readonly backend: 'in-process' | 'capd';
  /** `batch` holds `count` packets; it is reused after the listener returns */
  onPackets(listener: (batch: Buffer, count: number) => void): void;
  /** the handle failed (its interface went away) and delivers nothing more */
  onError(listener: (error: Error) => void): void;
  /** sends one frame; throws when the kernel refused it (with capd: a frame sent earlier) */
  send(frame: Buffer, length: number): void;
  /** pcap_stats since the open (with capd: its latest report, at most 100 ms old) */
  stats(): CapStats;
  /** closes; with capd, once it has said its last stats */
  close(): Promise<void>;
}

/**
 * Opens `options.device` through the backend this process may use (captureAccess.ts): throws an
 * Error with the capture core's `code` (ENODEV, EPERM, EFILTER, ENOLIBPCAP...) when it cannot.
 */
export async function openPacketHandle(options: PacketHandleOptions): Promise<PacketHandle> {
  const loaded = loadCap();
  if (!loaded.module)
    throw codedError(
      loaded.status.problem?.code === 'missing-libpcap' ? 'ENOLIBPCAP' : 'EPCAP',
      loaded.status.problem?.message ?? 'capture is not available',
    );
  const backend = captureBackend();
  if (backend.kind === 'none') throw codedError('EPERM', backend.detail);
  if (backend.kind === 'in-process') return openInProcess(loaded.module, options);
  try {
    return await openCapdHandle(backend.path, options);
  } catch (error) {
    // A grant revoked or replaced since it was checked: look again next time.
    if ((error as { code?: string }).code === 'EPERM') forgetCaptureBackend();
    throw error;
  }
}

function openInProcess(module: CapModule, options: PacketHandleOptions): PacketHandle {
  const handle: CapHandle = new module.Cap();
  const buffer = Buffer.alloc(options.batchBytes);
  const linkName = handle.open(options.device, options.filter, options.bufferSize, buffer, {
    snaplen: options.snaplen,
    promiscuous: options.promiscuous,
    immediate: options.immediate,
    timeoutMs: options.timeoutMs,
    batch: true,
  });
  let closed = false;
  return {
    dlt: handle.datalink(),
    linkName,
    backend: 'in-process',
    onPackets: (listener) => handle.on('packets', (count, bytes) => listener(buffer.subarray(0, bytes), count)),
    onError: (listener) => handle.on('error', listener),
    send: (frame, length) => handle.send(frame, length),
    stats: () => handle.stats(),
    close: () => {
      if (!closed) handle.close();
      closed = true;
      return Promise.resolve();
    },
  };
}

/** An Error with the capture core's `code`, as the fork's own errors carry. */
export function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
