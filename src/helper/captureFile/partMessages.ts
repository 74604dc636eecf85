import type { PacketIndexArrays } from './packetIndex';
import type { AggregatorSegment } from '../aggregate/aggregatorSegment';
import type { AggregatorLimits } from '../aggregate/trafficAggregator';

/** What a capture-file worker is asked to read: one part of a classic pcap file. */
export interface PartRequest {
  path: string;
  /** file offset of the part's first record */
  from: number;
  /** the part ends before the first record starting at or after this offset */
  until: number;
  limits: AggregatorLimits;
  interfaceName: string;
  /** whether to index the part's packets too (files opened in the editor are paged through it) */
  withIndex: boolean;
  /** packets between looks at `stop` (default: a few milliseconds' worth) */
  batch?: number;
  /** one PartState on shared memory: who reads the part, and whether to stop */
  stop: Int32Array;
}

/**
 * A part's state, shared by the two threads: the worker claims the part (Waiting to Reading) when
 * it starts; the thread that reads the first part, once it gets there, sets Stop, and reads itself
 * what the worker has not (all of it when the worker never began).
 */
export const PartState = { Waiting: 0, Reading: 1, Stop: 2 } as const;

/** What the worker read. */
export interface PartReply {
  segment: AggregatorSegment;
  linkTypes: number[];
  packets: number;
  /** when the worker began and finished reading, by the wall clock (ms since the epoch) */
  startedAt: number;
  finishedAt: number;
  /** where the worker stopped: `until` itself when the split fell on a record boundary, earlier when told to stop */
  stoppedAt: number;
  /** the part was malformed from this offset on (what came before is in `segment`) */
  error?: { offset: number; problem: string; detail?: string };
  index?: PacketIndexArrays;
}

/** The worker could not read its part at all (a bug, not a bad file: those come as `error`). */
export interface PartFailure {
  failed: string;
}

/** The memory of a part's index, to hand over to the reading thread rather than copy. */
export function indexBuffers(index: PacketIndexArrays): ArrayBuffer[] {
  return [...index.deltas, ...index.checkpoints].map((array) => array.buffer as ArrayBuffer);
}
