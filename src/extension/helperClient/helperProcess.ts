import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';

/** How to start the helper: `<command> ...args`, with `env` added to the extension host's environment. */
export interface HelperLaunch {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
}

/** Spawns the helper and resolves once the OS has started it; rejects with the spawn error (e.g. ENOENT). */
export function spawnHelper(launch: HelperLaunch): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(launch.command, launch.args, {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env },
    stdio: 'pipe',
    // Its own process group, so shutdown can kill the helper and anything it started in one go.
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      child.off('spawn', onSpawn);
      reject(error);
    };
    const onSpawn = (): void => {
      child.off('error', onError);
      resolve(child);
    };
    child.once('error', onError);
    child.once('spawn', onSpawn);
  });
}

/** Whether the process has exited (or never started). */
export function hasExited(child: ChildProcessWithoutNullStreams): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true when the child exits within `ms`, false otherwise. */
export function waitForExit(child: ChildProcessWithoutNullStreams, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Sends `signal` to the helper's whole process group (its whole tree on Windows). */
export function killHelperTree(child: ChildProcessWithoutNullStreams, signal: 'SIGTERM' | 'SIGKILL'): void {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on('error', () => {
        child.kill();
      });
    } else {
      process.kill(-pid, signal);
    }
  } catch {
    // ESRCH: the group is already gone; fall back to the child itself in case it left its group.
    try {
      child.kill(signal);
    } catch {
      // Already exited.
    }
  }
}
