// What the harness and the extension-host suite exchange through files: plain types, no `vscode`,
// so the Node-side harness (test/e2e, test/extensionHost/runDesktop.ts) compiles against them too.

/** The config file's name in the workspace root: the one place every kind of test run shares. */
export const CONFIG_FILE = 'lanlens-tests.json';

/** A lab host as the Devices tree must show it. */
export interface ExpectedDevice {
  ip: string;
  /** the tree item's label */
  label: string;
  /** the tree item's description */
  description: string;
}

/** The harness's instructions. */
export interface TestConfig {
  /** the bundled suite (index.ts) that runnerExtension/ loads in code-server */
  bundle?: string;
  /** where to write the results (JSON); absent: failures only reject run() */
  resultsFile?: string;
  /** the lab to scan; absent (not root): the scan tests are skipped */
  lab?: {
    cidr: string;
    bridge: string;
    bridgeIp: string;
    devices: ExpectedDevice[];
  };
  /** capture files for the custom editor; absent when tshark is missing */
  captures?: {
    good: CaptureFixture;
    /** a file with a damaged second record: the packet before it is kept, the damage named */
    corrupt: string;
    /** not a capture at all: opening it fails with the offset named */
    notCapture: string;
  };
  /** the lab to capture on and port-scan; absent (not root): those tests are skipped */
  captureLab?: CaptureLabInfo;
}

/** A capture file in the workspace and what tshark says it holds. */
export interface CaptureFixture {
  /** absolute path */
  path: string;
  /** frames, per tshark */
  packets: number;
  /** their bytes on the wire, per tshark */
  bytes: number;
}

/** The lab of the capture and port-scan suites (see test/lab/captureLab.ts). */
export interface CaptureLabInfo {
  cidr: string;
  bridge: string;
  bridgeIp: string;
  /** sends a DHCP DISCOVER naming itself every second */
  dhcpHost: { ip: string; mac: string; hostname: string };
  /** serves HTTP on `httpPort` (Server: `httpServer`) and accepts connections on `otherPorts` */
  webHost: { ip: string; mac: string; httpPort: number; httpServer: string; otherPorts: number[] };
}

/** Numbers the suite measures for `npm run bench`. */
export interface Metrics {
  /** from `Extension.activate()` until its promise settles (module load plus `activate`), in ms */
  activationMs?: number;
  /** the helper killed with SIGKILL: from the kill until a new one answered, and the longest event-loop stall meanwhile, in ms */
  helperRestarts?: Array<{ during: string; restartMs: number; stallMs: number }>;
}

/** One test's outcome. */
export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}

/** The results file: the outcomes, or why the suite could not run at all. */
export type TestResults = { outcomes: TestOutcome[]; metrics: Metrics } | { crashed: string };
