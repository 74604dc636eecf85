import { existsSync } from 'node:fs';
import { INSTALLED_CAPD, probeCapd } from './capdInstall';
import type { CapdProbe } from './capdInstall';
import { readThreadPrivilege } from './processCapabilities';
import type { ThreadPrivilege } from './processCapabilities';
import { loadCap } from '../capture/nativeCap';
import type { CaptureStatus } from '../../shared/model/capture';
import { GRANT_FIX } from '../../shared/model/privilege';
import type { PrivilegeStatus } from '../../shared/model/privilege';

/** Which process opens capture handles: this one (cap), the granted lanlens-capd, or none. */
export type CaptureBackend = { kind: 'in-process' } | { kind: 'capd'; path: string } | { kind: 'none'; detail: string };

/** What the choice depends on, gathered by `machineFacts` and replaced in tests. */
export interface AccessFacts {
  platform: NodeJS.Platform;
  /** the capture module's or libpcap's problem, when capture cannot work at all */
  libraryProblem?: NonNullable<CaptureStatus['problem']>;
  thread: ThreadPrivilege;
  /** runs the installed lanlens-capd's `status` (only asked when needed) */
  capd: () => CapdProbe;
  /** the grant can run here: a lanlens-capd was built beside cap.node */
  grantable: boolean;
}

const WORKS_WITHOUT =
  'Interfaces, bandwidth, TCP connect scans, the neighbour table and pcap files work without it; live capture, the ARP sweep and SYN/UDP scans need it.';

/**
 * Chooses the backend, in order: this process when it holds CAP_NET_RAW itself (root, sudo; and
 * always on macOS and Windows, where BPF access or Npcap decide), else lanlens-capd when it is
 * granted to this user and works, else none, with the status that says what to do.
 */
export function decideCaptureAccess(facts: AccessFacts): { backend: CaptureBackend; status: PrivilegeStatus } {
  const base = { canGrant: facts.platform === 'linux' && facts.grantable, canRevoke: false };
  if (facts.libraryProblem) {
    const { message, fix } = facts.libraryProblem;
    return {
      backend: { kind: 'none', detail: message },
      status: { ...base, access: 'unavailable', summary: message, fix },
    };
  }
  if (facts.platform !== 'linux') {
    const summary =
      facts.platform === 'darwin'
        ? 'On macOS capture needs read access to the BPF devices (/dev/bpf*); LAN Lens tries and says so when it is missing.'
        : 'On Windows capture goes through Npcap; LAN Lens tries and says so when it is missing.';
    return { backend: { kind: 'in-process' }, status: { ...base, access: 'process', summary } };
  }
  if (facts.thread.netRaw) {
    const summary =
      'This helper holds CAP_NET_RAW itself (it was started as root or with sudo): everything works, capture included.';
    return { backend: { kind: 'in-process' }, status: { ...base, access: 'process', summary } };
  }
  const probe = facts.capd();
  const installed = { capdPath: INSTALLED_CAPD, canRevoke: probe.state !== 'absent' && probe.state !== 'denied' };
  const broken = (summary: string): { backend: CaptureBackend; status: PrivilegeStatus } => ({
    backend: { kind: 'none', detail: summary },
    status: { ...base, ...installed, access: 'broken', summary, fix: GRANT_FIX },
  });
  switch (probe.state) {
    case 'ready':
      return {
        backend: { kind: 'capd', path: INSTALLED_CAPD },
        status: {
          ...base,
          ...installed,
          access: 'granted',
          summary: `Capture permission is granted: ${INSTALLED_CAPD} opens interfaces for LAN Lens with CAP_NET_RAW and then drops it; everything works.`,
        },
      };
    case 'no-capabilities':
      return broken(
        facts.thread.noNewPrivs
          ? `Capture permission is granted, but this helper runs with no-new-privs (a sandbox), so the kernel gives ${INSTALLED_CAPD} no capabilities.`
          : `Capture permission is granted, but the kernel gave ${INSTALLED_CAPD} no capabilities: its file system is mounted nosuid, or the file lost them.`,
      );
    case 'stale':
      return broken(
        `The capture program granted earlier speaks protocol ${probe.protocol}, not this LAN Lens's: grant again to update it.`,
      );
    case 'failed':
      return broken(`The granted capture program does not work: ${probe.detail}`);
    default: {
      const summary =
        probe.state === 'denied'
          ? `Capture permission is granted to other users of this machine, not to this one. ${WORKS_WITHOUT}`
          : `Capture permission is not granted. ${WORKS_WITHOUT}`;
      return {
        backend: { kind: 'none', detail: 'capture permission has not been granted to this user' },
        status: { ...base, ...installed, access: 'not-granted', summary, fix: GRANT_FIX },
      };
    }
  }
}

/** The facts of this process and machine. */
export function machineFacts(): AccessFacts {
  const loaded = loadCap();
  const built = loaded.module?.capdPath;
  return {
    platform: process.platform,
    libraryProblem: loaded.module ? undefined : loaded.status.problem,
    thread: readThreadPrivilege(),
    capd: () => probeCapd(),
    grantable: built !== undefined && existsSync(built),
  };
}

let decided: ReturnType<typeof decideCaptureAccess> | undefined;

/** This process's backend, decided once (a grant, a revoke or a refused open decides again). */
export function captureBackend(): CaptureBackend {
  decided ??= decideCaptureAccess(machineFacts());
  return decided.backend;
}

/** The privilege status, looked at afresh. */
export function privilegeStatus(): PrivilegeStatus {
  decided = decideCaptureAccess(machineFacts());
  return decided.status;
}

/** Decide again next time: the grant changed, or capd refused to run. */
export function forgetCaptureBackend(): void {
  decided = undefined;
}
