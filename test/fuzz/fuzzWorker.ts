// A fuzzing thread: makes the file of each seed it is sent, writes it to its own path, and runs it
// through the helper's paths (captureFileTarget.ts). The runner times it out and replaces it when
// it hangs or runs out of memory.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { runCaptureFile, inProcessHelper } from './captureFileTarget';
import { mutatedCapture } from './captureMutator';

/** What the runner sends: the file's seed. */
export interface FuzzTask {
  seed: number;
}

/** What the thread answers for one file. */
export interface FuzzReply {
  seed: number;
  size: number;
  packets?: number;
  refused: boolean;
  /** read up to a damaged part */
  damaged: boolean;
  failures: string[];
  /** how the file was made, when it failed */
  steps?: string[];
  ms: number;
}

const helper = inProcessHelper();
/** Descriptors this process holds (Linux): a file's run must leave as many as it found. */
const openFiles = existsSync('/proc/self/fd') ? () => readdirSync('/proc/self/fd').length : () => 0;
const file = path.join((workerData as { dir: string }).dir, `thread-${threadId}.pcap`);

parentPort!.on('message', ({ seed }: FuzzTask) => {
  void (async () => {
    const started = performance.now();
    const made = mutatedCapture(seed);
    writeFileSync(file, made.bytes);
    const before = openFiles();
    const result = await runCaptureFile(helper, file, made.bytes.length, seed);
    const left = openFiles() - before;
    if (left > 0) result.failures.push(`${left} file descriptor(s) left open`);
    const reply: FuzzReply = {
      seed,
      size: made.bytes.length,
      packets: result.packets,
      refused: result.refusal !== undefined,
      damaged: result.problem !== undefined,
      failures: result.failures,
      ms: performance.now() - started,
      ...(result.failures.length ? { steps: made.steps } : {}),
    };
    parentPort!.postMessage(reply);
  })();
});
