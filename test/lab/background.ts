// A long-running child a test starts, waits on and stops: a capture, tcpdump, an iperf3 server.
// Killed on exit even when the test fails, so nothing outlives the run.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { RunResult } from './exec';

export interface Background {
  child: ChildProcess;
  /** resolves once stdout or stderr (so far, or later) matches `pattern`; rejects on exit or timeout */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** sends `signal` (SIGINT by default) and resolves with the output once the child exited */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<RunResult>;
  /** resolves with the output once the child exits by itself */
  exited: Promise<RunResult>;
  /** output so far */
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startBackground(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Background {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), notify()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), notify()));
  const exited = new Promise<RunResult>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      notify();
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
    child.on('error', (error) => {
      running.delete(child);
      stderr += `\nspawn failed: ${error.message}`;
      resolve({ code: 127, signal: null, stdout, stderr, ms: performance.now() - started });
    });
  });
  let closed = false;
  void exited.then(() => (closed = true));
  return {
    child,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stdout) || pattern.test(stderr)) {
            finish();
            resolve();
          } else if (closed) {
            finish();
            reject(new Error(`${command} exited before printing ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGINT', timeoutMs = 15_000) {
      if (!closed) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
