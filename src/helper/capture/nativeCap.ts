import type { CaptureProblemCode, CaptureStatus } from '../../shared/model/capture';

/** Options of `CapHandle.open`, added by LAN Lens's patch to cap (patches/cap+0.2.1.patch). */
export interface CapOpenOptions {
  /** bytes kept of each frame (default 65535) */
  snaplen?: number;
  /** default true */
  promiscuous?: boolean;
  /** deliver each packet at once (TPACKET_V2) instead of in blocks (TPACKET_V3); default true */
  immediate?: boolean;
  /** how long libpcap may hold packets back, in ms (with blocks: how long a block may wait); default 1000 */
  timeoutMs?: number;
  /** copy packets back to back into the buffer and emit one 'packets' event per batch (see BATCH_HEADER_BYTES) */
  batch?: boolean;
}

/** pcap_stats(), as the patched cap returns it: counts since the handle was opened. */
export interface CapStats {
  /** packets the kernel passed the filter */
  received: number;
  /** packets the kernel dropped because the buffer was full (ps_drop) */
  dropped: number;
  /** packets the interface or driver dropped (ps_ifdrop) */
  ifdropped: number;
}

/** In batch mode each packet is preceded by 4 little-endian u32: seconds, microseconds, captured length, wire length. */
export const BATCH_HEADER_BYTES = 16;

/** The part of the `cap` module's API LAN Lens uses (the package ships no typings). */
export interface CapHandle {
  open(device: string, filter: string, bufferSize: number, buffer: Buffer, options?: CapOpenOptions): string;
  send(buffer: Buffer, length: number): void;
  close(): boolean;
  /** patched: pcap_stats() */
  stats(): CapStats;
  /** patched: pcap_datalink(), a DLT_* number */
  datalink(): number;
  on(event: 'packet', listener: (length: number, truncated: boolean) => void): this;
  /** patched, batch mode: `count` packets fill the first `bytes` bytes of the buffer */
  on(event: 'packets', listener: (count: number, bytes: number) => void): this;
  /** patched: the handle failed (e.g. its interface was deleted) and delivers nothing more */
  on(event: 'error', listener: (error: Error) => void): this;
}

/** The `cap` module itself. */
export interface CapModule {
  Cap: new () => CapHandle;
  /** patched: throws (code EFILTER) with libpcap's message when `filter` does not compile for `dlt` */
  compileFilter(filter: string, dlt?: number, snaplen?: number): true;
}

/** The error codes the patched cap puts on open errors. */
export type CapErrorCode = 'ENODEV' | 'EPERM' | 'ENETDOWN' | 'EFILTER' | 'EPCAP';

type LoadResult = { module: CapModule; status: CaptureStatus } | { module?: undefined; status: CaptureStatus };

let cached: LoadResult | undefined;

/** The message and fix for a capture problem, shared by every place that reports one. */
export function describeCaptureProblem(code: CaptureProblemCode, detail: string): CaptureStatus {
  const node = process.execPath;
  const fixes: Record<CaptureProblemCode, [string, string]> = {
    'missing-module': [
      `The native capture module "cap" is not installed, or not built with LAN Lens's patch (${detail}).`,
      'Run `npm install` in the LAN Lens folder (it applies patches/ and builds cap; needs libpcap-dev: `sudo apt-get install libpcap-dev`).',
    ],
    'abi-mismatch': [
      `The native capture module "cap" was built for another Node.js ABI than this helper's Node ${process.version} (ABI ${process.versions.modules}): ${detail}`,
      `Run \`npm rebuild cap\` with this Node (${node}), or point the setting lanLens.helper.nodePath at the Node it was built with.`,
    ],
    'missing-libpcap': [
      `libpcap is not installed, so capture cannot start (${detail}).`,
      'Install it: `sudo apt-get install libpcap0.8` (Debian/Ubuntu), `sudo dnf install libpcap` (Fedora), or Npcap on Windows.',
    ],
    'no-privilege': [
      `Capture and raw ARP need CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode), which this process lacks (${detail}).`,
      `Give LAN Lens its own Node with the capabilities: \`cp ${node} ~/.local/lib/lanlens-node && sudo setcap cap_net_raw,cap_net_admin+eip ~/.local/lib/lanlens-node\` and set lanLens.helper.nodePath to it (or run the CLI with sudo).`,
    ],
    'bad-filter': [
      `The capture filter is not valid: ${detail}`,
      'Correct the filter; it uses tcpdump syntax, e.g. `tcp port 443 or arp` (see `man pcap-filter`).',
    ],
    'open-failed': [
      `Capture could not be opened: ${detail}`,
      'Check the interface name and that it is up (`ip link`).',
    ],
  };
  const [message, fix] = fixes[code];
  return { available: false, problem: { code, message, fix } };
}

/** Sorts a failure to load or open capture into a problem the user can act on. */
export function classifyCaptureError(error: unknown): CaptureStatus {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'MODULE_NOT_FOUND') return describeCaptureProblem('missing-module', text.split('\n')[0] ?? text);
  if (code === 'EPERM') return describeCaptureProblem('no-privilege', text);
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(text)) {
    return describeCaptureProblem('abi-mismatch', text.split('\n')[0] ?? text);
  }
  if (/libpcap\.so|cannot open shared object/.test(text)) return describeCaptureProblem('missing-libpcap', text);
  if (/Operation not permitted|permission denied|EPERM/i.test(text))
    return describeCaptureProblem('no-privilege', text);
  return describeCaptureProblem('open-failed', text);
}

/** Whether the loaded cap was built with LAN Lens's patch (live capture needs it; ARP works without). */
export function isPatchedCap(module: CapModule): boolean {
  return typeof (module.Cap.prototype as Partial<CapHandle>).stats === 'function';
}

/** Loads `cap` once; a failure is remembered and described rather than thrown. */
export function loadCap(): LoadResult {
  if (cached) return cached;
  try {
    // A plain require keeps the native module out of the bundle and lets a load failure be classified.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require('cap') as CapModule;
    cached = { module, status: { available: true } };
  } catch (error) {
    cached = { status: classifyCaptureError(error) };
  }
  return cached;
}
