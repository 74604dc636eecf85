// A reference tool run under GNU time for its wall time and peak RSS, stopped when it needs more
// memory or time than a benchmark gives it (tshark on a huge capture may want tens of gigabytes), so
// that "needed more than that" is its result rather than a machine swapping or a run never ending.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What a limited run gave. */
export interface LimitedRun {
  /** `done`: exited by itself (see `code`); otherwise the limit it was stopped at */
  outcome: 'done' | 'memory' | 'time';
  code: number | null;
  seconds: number;
  /** the most resident memory seen: GNU time's figure when it exited by itself, else the last sample */
  peakRssBytes: number;
  stdout: string;
  stderr: string;
}

/** How much a run may take. */
export interface RunLimits {
  maxRssBytes: number;
  maxSeconds: number;
  /** stopped too when the machine's available memory falls below this (others run beside it) */
  minAvailableBytes?: number;
  /** its standard output is thrown away, not kept (`cat` of a 3 GB file is no string) */
  discardOutput?: boolean;
}

/** The machine's available memory (MemAvailable), in bytes. */
export function availableBytes(): number {
  const match = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Resident memory of a process, in bytes (0 once it is gone). */
export function residentBytes(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The direct children of a process. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Runs `command` under `/usr/bin/time`, sampling its memory every second and killing it past `limits`. */
export function runLimited(command: string, args: string[], limits: RunLimits): Promise<LimitedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const time = spawn('/usr/bin/time', ['-f', 'TIME %e %M', command, ...args], {
      stdio: ['ignore', limits.discardOutput ? 'ignore' : 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    time.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    time.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let outcome: LimitedRun['outcome'] = 'done';
    let sampledPeak = 0;
    const watch = setInterval(() => {
      const tool = childrenOf(time.pid!)[0];
      if (tool === undefined) return;
      sampledPeak = Math.max(sampledPeak, residentBytes(tool, 'VmHWM'));
      const seconds = (performance.now() - started) / 1000;
      const short = limits.minAvailableBytes !== undefined && availableBytes() < limits.minAvailableBytes;
      const over =
        sampledPeak > limits.maxRssBytes || short ? 'memory' : seconds > limits.maxSeconds ? 'time' : undefined;
      if (!over) return;
      outcome = over;
      process.kill(tool, 'SIGKILL');
    }, 1000);
    time.on('error', (error) => {
      clearInterval(watch);
      reject(error);
    });
    time.on('close', (code) => {
      clearInterval(watch);
      const measured = /TIME ([\d.]+) (\d+)\s*$/.exec(stderr);
      resolve({
        outcome,
        code,
        seconds: outcome === 'done' && measured ? Number(measured[1]) : (performance.now() - started) / 1000,
        peakRssBytes: Math.max(sampledPeak, measured ? Number(measured[2]) * 1024 : 0),
        stdout,
        stderr,
      });
    });
  });
}
