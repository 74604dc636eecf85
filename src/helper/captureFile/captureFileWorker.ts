/**
 * Entry of the capture-file worker (dist/captureFileWorker.js): reads parts of classic pcap files,
 * one per message, each into an aggregator of its own, and hands the tables back as plain data,
 * their arrays transferred rather than copied. Runs in a worker thread kept by partWorkers.
 */
import { parentPort } from 'node:worker_threads';
import { PacketIndex } from './packetIndex';
import { readCaptureFile } from './readCaptureFile';
import type { PartReply, PartRequest } from './partMessages';
import { indexBuffers, PartState } from './partMessages';
import { segmentBuffers } from '../aggregate/aggregatorSegment';
import { PacketAggregator } from '../aggregate/packetAggregator';

/** Packets between looks at the stop flag: a few milliseconds of reading. */
const BATCH = 8192;

async function readPart(request: PartRequest): Promise<void> {
  const startedAt = performance.timeOrigin + performance.now();
  // Claimed already by the reading thread (it got here first): read nothing, say so.
  const claimed = Atomics.compareExchange(request.stop, 0, PartState.Waiting, PartState.Reading) !== PartState.Waiting;
  const aggregator = new PacketAggregator({
    limits: request.limits,
    interfaceName: request.interfaceName,
    deltas: false,
  });
  const index = request.withIndex ? new PacketIndex() : undefined;
  const read = await readCaptureFile(request.path, {
    aggregator,
    index,
    from: request.from,
    until: request.until,
    batch: request.batch ?? BATCH,
    stop: () => claimed || Atomics.load(request.stop, 0) === PartState.Stop,
  });
  const segment = aggregator.segment();
  const reply: PartReply = {
    segment,
    linkTypes: read.linkTypes,
    packets: read.packets,
    startedAt,
    finishedAt: performance.timeOrigin + performance.now(),
    stoppedAt: read.stoppedAt,
    ...(read.error
      ? { error: { offset: read.error.offset, problem: read.error.problem, detail: read.error.detail } }
      : {}),
    ...(index ? { index: index.trimmed() } : {}),
  };
  parentPort!.postMessage(reply, [...segmentBuffers(segment), ...(reply.index ? indexBuffers(reply.index) : [])]);
}

parentPort!.on('message', (request: PartRequest) => {
  readPart(request).catch((error: unknown) => {
    // The part is read again on the main thread: say why, for the log.
    parentPort!.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
