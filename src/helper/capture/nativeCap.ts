import type { CaptureProblemCode, CaptureStatus } from '../../shared/model/capture';
import { GRANT_FIX } from '../../shared/model/privilege';

/** Options of `CapHandle.open`, added by LAN Lens's fork of cap (native/cap; see its README). */
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

/** pcap_stats(), as the fork returns it: counts since the handle was opened. */
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

/** The part of the `cap` module's API LAN Lens uses (the fork ships no typings). */
export interface CapHandle {
  open(device: string, filter: string, bufferSize: number, buffer: Buffer, options?: CapOpenOptions): string;
  send(buffer: Buffer, length: number): void;
  close(): boolean;
  /** fork: pcap_stats() */
  stats(): CapStats;
  /** fork: pcap_datalink(), a DLT_* number */
  datalink(): number;
  on(event: 'packet', listener: (length: number, truncated: boolean) => void): this;
  /** fork, batch mode: `count` packets fill the first `bytes` bytes of the buffer */
  on(event: 'packets', listener: (count: number, bytes: number) => void): this;
  /** fork: the handle failed (e.g. its interface was deleted) and delivers nothing more */
  on(event: 'error', listener: (error: Error) => void): this;
}

/** The libpcap the module found at run time. */
export interface CapLibrary {
  /** the file name that loaded, e.g. libpcap.so.0.8 (Debian) or libpcap.so.1 (Fedora, Arch) */
  file: string;
  /** pcap_lib_version() */
  version: string;
}

/** The `cap` module itself. */
export interface CapModule {
  Cap: new () => CapHandle;
  /** fork: throws (code EFILTER) with libpcap's message when `filter` does not compile for `dlt` */
  compileFilter(filter: string, dlt?: number, snaplen?: number): true;
  /** fork: loads libpcap (once); throws (code ENOLIBPCAP) naming the package to install when there is none */
  libpcap(): CapLibrary;
  /** libpcap's interfaces (pcap_findalldevs) */
  deviceList(): { name: string }[];
  /** fork, Linux: a root process becomes `uid`/`gid`, keeping only CAP_NET_RAW and CAP_NET_ADMIN when asked */
  dropToUser?(uid: number, gid: number, keepNetCaps: boolean): void;
  /** fork, Linux: this thread's capabilities, all of them, for good */
  dropCapabilities?(): void;
  /** fork: where lanlens-capd was built, beside cap.node (the grant installs a copy of it) */
  capdPath?: string;
}

/** The error codes the fork puts on its errors. */
export type CapErrorCode = 'ENODEV' | 'EPERM' | 'ENETDOWN' | 'EFILTER' | 'EPCAP' | 'ENOLIBPCAP' | 'EINVAL';

type LoadResult =
  | { module: CapModule; library: CapLibrary; status: CaptureStatus }
  | { module?: undefined; library?: undefined; status: CaptureStatus };

let cached: LoadResult | undefined;

/** The message and fix for a capture problem, shared by every place that reports one. */
export function describeCaptureProblem(code: CaptureProblemCode, detail: string): CaptureStatus {
  const node = process.execPath;
  const fixes: Record<CaptureProblemCode, [string, string]> = {
    'missing-module': [
      `The native capture module "cap" (LAN Lens's fork, native/cap) is not installed or not built (${detail}).`,
      'Run `npm install` in the LAN Lens folder (it builds native/cap with node-gyp; needs build-essential and python3).',
    ],
    'abi-mismatch': [
      `The native capture module "cap" was built for another Node.js ABI than this helper's Node ${process.version} (ABI ${process.versions.modules}): ${detail}`,
      `Run \`npm rebuild cap\` with this Node (${node}), or point the setting lanLens.helper.nodePath at the Node it was built with.`,
    ],
    'missing-libpcap': [
      `libpcap is not installed, so capture cannot start (${detail}).`,
      'Install it: `sudo apt-get install libpcap0.8` (Debian/Ubuntu), `sudo dnf install libpcap` (Fedora), `sudo pacman -S libpcap` (Arch), or Npcap on Windows.',
    ],
    'no-privilege': [
      `Live capture, the ARP sweep and SYN/UDP scans need capture privilege (CAP_NET_RAW on Linux), which LAN Lens lacks here (${detail}).`,
      privilegeFix(),
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

/** How capture privilege is granted on this OS. */
function privilegeFix(): string {
  if (process.platform === 'darwin') {
    return "Give your user read access to /dev/bpf* as Wireshark's ChmodBPF does (steps in docs/privilege.md), or run the CLI with sudo.";
  }
  if (process.platform === 'win32') {
    return 'Install Npcap (npcap.com) without "Restrict Npcap driver\'s access to Administrators only", or run as an administrator.';
  }
  return `${GRANT_FIX} Or run the CLI with sudo.`;
}

/** Sorts a failure to load or open capture into a problem the user can act on. */
export function classifyCaptureError(error: unknown): CaptureStatus {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'MODULE_NOT_FOUND') return describeCaptureProblem('missing-module', text.split('\n')[0] ?? text);
  if (code === 'EPERM') return describeCaptureProblem('no-privilege', text);
  // The fork's own message also says what to install; the status carries that as its fix.
  if (code === 'ENOLIBPCAP')
    return describeCaptureProblem('missing-libpcap', /\((tried .*)\)\./.exec(text)?.[1] ?? text);
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(text)) {
    return describeCaptureProblem('abi-mismatch', text.split('\n')[0] ?? text);
  }
  if (/libpcap\.so|cannot open shared object/.test(text)) return describeCaptureProblem('missing-libpcap', text);
  if (/Operation not permitted|permission denied|EPERM/i.test(text))
    return describeCaptureProblem('no-privilege', text);
  return describeCaptureProblem('open-failed', text);
}

/** Capture's status with a loaded module: available once it finds libpcap (an older cap lacks `libpcap`). */
export function checkCapModule(module: CapModule): LoadResult {
  if (typeof (module as Partial<CapModule>).libpcap !== 'function') {
    return { status: describeCaptureProblem('missing-module', 'the installed cap is not the fork in native/cap') };
  }
  try {
    return { module, library: module.libpcap(), status: { available: true } };
  } catch (error) {
    return { status: classifyCaptureError(error) };
  }
}

/** Loads `cap` and libpcap once; a failure is remembered and described rather than thrown. */
export function loadCap(): LoadResult {
  if (cached) return cached;
  try {
    // A plain require keeps the native module out of the bundle and lets a load failure be classified.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = checkCapModule(require('cap') as CapModule);
  } catch (error) {
    cached = { status: classifyCaptureError(error) };
  }
  return cached;
}
