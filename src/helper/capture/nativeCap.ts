import type { CaptureProblemCode, CaptureStatus } from '../../shared/model/capture';

/** The part of the `cap` module's API LAN Lens uses (the package ships no typings). */
export interface CapHandle {
  open(device: string, filter: string, bufferSize: number, buffer: Buffer): string;
  send(buffer: Buffer, length: number): void;
  close(): boolean;
  on(event: 'packet', listener: (length: number, truncated: boolean) => void): this;
}

/** The `cap` module itself. */
export interface CapModule {
  Cap: new () => CapHandle;
}

type LoadResult = { module: CapModule; status: CaptureStatus } | { module?: undefined; status: CaptureStatus };

let cached: LoadResult | undefined;

/** The message and fix for a capture problem, shared by every place that reports one. */
export function describeCaptureProblem(code: CaptureProblemCode, detail: string): CaptureStatus {
  const node = process.execPath;
  const fixes: Record<CaptureProblemCode, [string, string]> = {
    'missing-module': [
      `The native capture module "cap" is not installed (${detail}).`,
      'Run `npm install` (with libpcap-dev installed: `sudo apt-get install libpcap-dev`) in the LAN Lens folder.',
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
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(text)) {
    return describeCaptureProblem('abi-mismatch', text.split('\n')[0] ?? text);
  }
  if (/libpcap\.so|cannot open shared object/.test(text)) return describeCaptureProblem('missing-libpcap', text);
  if (/Operation not permitted|permission denied|EPERM/i.test(text))
    return describeCaptureProblem('no-privilege', text);
  return describeCaptureProblem('open-failed', text);
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
