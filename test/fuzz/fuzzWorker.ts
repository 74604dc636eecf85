// A fuzzing thread: makes the file of each seed it is sent, writes it to its own path, and runs it
// through the helper's paths (captureFileTarget.ts). The runner times it out and replaces it when
// it hangs or runs out of memory.
import { existsSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
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
const file = path.join((workerData as { dir: string }).dir, `thread-${threadId}.pcap`);
/** Descriptors open on this thread's file (Linux; other threads' files are theirs): a run must close all it opens. */
const openOnFile = existsSync('/proc/self/fd')
  ? () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === file;
        } catch {
          return false; // closed meanwhile (readdir's own descriptor)
        }
      }).length
  : () => 0;

parentPort!.on('message', ({ seed }: FuzzTask) => {
  void (async () => {
    const started = performance.now();
    const made = mutatedCapture(seed);
    writeFileSync(file, made.bytes);
    const result = await runCaptureFile(helper, file, made.bytes.length, seed);
    const left = openOnFile();
    if (left > 0) result.failures.push(`${left} file descriptor(s) left open on the file`);
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
