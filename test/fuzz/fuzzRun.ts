// Runs many mutated capture files through the helper's paths on worker threads: each file within a
// deadline (a thread that does not answer is ended and replaced, the file counted as a hang), each
// thread within a heap limit, the process's RSS sampled. A failure keeps its seed for replay.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { fileSeed } from './fuzzRandom';
import type { FuzzReply } from './fuzzWorker';

/** How to fuzz. */
export interface FuzzOptions {
  count: number;
  /** the run's seed: file i is made from fileSeed(runSeed, i) */
  runSeed: number;
  /** threads (default 1) */
  workers?: number;
  /** how long one file may take, in ms (default 10 s) */
  deadlineMs?: number;
  /** each thread's heap limit, in MiB (default 256) */
  heapMiB?: number;
  /** called every `progressEvery` files */
  onProgress?: (done: number, summary: FuzzSummary) => void;
  progressEvery?: number;
}

/** One file that failed: its seed replays it. */
export interface FuzzFailure {
  seed: number;
  failures: string[];
  steps?: string[];
  size?: number;
}

/** What a run found and measured. */
export interface FuzzSummary {
  files: number;
  /** refused whole (BadCaptureFile), read with a damaged tail, read cleanly */
  refused: number;
  damaged: number;
  read: number;
  packets: number;
  failures: FuzzFailure[];
  hangs: number;
  seconds: number;
  filesPerSecond: number;
  /** the process's largest resident set, sampled and as the OS counts it, in MiB */
  maxRssMiB: number;
  /** the slowest file, in ms */
  slowestMs: number;
}

interface Slot {
  worker: Worker;
  seed?: number;
  timer?: NodeJS.Timeout;
}

const workerScript = path.join(__dirname, 'fuzzWorker.ts');

/** Fuzzes `count` files; resolves with what was found (failures do not reject). */
export async function fuzzCaptureFiles(options: FuzzOptions): Promise<FuzzSummary> {
  // In memory where there is a tmpfs: a file per case, so creating it must cost nothing.
  const dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'lanlens-fuzz-'));
  const deadlineMs = options.deadlineMs ?? 10_000;
  const summary: FuzzSummary = {
    files: 0,
    refused: 0,
    damaged: 0,
    read: 0,
    packets: 0,
    failures: [],
    hangs: 0,
    seconds: 0,
    filesPerSecond: 0,
    maxRssMiB: 0,
    slowestMs: 0,
  };
  const started = performance.now();
  let next = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const slots: Slot[] = [];

  const sample = () => {
    summary.maxRssMiB = Math.max(summary.maxRssMiB, process.memoryUsage().rss / 2 ** 20);
    summary.seconds = (performance.now() - started) / 1000;
    summary.filesPerSecond = summary.files / Math.max(summary.seconds, 1e-3);
  };
  const done = (slot: Slot) => {
    clearTimeout(slot.timer);
    slot.seed = undefined;
    summary.files++;
    if (summary.files % (options.progressEvery ?? 1000) === 0) {
      sample();
      options.onProgress?.(summary.files, summary);
    }
    if (summary.files === options.count) finish();
    else feed(slot);
  };
  const feed = (slot: Slot) => {
    if (next >= options.count) return;
    const seed = fileSeed(options.runSeed, next++);
    slot.seed = seed;
    slot.timer = setTimeout(() => {
      summary.hangs++;
      summary.failures.push({ seed, failures: [`no answer within ${deadlineMs} ms (a hang)`] });
      replace(slot);
    }, deadlineMs);
    slot.worker.postMessage({ seed });
  };
  const onReply = (slot: Slot, reply: FuzzReply) => {
    if (reply.seed !== slot.seed) return;
    summary.slowestMs = Math.max(summary.slowestMs, reply.ms);
    if (reply.refused) summary.refused++;
    else if (reply.packets !== undefined) {
      if (reply.damaged) summary.damaged++;
      else summary.read++;
      summary.packets += reply.packets;
    }
    if (reply.failures.length) {
      summary.failures.push({ seed: reply.seed, failures: reply.failures, steps: reply.steps, size: reply.size });
    }
    done(slot);
  };
  const spawn = (slot: Slot) => {
    const worker = new Worker(workerScript, {
      workerData: { dir },
      resourceLimits: { maxOldGenerationSizeMb: options.heapMiB ?? 256 },
    });
    slot.worker = worker;
    worker.on('message', (reply: FuzzReply) => onReply(slot, reply));
    worker.on('error', (error) => {
      if (slot.worker !== worker || slot.seed === undefined) return;
      summary.failures.push({ seed: slot.seed, failures: [`the thread died: ${error.stack ?? error.message}`] });
      replace(slot);
    });
  };
  const replace = (slot: Slot) => {
    const old = slot.worker;
    spawn(slot);
    void old.terminate();
    done(slot);
  };

  try {
    for (let i = 0; i < Math.max(1, options.workers ?? 1); i++) {
      const slot = {} as Slot;
      slots.push(slot);
      spawn(slot);
      feed(slot);
    }
    if (options.count > 0) await finished;
  } finally {
    for (const slot of slots) {
      clearTimeout(slot.timer);
      await slot.worker.terminate();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  sample();
  summary.maxRssMiB = Math.max(summary.maxRssMiB, process.resourceUsage().maxRSS / 1024);
  return summary;
}
