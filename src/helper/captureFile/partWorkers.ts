// Worker threads that read parts of capture files, kept warm between reads: starting one costs
// about 100 ms (a thread, a V8 isolate, the bundle compiled), as long as a small file takes to read,
// and a new one reads its first parts at half speed while V8 learns its code. So a running helper
// reuses them, keeps them while a file is open in an editor (the next one opened reads at full
// speed), and lets them go a while after.
import { Worker } from 'node:worker_threads';
import { PartState } from './partMessages';
import type { PartFailure, PartReply, PartRequest } from './partMessages';

/** An idle worker ends this long after its last part, or after the last hold on it went (tests shorten it). */
export const workerIdle = { ms: 120_000 };

/** holds taken by files open now (see holdWorkers) */
let holds = 0;
/** a worker is being warmed, or soon will be (see warmUpLater) */
let warmingUp = false;

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

/**
 * Keeps idle workers from ending until the returned function is called (once a file opened in an
 * editor is closed): the user who opened one file is likely to open another.
 */
export function holdWorkers(): () => void {
  if (holds++ === 0) for (const pooled of idle) clearTimeout(pooled.idleTimer);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0) for (const pooled of idle) endWhenIdle(pooled);
  };
}

/**
 * In `delayMs` (once the file just opened was read and answered), has a new worker read `request`'s
 * part three times over (see warmUpWorker), for the next file: only while a file open in an editor
 * holds the workers (see holdWorkers), and one such worker at a time.
 */
export function warmUpLater(script: string, request: Omit<PartRequest, 'stop'>, delayMs: number): void {
  if (holds === 0 || warmingUp) return;
  warmingUp = true;
  setTimeout(() => void warmUpWorker(script, request, 3).finally(() => (warmingUp = false)), delayMs).unref();
}

/**
 * Has a worker read `request`'s part `times` times over, for nothing but V8 learning its code (a
 * new worker reads its first parts at half speed), then keeps it with the idle ones.
 */
export async function warmUpWorker(script: string, request: Omit<PartRequest, 'stop'>, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const part = startPart(script, request);
    const reply = await part.reply;
    part.release();
    if ('failed' in reply) return;
    // The worker is given back on the next turn: the next part takes it again, not a new one.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function give(pooled: PooledWorker): void {
  // An idle worker keeps no process alive (the CLI exits when its work is done).
  pooled.worker.unref();
  idle.push(pooled);
  if (holds === 0) endWhenIdle(pooled);
}

function endWhenIdle(pooled: PooledWorker): void {
  clearTimeout(pooled.idleTimer);
  pooled.idleTimer = setTimeout(() => {
    idle.splice(idle.indexOf(pooled), 1);
    void pooled.worker.terminate();
  }, workerIdle.ms).unref();
}
