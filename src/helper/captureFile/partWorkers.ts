// Worker threads that read parts of capture files, kept warm between reads: starting one costs
// about 100 ms (a thread, a V8 isolate, the bundle compiled), as long as a small file takes to read,
// so a running helper reuses them and lets them go after a while unused.
import { Worker } from 'node:worker_threads';
import { PartState } from './partMessages';
import type { PartFailure, PartReply, PartRequest } from './partMessages';

/** An idle worker ends after this long unused. */
const IDLE_MS = 120_000;

interface PooledWorker {
  worker: Worker;
  script: string;
  idleTimer?: NodeJS.Timeout;
}

const idle: PooledWorker[] = [];

/** A part being read by a worker. */
export interface RunningPart {
  reply: Promise<PartReply | PartFailure>;
  /**
   * Asks the worker to stop after its current batch, its reply then saying where it stopped; false
   * when it had not begun, and now never will (the caller reads the whole part itself).
   */
  stop(): boolean;
  /** gives the worker back once its reply came (or ends it when it failed) */
  release(): void;
}

/** Has a warm (or new) worker read one part of a file. */
export function startPart(script: string, request: Omit<PartRequest, 'stop'>): RunningPart {
  const pooled = take(script);
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  let healthy = false;
  const reply = new Promise<PartReply | PartFailure>((resolve) => {
    const finish = (message: PartReply | PartFailure) => {
      pooled.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      healthy = !('failed' in message);
      resolve(message);
    };
    const onMessage = (message: PartReply | PartFailure) => finish(message);
    const onError = (error: Error) => finish({ failed: error.message });
    const onExit = (code: number) => finish({ failed: `worker exited with code ${code}` });
    pooled.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
  pooled.worker.postMessage({ ...request, stop: stopFlag } satisfies PartRequest);
  return {
    reply,
    stop: () => Atomics.exchange(stopFlag, 0, PartState.Stop) === PartState.Reading,
    release: () => {
      // A worker whose reply has not come is still reading: stop it and give it back once it answers.
      void reply.then(() => (healthy ? give(pooled) : void pooled.worker.terminate()));
      Atomics.store(stopFlag, 0, PartState.Stop);
    },
  };
}

/** Idle workers ready to read with `script`. */
export function warmWorkers(script: string): number {
  return idle.filter((pooled) => pooled.script === script).length;
}

function take(script: string): PooledWorker {
  const at = idle.findIndex((pooled) => pooled.script === script);
  if (at < 0) return { worker: new Worker(script), script };
  const [pooled] = idle.splice(at, 1);
  clearTimeout(pooled!.idleTimer);
  pooled!.worker.ref();
  return pooled!;
}

function give(pooled: PooledWorker): void {
  // An idle worker keeps no process alive (the CLI exits when its work is done).
  pooled.worker.unref();
  pooled.idleTimer = setTimeout(() => {
    idle.splice(idle.indexOf(pooled), 1);
    void pooled.worker.terminate();
  }, IDLE_MS).unref();
  idle.push(pooled);
}
