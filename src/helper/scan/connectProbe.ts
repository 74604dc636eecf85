import { Socket } from 'node:net';

/** What one TCP connect attempt showed about a host. */
export type ConnectOutcome =
  /** the port accepted: the host is up and the port open */
  | 'open'
  /** the host refused (RST): up, port closed */
  | 'closed'
  /** no answer in time, or the network said unreachable */
  | 'silent';

/** Connects to ip:port and tells whether the host answered, with the time it took in milliseconds. */
export function connectProbe(
  ip: string,
  port: number,
  timeoutMs: number,
): Promise<{ outcome: ConnectOutcome; rttMs: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = new Socket();
    let done = false;
    const finish = (outcome: ConnectOutcome) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ outcome, rttMs: Math.round((performance.now() - started) * 100) / 100 });
    };
    socket.setTimeout(timeoutMs, () => finish('silent'));
    socket.once('connect', () => finish('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'closed' : 'silent'));
    socket.connect({ host: ip, port });
  });
}

/** Runs `tasks` with at most `limit` in flight, stopping early when `signal` aborts. */
export async function runLimited(tasks: (() => Promise<void>)[], limit: number, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !signal?.aborted) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
