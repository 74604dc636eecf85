import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { INSTALLED_CAPD } from './capdInstall';
import { forgetCaptureBackend } from './captureAccess';
import { readThreadPrivilege } from './processCapabilities';
import { loadCap } from '../capture/nativeCap';
import { forgetPrivilegeRefusal } from '../capture/rawLink';
import { invokingUser } from '../os/dropPrivileges';

/** `grant` installs lanlens-capd for this user; `revoke` takes the user off it (and removes it when nobody is left). */
export type GrantMode = 'grant' | 'revoke';

/** The grant could not be done; the message says why and what else to do. */
export class GrantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrantError';
  }
}

const PKEXEC_PATHS = ['/usr/bin/pkexec', '/bin/pkexec', '/usr/local/bin/pkexec'];

/** How a grant is run here: the program, its arguments, and whether an OS prompt comes first. */
export interface GrantPlan {
  file: string;
  args: string[];
  prompts: boolean;
}

/**
 * Plans `mode` for the invoking user: as root (sudo lanlens grant) lanlens-capd's grant mode runs
 * directly for SUDO_UID; otherwise through one pkexec, which asks for an administrator's password.
 */
export function planGrant(
  mode: GrantMode,
  facts: {
    platform: NodeJS.Platform;
    uid: number;
    rootFor?: number;
    capd?: string;
    pkexec?: string;
    /** set-user-id programs such as pkexec do not elevate in this process */
    noNewPrivs?: boolean;
  },
): GrantPlan {
  if (facts.platform !== 'linux') {
    throw new GrantError(
      facts.platform === 'darwin'
        ? "On macOS capture needs read access to /dev/bpf*: give your user a group that may read them, as Wireshark's ChmodBPF does (steps in docs/privilege.md)."
        : 'On Windows capture goes through Npcap: install it from npcap.com (with "Restrict Npcap driver\'s access to Administrators only" off), as docs/privilege.md explains.',
    );
  }
  // Revoking needs no new copy: the installed program has the revoke mode too.
  const capd = facts.capd ?? (mode === 'revoke' && existsSync(INSTALLED_CAPD) ? INSTALLED_CAPD : undefined);
  if (!capd)
    throw new GrantError(
      'lanlens-capd was not built with the capture module: run `npm install` (or reinstall LAN Lens).',
    );
  const uid = facts.uid === 0 ? facts.rootFor : facts.uid;
  if (uid === undefined || uid === 0) {
    throw new GrantError('Run this as the user who captures (or with sudo from that user): root needs no grant.');
  }
  const args = [mode, '--uid', String(uid)];
  if (facts.uid === 0) return { file: capd, args, prompts: false };
  if (facts.noNewPrivs) {
    throw new GrantError(
      `This process runs with no-new-privs (started with sudo, or in a sandbox), so pkexec cannot ask for the password here. Run in a terminal instead: lanlens ${mode}`,
    );
  }
  if (!facts.pkexec) {
    throw new GrantError(
      `pkexec is not installed (Debian and Ubuntu: pkexec; Fedora: polkit). Run in a terminal instead: sudo ${capd} ${args.join(' ')}`,
    );
  }
  return { file: facts.pkexec, args: [capd, ...args], prompts: true };
}

/** Runs the grant or revoke once; resolves with lanlens-capd's report, or rejects with a GrantError. */
export async function runGrant(mode: GrantMode, signal?: AbortSignal): Promise<string> {
  const plan = planGrant(mode, {
    platform: process.platform,
    uid: process.getuid?.() ?? -1,
    rootFor: invokingUser()?.uid,
    capd: builtCapd(),
    pkexec: PKEXEC_PATHS.find((file) => existsSync(file)),
    noNewPrivs: readThreadPrivilege().noNewPrivs,
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      execFile(plan.file, plan.args, { signal, encoding: 'utf8', timeout: 10 * 60_000 }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout.trim());
        reject(new GrantError(grantFailure(plan, error, stderr)));
      });
    });
  } finally {
    forgetCaptureBackend();
    forgetPrivilegeRefusal();
  }
}

function builtCapd(): string | undefined {
  const built = loadCap().module?.capdPath;
  if (!built || !existsSync(built)) return undefined;
  // An unpacked VSIX may have lost the execute bit, which pkexec needs; the user owns the file.
  try {
    accessSync(built, constants.X_OK);
  } catch {
    chmodSync(built, 0o755);
  }
  return built;
}

/** pkexec's own statuses (126: the prompt was dismissed, 127: not authorized) and capd's. */
function grantFailure(plan: GrantPlan, error: Error & { code?: unknown; killed?: boolean }, stderr: string): string {
  const detail = stderr.trim().split('\n').slice(-2).join(' ');
  if (plan.prompts && error.code === 126) return 'The administrator prompt was dismissed: nothing changed.';
  if (plan.prompts && error.code === 127) {
    return `pkexec did not authorize it (no polkit authentication agent in this session?)${detail ? `: ${detail}` : ''}. Run in a terminal instead: sudo ${plan.args.join(' ')}`;
  }
  if (error.name === 'AbortError') return 'Cancelled: nothing changed.';
  return detail || error.message;
}
