import { loadCap } from '../capture/nativeCap';

/**
 * A process started as root through sudo or pkexec becomes the invoking user before it reads
 * anything. With `keepNetCaps` (the helper in server mode, and CLI commands that capture) the
 * capture module does the change, keeping CAP_NET_RAW and CAP_NET_ADMIN on this thread and nothing
 * else (bounding set shrunk, no-new-privs set); without it, or without the module, Node's setuid
 * drops everything. Returns the uid it became, or undefined when there was nothing to do.
 */
export function becomeInvokingUser(keepNetCaps: boolean, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const user = invokingUser(env);
  if (!user) return undefined;
  const module = keepNetCaps ? loadCap().module : undefined;
  if (module?.dropToUser) {
    module.dropToUser(user.uid, user.gid, true);
  } else {
    process.setgroups?.([user.gid]);
    process.setgid?.(user.gid);
    process.setuid?.(user.uid);
  }
  return user.uid;
}

/**
 * After a one-shot command has opened its capture handle it needs no privilege at all, as
 * `tcpdump -Z` does: a root process started through sudo or pkexec becomes the invoking user, and
 * one that already is keeps no capability. The open handle keeps working. Returns the uid it
 * became, when it changed user.
 */
export function dropToInvokingUser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const user = invokingUser(env);
  if (!user) {
    if (process.getuid?.() !== 0) loadCap().module?.dropCapabilities?.();
    return undefined;
  }
  process.setgroups?.([user.gid]);
  process.setgid?.(user.gid);
  process.setuid?.(user.uid);
  return String(user.uid);
}

/** The user a root process was started for through sudo or pkexec, when there is one. */
export function invokingUser(env: NodeJS.ProcessEnv = process.env): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = Number(env.SUDO_UID ?? env.PKEXEC_UID);
  if (!Number.isInteger(uid) || uid <= 0) return undefined;
  const gid = Number(env.SUDO_GID ?? uid);
  return { uid, gid: Number.isInteger(gid) && gid >= 0 ? gid : uid };
}

/**
 * Runs `work` with the effective user and groups of the invoking user when this is a root process
 * started through sudo/pkexec, so a file it creates is owned by that user and the kernel checks
 * that user's permissions for the path (root cannot be tricked into writing where the user may not).
 * The helper becomes that user at start (becomeInvokingUser), so this matters only where it could
 * not; otherwise runs `work` as is.
 */
export function asInvokingUser<T>(work: () => T, env: NodeJS.ProcessEnv = process.env): T {
  const user = invokingUser(env);
  if (!user || !process.seteuid || !process.setegid || !process.setgroups || !process.getgroups) return work();
  const groups = process.getgroups();
  process.setgroups([user.gid]);
  process.setegid(user.gid);
  process.seteuid(user.uid);
  try {
    return work();
  } finally {
    process.seteuid(0);
    process.setegid(0);
    process.setgroups(groups);
  }
}
