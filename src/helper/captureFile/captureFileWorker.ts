/**
 * Entry of the capture-file worker (dist/captureFileWorker.js): reads one part of a classic pcap
 * file into an aggregator of its own and hands the tables back as plain data, their arrays
 * transferred rather than copied. Runs in a worker thread started by readInParts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PacketIndex } from './packetIndex';
import { readCaptureFile } from './readCaptureFile';
import type { PartReply, PartRequest } from './partMessages';
import { indexBuffers } from './partMessages';
import { segmentBuffers } from '../aggregate/aggregatorSegment';
import { PacketAggregator } from '../aggregate/packetAggregator';

async function readPart(request: PartRequest): Promise<void> {
  const startedAt = performance.timeOrigin + performance.now();
  const aggregator = new PacketAggregator({ limits: request.limits, interfaceName: request.interfaceName });
  const index = request.withIndex ? new PacketIndex() : undefined;
  const read = await readCaptureFile(request.path, { aggregator, index, from: request.from, until: request.until });
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

readPart(workerData as PartRequest).catch((error: unknown) => {
  // The part is read again on the main thread: say why, for the log.
  parentPort!.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
