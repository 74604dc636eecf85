/**
 * How this helper gets capture privilege (live capture, the ARP sweep, SYN and UDP scans):
 * - `process`: the helper itself holds CAP_NET_RAW (started as root or with sudo), or the OS grants
 *   it its own way (BPF device access on macOS, Npcap on Windows);
 * - `granted`: lanlens-capd is installed and granted to this user;
 * - `not-granted`: nothing grants it yet: "LAN Lens: Grant Capture Permission" does;
 * - `broken`: granted, but it cannot work here (an older version, a nosuid mount, a sandbox): the
 *   summary says why, and granting again usually fixes it;
 * - `unavailable`: capture cannot work here whatever is granted (no libpcap, no capture module).
 */
export type CaptureAccess = 'process' | 'granted' | 'not-granted' | 'broken' | 'unavailable';

/** Capture privilege as `privilege/status` reports it. */
export interface PrivilegeStatus {
  access: CaptureAccess;
  /** what works and why, in one or two sentences */
  summary: string;
  /** the grant can be run here (Linux; pkexec asks for the password, or the helper is root) */
  canGrant: boolean;
  /** something is installed that revoke removes for this user */
  canRevoke: boolean;
  /** where the granted capture program is, when there is one */
  capdPath?: string;
  /** what to do when capture is not ready: the command to run, or the steps for this OS */
  fix?: string;
}

/** The command palette title of the grant, named by every "missing privilege" message. */
export const GRANT_COMMAND_TITLE = 'LAN Lens: Grant Capture Permission';

/** The fix every "missing privilege" message gives on Linux. */
export const GRANT_FIX = `Run "${GRANT_COMMAND_TITLE}" from the Command Palette (one administrator prompt), or \`lanlens grant\` in a terminal.`;
