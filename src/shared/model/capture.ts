/** Why raw capture is not available, so the message can say how to fix it. */
export type CaptureProblemCode =
  /** the `cap` native module is not installed or not built */
  | 'missing-module'
  /** the native module was built for another Node ABI */
  | 'abi-mismatch'
  /** libpcap's shared library is missing */
  | 'missing-libpcap'
  /** the process lacks CAP_NET_RAW (or root) */
  | 'no-privilege'
  /** the BPF filter does not compile (libpcap's message says where); the user corrects the filter */
  | 'bad-filter'
  /** any other failure to open a capture handle */
  | 'open-failed';

/** Whether the helper can capture and send raw frames. */
export interface CaptureStatus {
  available: boolean;
  problem?: {
    code: CaptureProblemCode;
    /** what is wrong, in one sentence */
    message: string;
    /** the command or step that fixes it */
    fix: string;
  };
}
