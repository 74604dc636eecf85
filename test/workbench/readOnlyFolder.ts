// A folder nothing can be written into, for tests of a save that must fail: as root (whom file
// modes do not stop) an empty read-only tmpfs mounted on it, otherwise its write bits taken away.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { runOk, runSync } from '../lab/exec';

/** The folder, what the system says when a file is created in it, and its removal. */
export interface ReadOnlyFolder {
  path: string;
  /** strerror's words for the failure: 'read-only file system' or 'permission denied' */
  reason: string;
  remove(): void;
}

/** Makes `folder` (created empty) read-only until `remove()`. */
export async function readOnlyFolder(folder: string): Promise<ReadOnlyFolder> {
  mkdirSync(folder, { recursive: true });
  if (process.getuid?.() !== 0) {
    chmodSync(folder, 0o555);
    return {
      path: folder,
      reason: 'permission denied',
      remove: () => {
        chmodSync(folder, 0o755);
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  await runOk('mount', ['-t', 'tmpfs', '-o', 'ro,size=16k,mode=0755', 'lanlens-readonly', folder]);
  let mounted = true;
  const remove = () => {
    if (!mounted) return;
    mounted = false;
    runSync('umount', [folder]);
    rmSync(folder, { recursive: true, force: true });
  };
  // The mount must not outlive the test, also when it dies of an error or a signal.
  process.on('exit', remove);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      remove();
      process.kill(process.pid, signal); // die of the same signal, as the lab library does
    });
  }
  return { path: folder, reason: 'read-only file system', remove };
}
