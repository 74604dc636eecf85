import { existsSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { idleProcessors } from './idleProcessors';
import type { PacketIndex } from './packetIndex';
import type { PartReply } from './partMessages';
import { startPart, warmUpLater, warmWorkers } from './partWorkers';
import type { RunningPart } from './partWorkers';
import { readCaptureFile } from './readCaptureFile';
import type { PartTiming, ReadCaptureResult } from './readCaptureFile';
import { findRecordBoundary } from './recordBoundary';
import type { PcapLayout } from './recordBoundary';
import type { PacketAggregator } from '../aggregate/packetAggregator';
import type { AggregatorLimits } from '../aggregate/trafficAggregator';
import { ClassicPcapReader } from '../capture/classicPcapReader';
import { openPcapFile } from '../capture/pcapFile';
import { PcapFormatError } from '../capture/pcapFormatError';

/** Below this a file is read in one pass: starting a worker costs more than it saves. */
const MIN_PARALLEL_BYTES = 32 << 20;
/**
 * Packets the first thread reads while a new worker starts a thread, loads its code and reads its
 * first packets at half speed (it began 110-190 ms after it was asked, here): the first part is that
 * much larger than an even share. Warm workers (see partWorkers) get even shares.
 */
const WORKER_START_PACKETS = 400_000;
/** Packets a new worker reads, three times over, to warm up for the next file (see warmUpLater). */
const WARM_UP_PACKETS = 300_000;

/** How to read a file in parts. */
export interface PartsOptions {
  aggregator: PacketAggregator;
  limits: AggregatorLimits;
  interfaceName: string;
  index?: PacketIndex;
  signal?: AbortSignal;
  /** threads to read with, this one included (default: the processors idle now, at most 4; see defaultThreads) */
  threads?: number;
  /** the worker's script (default: dist/captureFileWorker.js, next to the running bundle) */
  workerScript?: string;
  /** files smaller than this, in bytes, are read in one pass (default 32 MiB) */
  minBytes?: number;
  /** where the parts after the first start (default: record boundaries found near even shares) */
  starts?: number[];
  /** packets a worker reads between looks at its stop flag (default: the worker's own) */
  workerBatch?: number;
}

/** Each thread gets at least this much of a file by default: less is not worth a part's start and merge. */
const MIN_PART_BYTES = MIN_PARALLEL_BYTES / 2;

/**
 * Packets each thread gets at least by default. A second thread pays where a read is long: with the
 * helper warm on an idle two-core machine (interleaved opens, medians) it saved 24% of a
 * 1,000,000-packet open (0.423 s against 0.555; 18% with small packets, 0.370 s against 0.449) and
 * 32% at 4,000,000 small packets, but nothing at 500,000 (0.263 s against 0.268) and it cost 3% at
 * 250,000 (0.181 s against 0.175): a part's start and merge are fixed costs.
 */
const MIN_PART_PACKETS = 500_000;

/**
 * New workers need parts twice as long to pay: one slows the reading thread while it starts (a
 * 540,000-packet part took 300 ms against 210 alone, here) and reads its first parts at half speed
 * while V8 learns its code. Against one pass (interleaved, medians): a 1,000,000-packet file took 417
 * ms against 310, 2,000,000 small packets 606 against 635, 4,000,000 776 against 1075.
 */
const COLD_PART_FACTOR = 2;

/**
 * Threads a file is read with when nothing says otherwise: as many as the processors other work
 * leaves idle (`idle`, see idleProcessors), rounded, at most 4, and no more than parts of 16 MiB and
 * of MIN_PART_PACKETS (of the `packets` the file is estimated to hold) it has. Each thread takes a
 * processor (it copies its part as it reads it): on an idle two-core machine two threads beat one
 * (4,000,000 small packets: 1.19 s against 1.66 s, interleaved, medians). With one processor busy,
 * two threads took what one took (1.72 s against 1.71 s): the reading thread stops a worker it
 * catches up with.
 */
export function defaultThreads(
  idle: number,
  processors: number,
  bytes = Infinity,
  packets = Infinity,
  minPartPackets = MIN_PART_PACKETS,
): number {
  const byIdle = Math.round(idle);
  const bySize = Math.min(Math.floor(bytes / MIN_PART_BYTES), Math.floor(packets / minPartPackets));
  return Math.max(1, Math.min(4, processors, byIdle, bySize));
}

/** Processors idle now; the load average tells until /proc/stat can. */
function idleNow(): number {
  const processors = availableParallelism();
  return idleProcessors(processors) ?? processors - (loadavg()[0] ?? 0);
}

/**
 * Reads a classic pcap file in parts, one per thread: this thread reads the first part into
 * `aggregator` while workers read the others into aggregators of their own, which are then folded
 * in, in file order, so the tables equal those of one pass. The parts start at record boundaries
 * found by looking (pcap has no sync marker); a part whose predecessor does not end exactly where it
 * starts, or a worker that fails, is read again here in one pass from where the last good part
 * ended, so a wrong guess costs time, never correctness. When this thread reaches a part its worker
 * has not finished (a busy machine gives the worker little time), it stops the worker and reads the
 * rest itself, so more threads are never much slower than one. Returns undefined, having read nothing,
 * when the file is not worth splitting (small, pcapng, one processor, or parts too short for new
 * workers when no warm one is there): read it in one pass then.
 */
export async function readInParts(path: string, options: PartsOptions): Promise<ReadCaptureResult | undefined> {
  const size = statSync(path).size;
  if (size < (options.minBytes ?? MIN_PARALLEL_BYTES)) return undefined;
  if (options.threads !== undefined && options.threads < 2) return undefined;
  const shape = pcapShape(path);
  if (!shape) return undefined;
  const { layout, recordBytes } = shape;
  const script = options.workerScript ?? join(__dirname, 'captureFileWorker.js');
  if (!existsSync(script)) return undefined;
  const threads = options.threads ?? threadsFor(script, path, size, shape, options);
  if (threads < 2) return undefined;
  const warm = warmWorkers(script) >= threads - 1;
  const starts =
    options.starts ?? partStarts(path, layout, size, threads, warm ? 0 : WORKER_START_PACKETS * recordBytes);
  if (starts.length === 0) return undefined;

  const { aggregator, index, signal } = options;
  const here = { aggregator, index, signal };
  const began = performance.timeOrigin + performance.now();
  const since = (time: number) => Math.round(time - began);
  const timings: PartTiming[] = [];
  const parts = startParts(script, path, starts, options);
  const read: PartsRead = { linkTypes: [], packets: 0, stoppedAt: 0, timings };
  const readHere = async (from: number, until?: number) => {
    const startMs = since(performance.timeOrigin + performance.now());
    const part = await readCaptureFile(path, { ...here, ...(from ? { from } : {}), until });
    for (const type of part.linkTypes) if (!read.linkTypes.includes(type)) read.linkTypes.push(type);
    read.packets += part.packets;
    read.stoppedAt = part.stoppedAt;
    timings.push({ from, packets: part.packets, startMs, endMs: since(performance.timeOrigin + performance.now()) });
    return part;
  };
  /** the whole read's result, ended by `last` (a read that failed or was cancelled ends it early) */
  const result = (last?: { error?: PcapFormatError; cancelled: boolean }): ReadCaptureResult => {
    const { linkTypes, packets, stoppedAt } = read;
    const error = last?.error ? { error: last.error } : {};
    return {
      format: 'pcap',
      linkTypes,
      packets,
      cancelled: last?.cancelled ?? false,
      stoppedAt,
      parts: timings,
      ...error,
    };
  };
  try {
    const first = await readHere(0, starts[0]);
    if (first.error || first.cancelled) return { ...first, parts: timings };
    for (let i = 0; i < parts.length; i++) {
      if (read.stoppedAt !== starts[i]) break;
      // This thread got here first: what the worker has not read yet, this thread reads, in one
      // pass with the parts after it whose workers have not begun either.
      if (!parts[i]!.stop()) {
        while (i + 1 < parts.length && !parts[i + 1]!.stop()) i++;
        const whole = await readHere(read.stoppedAt, starts[i + 1]);
        if (whole.error || whole.cancelled) return result(whole);
        continue;
      }
      const until = starts[i + 1];
      const reply = await untilAborted(parts[i]!.reply, signal);
      if (reply === 'aborted') return result({ cancelled: true });
      if ('failed' in reply) break;
      fold(reply, starts[i]!, read, { aggregator, index, since });
      if (reply.error) {
        const { offset, problem, detail } = reply.error;
        return result({ error: new PcapFormatError(offset, problem, detail), cancelled: false });
      }
      if (read.stoppedAt < (until ?? size)) {
        const rest = await readHere(read.stoppedAt, until);
        if (rest.error || rest.cancelled) return result(rest);
      }
    }
    if (read.stoppedAt >= size) return result();
    // A split that missed a record boundary, or a worker that failed: the rest in one pass.
    return result(await readHere(read.stoppedAt));
  } finally {
    for (const part of parts) part.release();
  }
}

/** Has workers read the parts after the first. */
function startParts(script: string, path: string, starts: number[], options: PartsOptions): RunningPart[] {
  return starts.map((from, i) =>
    startPart(script, {
      path,
      from,
      until: starts[i + 1] ?? Number.MAX_SAFE_INTEGER,
      limits: options.limits,
      interfaceName: options.interfaceName,
      withIndex: options.index !== undefined,
      ...(options.workerBatch ? { batch: options.workerBatch } : {}),
    }),
  );
}

/** What the parts read so far add up to. */
interface PartsRead {
  linkTypes: number[];
  packets: number;
  /** where the next part must start */
  stoppedAt: number;
  timings: PartTiming[];
}

/** Folds a worker's part into this thread's tables, index and counts. */
function fold(
  reply: PartReply,
  from: number,
  read: PartsRead,
  { aggregator, index, since }: { aggregator: PacketAggregator; index?: PacketIndex; since: (time: number) => number },
): void {
  const merging = performance.now();
  aggregator.absorb(reply.segment);
  const timing = { from, packets: reply.packets, startMs: since(reply.startedAt) };
  read.timings.push({ ...timing, endMs: since(reply.finishedAt), mergeMs: Math.round(performance.now() - merging) });
  if (reply.index) index?.append(reply.index);
  read.packets += reply.packets;
  for (const type of reply.linkTypes) if (!read.linkTypes.includes(type)) read.linkTypes.push(type);
  read.stoppedAt = reply.stoppedAt;
}

/** Records looked at to estimate how many packets a file holds. */
const SAMPLED_RECORDS = 4096;

/** What pcapShape tells of a file. */
interface PcapShape {
  layout: PcapLayout;
  /** mean bytes a record takes */
  recordBytes: number;
  /** file offset of the first record */
  firstRecord: number;
}

/**
 * The file header's layout and the first packet's time, and the mean bytes a record takes over the
 * first SAMPLED_RECORDS (so its size tells about how many packets it holds); undefined for pcapng
 * or an empty file.
 */
function pcapShape(path: string): PcapShape | undefined {
  const reader = openPcapFile(path);
  try {
    if (!(reader instanceof ClassicPcapReader)) return undefined;
    const { littleEndian, nanosPerUnit, maxPacket } = reader;
    const firstAt = reader.position;
    const record = reader.next();
    if (!record) return undefined;
    let records = 1;
    let sampledTo = reader.position;
    try {
      while (records < SAMPLED_RECORDS && reader.next()) {
        records++;
        sampledTo = reader.position;
      }
    } catch {
      // Damage further on is the parts' to find and report, with what comes before it.
    }
    const layout = { littleEndian, nanosPerUnit, maxPacket, firstSeconds: record.seconds };
    return { layout, recordBytes: (sampledTo - firstAt) / records, firstRecord: firstAt };
  } catch {
    // A file bad from the start is reported by the one-pass read.
    return undefined;
  } finally {
    reader.close();
  }
}

/**
 * Threads to read a file of `size` bytes with by default (see threadsWith); when it is read in one
 * pass for want of a warm worker, one is warmed on its first packets for the next file.
 */
function threadsFor(script: string, path: string, size: number, shape: PcapShape, options: PartsOptions): number {
  const packets = size / shape.recordBytes;
  const choice = threadsWith(warmWorkers(script), idleNow(), availableParallelism(), size, packets);
  if (choice.warmUp) {
    const { firstRecord, recordBytes } = shape;
    const { limits, interfaceName } = options;
    const until = firstRecord + WARM_UP_PACKETS * recordBytes;
    // After the read in one pass (1 µs a packet is a slow machine's pace) and its answer.
    warmUpLater(
      script,
      { path, from: firstRecord, until, withIndex: true, limits, interfaceName },
      1000 + packets / 1000,
    );
  }
  return choice.threads;
}

/**
 * Threads to read a file with by default, `ready` warm workers there being (see defaultThreads for
 * the rest): new workers only where the parts are long enough to pay for them (COLD_PART_FACTOR).
 * `warmUp` when warm workers would have paid and there is none: the file is read in one pass then.
 */
export function threadsWith(
  ready: number,
  idle: number,
  processors: number,
  bytes: number,
  packets: number,
  minPartPackets = MIN_PART_PACKETS,
): { threads: number; warmUp: boolean } {
  const threads = defaultThreads(idle, processors, bytes, packets, minPartPackets);
  if (threads <= ready + 1) return { threads, warmUp: false };
  const withNew = defaultThreads(idle, processors, bytes, packets, minPartPackets * COLD_PART_FACTOR);
  if (withNew >= 2 || ready > 0) return { threads: Math.max(ready + 1, withNew), warmUp: false };
  return { threads: 1, warmUp: true };
}

/** where the parts after the first start; the first is `headStart` bytes longer than an even share */
function partStarts(path: string, layout: PcapLayout, size: number, threads: number, headStart: number): number[] {
  headStart = Math.min(headStart, size / 2);
  const first = (size + headStart * (threads - 1)) / threads;
  const share = (size - first) / (threads - 1);
  const starts: number[] = [];
  let previous = 0;
  for (let k = 1; k < threads; k++) {
    const around = Math.max(previous + 1, Math.floor(first + (k - 1) * share));
    const start = findRecordBoundary(path, layout, around, size);
    if (start === undefined || start <= previous || start >= size) continue;
    starts.push(start);
    previous = start;
  }
  return starts;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | 'aborted'> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    const onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then((value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
  });
}
