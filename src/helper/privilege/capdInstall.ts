import { spawnSync } from 'node:child_process';
import { CAPD_PROTOCOL_VERSION } from '../capture/capdProtocol';

/** Where the grant installs lanlens-capd (root's, 0750, with an ACL entry per granted user). */
export const INSTALLED_CAPD = '/usr/local/libexec/lanlens/lanlens-capd';

/** What running the installed lanlens-capd's `status` told. */
export type CapdProbe =
  /** nothing is installed */
  | { state: 'absent' }
  /** installed, but granted to other users only */
  | { state: 'denied' }
  /** it runs for this user, and exec gives it CAP_NET_RAW */
  | { state: 'ready' }
  /** it runs, but exec gave it no capability (why: `noNewPrivs`, else a nosuid mount or a stripped file) */
  | { state: 'no-capabilities' }
  /** another protocol version: granting again installs this version's */
  | { state: 'stale'; protocol: number }
  /** anything else */
  | { state: 'failed'; detail: string };

/** Reads `lanlens-capd status`: `protocol N` and `capabilities net_raw,net_admin` (or `none`). */
export function parseCapdStatus(text: string): { protocol: number; capabilities: string[] } | undefined {
  const protocol = /^protocol (\d+)$/m.exec(text)?.[1];
  const capabilities = /^capabilities (\S+)$/m.exec(text)?.[1];
  if (protocol === undefined || capabilities === undefined) return undefined;
  return { protocol: Number(protocol), capabilities: capabilities === 'none' ? [] : capabilities.split(',') };
}

/** Runs `path status` (a few milliseconds) and sorts the outcome. */
export function probeCapd(path = INSTALLED_CAPD): CapdProbe {
  const run = spawnSync(path, ['status'], { env: {}, encoding: 'utf8', timeout: 5000 });
  const error: NodeJS.ErrnoException | undefined = run.error;
  const code = error?.code;
  if (code === 'ENOENT') return { state: 'absent' };
  if (code === 'EACCES') return { state: 'denied' };
  if (run.error || run.status !== 0) {
    return { state: 'failed', detail: run.error?.message ?? `${path} status: ${run.stderr.trim() || run.status}` };
  }
  const status = parseCapdStatus(run.stdout);
  if (!status) return { state: 'failed', detail: `${path} status printed ${JSON.stringify(run.stdout.slice(0, 80))}` };
  if (status.protocol !== CAPD_PROTOCOL_VERSION) return { state: 'stale', protocol: status.protocol };
  return status.capabilities.includes('net_raw') ? { state: 'ready' } : { state: 'no-capabilities' };
}
