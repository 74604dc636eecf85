// What the capture grant test needs around it: a user it creates and removes, a namespace on a
// veth pair to capture on, /proc readings of a process, and small programs that try to run code
// inside the privileged lanlens-capd.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { runOk, runSync } from './exec';

/** A system user made for the test (no home, no shell), removed by `dispose`. */
export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  dispose(): void;
}

/** Creates a system user; a leftover of an earlier run is removed first. */
export async function createTestUser(name: string): Promise<TestUser> {
  runSync('userdel', [name]);
  await runOk('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  const uid = Number((await runOk('id', ['-u', name])).stdout.trim());
  const gid = Number((await runOk('id', ['-g', name])).stdout.trim());
  return { name, uid, gid, dispose: () => void runSync('userdel', [name]) };
}

/** A namespace behind a veth pair: `hostIf` (address `hostIp`) here, `peerIp`/`peerMac` inside. */
export interface VethLab {
  namespace: string;
  hostIf: string;
  hostIp: string;
  peerIp: string;
  peerMac: string;
  dispose(): void;
}

/** Builds the lab (removing a leftover of an earlier run first). */
export async function createVethLab(prefix: string): Promise<VethLab> {
  const lab = {
    namespace: 'llgrant',
    hostIf: 'llgrant0',
    hostIp: `${prefix}.1`,
    peerIp: `${prefix}.2`,
    peerMac: '02:00:00:00:91:02',
  };
  const dispose = () => {
    runSync('ip', ['netns', 'del', lab.namespace]);
    runSync('ip', ['link', 'del', lab.hostIf]);
  };
  dispose();
  const inside = (...args: string[]) => runOk('ip', ['netns', 'exec', lab.namespace, 'ip', ...args]);
  await runOk('ip', ['netns', 'add', lab.namespace]);
  await runOk('ip', ['link', 'add', lab.hostIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', lab.namespace]);
  await runOk('ip', ['addr', 'add', `${lab.hostIp}/24`, 'dev', lab.hostIf]);
  await runOk('ip', ['link', 'set', lab.hostIf, 'up']);
  await inside('link', 'set', 'eth0', 'address', lab.peerMac);
  await inside('addr', 'add', `${lab.peerIp}/24`, 'dev', 'eth0');
  await inside('link', 'set', 'eth0', 'up');
  await inside('link', 'set', 'lo', 'up');
  return { ...lab, dispose };
}

/** The lines of /proc/<pid>/status that say who a process is and what it may do. */
export interface ProcStatus {
  Uid: string;
  Gid: string;
  CapPrm: string;
  CapEff: string;
  CapBnd: string;
  CapAmb: string;
  CapInh: string;
  NoNewPrivs: string;
}

/** Reads /proc/<pid>/status; undefined once the process is gone. */
export function procStatus(pid: number): ProcStatus | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
  return {
    Uid: field('Uid'),
    Gid: field('Gid'),
    CapPrm: field('CapPrm'),
    CapEff: field('CapEff'),
    CapBnd: field('CapBnd'),
    CapAmb: field('CapAmb'),
    CapInh: field('CapInh'),
    NoNewPrivs: field('NoNewPrivs'),
  };
}

/**
 * Processes running `executable` (read from /proc/<pid>/exe, which root may read for any), and
 * with `mode` as their first argument when given (lanlens-capd's `capture`, not a passing `status`).
 */
export function processesOf(executable: string, mode?: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/exe`) !== executable) continue;
      if (mode && readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[1] !== mode) continue;
      found.push(Number(entry));
    } catch {
      // gone, or a kernel thread
    }
  }
  return found;
}

/** Polls `probe` every 10 ms until it returns something, or `timeoutMs` passes. */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * C source of a shared object whose constructor writes `marker` with the capabilities it runs
 * with: loaded into lanlens-capd (LD_PRELOAD, LD_AUDIT, a libpcap of its own), it would show them.
 */
export function markerLibrarySource(marker: string): string {
  return `#include <stdio.h>
#include <string.h>
__attribute__((constructor)) static void mark(void) {
  char line[256]; FILE *status = fopen("/proc/self/status", "r"); FILE *out = fopen("${marker}", "a");
  if (!out) return;
  while (status && fgets(line, sizeof line, status))
    if (!strncmp(line, "Cap", 3) || !strncmp(line, "Uid", 3)) fputs(line, out);
  fclose(out); if (status) fclose(status);
}
unsigned int la_version(unsigned int version) { return version; }
`;
}

/** Whether `command` is on PATH. */
export function hasCommand(command: string): boolean {
  return ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin'].some((dir) => existsSync(`${dir}/${command}`));
}
