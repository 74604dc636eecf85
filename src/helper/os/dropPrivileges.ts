/**
 * After a one-shot command has opened its capture handle, a root process started through sudo
 * or pkexec goes back to the invoking user, as `tcpdump -Z` does: the open handle keeps working,
 * and nothing after this point (names, files, output) runs as root. Returns the user it became.
 */
export function dropToInvokingUser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const user = invokingUser(env);
  if (!user) return undefined;
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
 * The helper serves many captures and needs root to open each, so it cannot drop for good as the
 * one-shot CLI does; the effective ids are restored afterwards. Otherwise runs `work` as is.
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
