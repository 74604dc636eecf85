// Who `npm start` serves VS Code as when it runs as root: never root (a root VS Code is a root
// terminal for whoever reaches the port). The user who ran sudo, else an unprivileged account the
// script makes (`lanlens-demo`). code-server runs as that user in a private mount namespace where
// the workbench's files (.cache/vscode, which may sit under /root) are bind-mounted at a folder
// the user can reach; nothing outside the namespace changes. The user may capture through LAN
// Lens's own grant (lanlens-capd, docs/privilege.md), which is revoked on exit when this made it.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INSTALLED_CAPD, parseCapdStatus } from '../../src/helper/privilege/capdInstall';
import { runSync } from '../lab/exec';
import type { MachineImage } from './codeServer';

/** The account code-server runs as. */
export interface DemoUser {
  name: string;
  uid: number;
  gid: number;
  /** whether this run created the account */
  created: boolean;
}

/** The account `npm start` makes when no sudo user is known. */
export const DEMO_ACCOUNT = 'lanlens-demo';

function idOf(name: string): { uid: number; gid: number } | undefined {
  const uid = runSync('id', ['-u', name]);
  const gid = runSync('id', ['-g', name]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The sudo user when there is one (and it is not root), else the demo account, made when missing. */
export function demoUser(env: NodeJS.ProcessEnv = process.env): DemoUser {
  const sudoUser = env.SUDO_USER;
  if (sudoUser && sudoUser !== 'root') {
    const ids = idOf(sudoUser);
    if (ids && ids.uid !== 0) return { name: sudoUser, ...ids, created: false };
  }
  let ids = idOf(DEMO_ACCOUNT);
  let created = false;
  if (!ids) {
    const made = runSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      DEMO_ACCOUNT,
    ]);
    if (made.code !== 0) throw new Error(`cannot make the account ${DEMO_ACCOUNT}: ${made.stderr.trim()}`);
    ids = idOf(DEMO_ACCOUNT)!;
    created = true;
  }
  return { name: DEMO_ACCOUNT, ...ids, created };
}

/** Gives `user` everything under `dir`, so its code-server can write its profile there. */
export function giveTree(dir: string, user: DemoUser): void {
  chownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) giveTree(child, user);
    else if (!entry.isSymbolicLink()) chownSync(child, user.uid, user.gid);
  }
}

/** The workbench's view of the machine: `cache` bind-mounted at a folder `user` can reach. */
export interface UserImage extends MachineImage {
  /** where `cache` appears inside the image */
  mountPoint: string;
  /** a path under `cache` as the image sees it */
  inside(file: string): string;
  /** removes the (empty, outside the namespace) mount point */
  dispose(): void;
}

// Inside a private mount namespace: the cache at the mount point, then the command as the user.
const ENTER = `set -e
cache=$1; point=$2; uid=$3; gid=$4; shift 4
mount --bind "$cache" "$point"
exec setpriv --reuid="$uid" --regid="$gid" --init-groups --inh-caps=-all -- "$@"`;

/** Runs commands as `user`, with `cache` (the workbench, its Node and the profile) reachable. */
export function userImage(cache: string, user: DemoUser): UserImage {
  const mountPoint = mkdtempSync(path.join(tmpdir(), 'lanlens-workbench-'));
  chmodSync(mountPoint, 0o755);
  const inside = (file: string) =>
    file === cache || file.startsWith(`${cache}${path.sep}`) ? mountPoint + file.slice(cache.length) : file;
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(SUDO_|npm_)/i.test(name)) env[name] = value;
  }
  Object.assign(env, { HOME: inside(path.join(cache, 'profile', 'home')), USER: user.name, LOGNAME: user.name });
  return {
    mountPoint,
    inside,
    env,
    wrap: (command, args) => [
      'unshare',
      [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        ENTER,
        'enter',
        cache,
        mountPoint,
        String(user.uid),
        String(user.gid),
        inside(command),
        ...args.map(inside),
      ],
    ],
    dispose: () => rmSync(mountPoint, { recursive: true, force: true }),
  };
}

/** Whether `setpriv` and `unshare` are here (util-linux) and can be used. */
export function userImageSkipReason(): string | undefined {
  if (runSync('setpriv', ['--version']).code !== 0) return 'setpriv is missing (util-linux)';
  if (runSync('unshare', ['-m', 'true']).code !== 0) return 'unshare -m fails here';
  return undefined;
}

/** A folder `user` owns, made if missing (its parents stay root's). */
export function userFolder(dir: string, user: DemoUser): string {
  mkdirSync(dir, { recursive: true });
  if (statSync(dir).uid !== user.uid) giveTree(dir, user);
  return dir;
}

/** LAN Lens's capture grant for `user`, as `lanlens grant` makes it; `revoke` undoes what this made. */
export interface CaptureGrant {
  /** `ready`: the user may capture; otherwise why not */
  state: 'ready' | 'granted' | 'failed';
  detail?: string;
  revoke(): void;
}

/** Makes sure `user` may capture, granting with `capd` (the built lanlens-capd) when needed. */
export function grantCapture(user: DemoUser, capd: string): CaptureGrant {
  const asUser = ['--reuid', String(user.uid), '--regid', String(user.gid), '--init-groups', '--'];
  const status = runSync('setpriv', [...asUser, INSTALLED_CAPD, 'status']);
  if (parseCapdStatus(status.stdout)?.capabilities.includes('net_raw')) return { state: 'ready', revoke: () => {} };
  const grant = runSync(capd, ['grant', '--uid', String(user.uid)]);
  if (grant.code !== 0) {
    return { state: 'failed', detail: (grant.stderr || grant.stdout).trim(), revoke: () => {} };
  }
  let revoked = false;
  return {
    state: 'granted',
    revoke: () => {
      if (revoked) return;
      // In a session of its own: a Ctrl+C sent again to the process group (as `timeout` sends it)
      // must not kill the revoke halfway. Tried again on exit if it failed.
      revoked = runSync('setsid', ['--wait', capd, 'revoke', '--uid', String(user.uid)]).code === 0;
    },
  };
}
