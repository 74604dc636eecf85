import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PacketIndex } from './packetIndex';
import type { PartFailure, PartReply, PartRequest } from './partMessages';
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
 * Bytes the first thread reads while a worker starts a thread and loads its code (about 100 ms
 * here): the first part is that much larger than an even share, so the parts end together.
 */
const WORKER_START_BYTES = 64 << 20;

/** How to read a file in parts. */
export interface PartsOptions {
  aggregator: PacketAggregator;
  limits: AggregatorLimits;
  interfaceName: string;
  index?: PacketIndex;
  signal?: AbortSignal;
  /** threads to read with, this one included (default: the processors available, at most 4) */
  threads?: number;
  /** the worker's script (default: dist/captureFileWorker.js, next to the running bundle) */
  workerScript?: string;
  /** files smaller than this, in bytes, are read in one pass (default 32 MiB) */
  minBytes?: number;
  /** where the parts after the first start (default: record boundaries found near even shares) */
  starts?: number[];
}

/** threads a file is read with when nothing says otherwise */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), 4);
}

/**
 * Reads a classic pcap file in parts, one per thread: this thread reads the first part into
 * `aggregator` while workers read the others into aggregators of their own, which are then folded
 * in, in file order, so the tables equal those of one pass. The parts start at record boundaries
 * found by looking (pcap has no sync marker); a part whose predecessor does not end exactly where it
 * starts, or a worker that fails, is read again here in one pass from where the last good part
 * ended, so a wrong guess costs time, never correctness. Returns undefined, having read nothing,
 * when the file is not worth splitting (small, pcapng, one processor): read it in one pass then.
 */
export async function readInParts(path: string, options: PartsOptions): Promise<ReadCaptureResult | undefined> {
  const threads = options.threads ?? defaultThreads();
  const script = options.workerScript ?? join(__dirname, 'captureFileWorker.js');
  if (threads < 2 || !existsSync(script)) return undefined;
  const size = statSync(path).size;
  if (size < (options.minBytes ?? MIN_PARALLEL_BYTES)) return undefined;
  const layout = pcapLayout(path);
  if (!layout) return undefined;
  const starts = options.starts ?? partStarts(path, layout, size, threads);
  if (starts.length === 0) return undefined;

  const { aggregator, index, signal } = options;
  const began = performance.timeOrigin + performance.now();
  const since = (time: number) => Math.round(time - began);
  const timings: PartTiming[] = [];
  const parts = starts.map((from, i) =>
    startPart(script, {
      path,
      from,
      until: starts[i + 1] ?? Number.MAX_SAFE_INTEGER,
      limits: options.limits,
      interfaceName: options.interfaceName,
      withIndex: index !== undefined,
    }),
  );
  try {
    const first = await readCaptureFile(path, { aggregator, index, signal, until: starts[0] });
    if (first.error || first.cancelled) return first;
    timings.push({
      from: 0,
      packets: first.packets,
      startMs: 0,
      endMs: since(performance.timeOrigin + performance.now()),
    });
    const linkTypes = [...first.linkTypes];
    let packets = first.packets;
    let stoppedAt = first.stoppedAt;
    let complete = true;
    for (let i = 0; i < parts.length; i++) {
      if (stoppedAt !== starts[i]) {
        complete = false;
        break;
      }
      const reply = await untilAborted(parts[i]!.reply, signal);
      if (reply === 'aborted') return { format: 'pcap', linkTypes, packets, cancelled: true, stoppedAt };
      if ('failed' in reply) {
        complete = false;
        break;
      }
      const merging = performance.now();
      aggregator.absorb(reply.segment);
      const timing = { from: starts[i]!, packets: reply.packets, startMs: since(reply.startedAt) };
      timings.push({ ...timing, endMs: since(reply.finishedAt), mergeMs: Math.round(performance.now() - merging) });
      if (reply.index) index?.append(reply.index);
      packets += reply.packets;
      for (const type of reply.linkTypes) if (!linkTypes.includes(type)) linkTypes.push(type);
      stoppedAt = reply.stoppedAt;
      if (reply.error) {
        const { offset, problem, detail } = reply.error;
        const error = new PcapFormatError(offset, problem, detail);
        return { format: 'pcap', linkTypes, packets, cancelled: false, stoppedAt, error, parts: timings };
      }
    }
    if (complete) return { format: 'pcap', linkTypes, packets, cancelled: false, stoppedAt, parts: timings };
    const restStart = since(performance.timeOrigin + performance.now());
    const rest = await readCaptureFile(path, { aggregator, index, signal, from: stoppedAt });
    for (const type of rest.linkTypes) if (!linkTypes.includes(type)) linkTypes.push(type);
    timings.push({
      from: stoppedAt,
      packets: rest.packets,
      startMs: restStart,
      endMs: since(performance.timeOrigin + performance.now()),
    });
    return { ...rest, linkTypes, packets: packets + rest.packets, parts: timings };
  } finally {
    for (const part of parts) void part.worker.terminate();
  }
}

/** The file header's layout and the first packet's time; undefined for pcapng or an empty file. */
function pcapLayout(path: string): PcapLayout | undefined {
  const reader = openPcapFile(path);
  try {
    if (!(reader instanceof ClassicPcapReader)) return undefined;
    const { littleEndian, nanosPerUnit, maxPacket } = reader;
    const record = reader.next();
    return record ? { littleEndian, nanosPerUnit, maxPacket, firstSeconds: record.seconds } : undefined;
  } catch {
    // A file bad from the start is reported by the one-pass read.
    return undefined;
  } finally {
    reader.close();
  }
}

/** where the parts after the first start */
function partStarts(path: string, layout: PcapLayout, size: number, threads: number): number[] {
  const headStart = Math.min(WORKER_START_BYTES, size / 2);
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

interface RunningPart {
  worker: Worker;
  reply: Promise<PartReply | PartFailure>;
}

function startPart(script: string, request: PartRequest): RunningPart {
  const worker = new Worker(script, { workerData: request });
  const reply = new Promise<PartReply | PartFailure>((resolve) => {
    worker.once('message', (message: PartReply | PartFailure) => resolve(message));
    worker.once('error', (error) => resolve({ failed: error.message }));
    worker.once('exit', (code) => resolve({ failed: `worker exited with code ${code}` }));
  });
  return { worker, reply };
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
