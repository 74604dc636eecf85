/**
 * After a one-shot command has opened its capture handle, a root process started through sudo
 * or pkexec goes back to the invoking user, as `tcpdump -Z` does: the open handle keeps working,
 * and nothing after this point (names, files, output) runs as root. Returns the user it became.
 */
export function dropToInvokingUser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = Number(env.SUDO_UID ?? env.PKEXEC_UID);
  if (!Number.isInteger(uid) || uid <= 0) return undefined;
  const gid = Number(env.SUDO_GID ?? uid);
  process.setgroups?.([gid]);
  process.setgid?.(gid);
  process.setuid?.(uid);
  return String(uid);
}
