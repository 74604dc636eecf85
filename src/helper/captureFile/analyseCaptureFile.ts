import { basename } from 'node:path';
import { PacketBytes } from './packetBytes';
import type { PacketIndex } from './packetIndex';
import { readCaptureFile } from './readCaptureFile';
import { readInParts } from './readInParts';
import type { ReadCaptureResult } from './readCaptureFile';
import { PacketAggregator } from '../aggregate/packetAggregator';
import type { AggregatorLimits } from '../aggregate/trafficAggregator';
import { PcapFormatError } from '../capture/pcapFormatError';
import type { TrafficSnapshot } from '../../shared/model/traffic';
import type { TrafficViewLimits } from '../../shared/traffic/trafficLimits';

/** A capture file that cannot be read at all (missing, unreadable, not pcap/pcapng); the message says why. */
export class CaptureFileError extends Error {
  override name = 'CaptureFileError';
  constructor(
    message: string,
    /** the byte offset of the problem, when the file itself is malformed */
    readonly offset?: number,
  ) {
    super(message);
  }
}

/** A capture file read whole into an aggregator. */
export interface AnalysedCaptureFile {
  path: string;
  aggregator: PacketAggregator;
  read: ReadCaptureResult;
  /**
   * the file's statistics; its recent packets are the file's last ones (none when `withRecent` is
   * false); with `cut`, the tables hold only what a view cut to those limits keeps
   */
  snapshot(withRecent?: boolean, cut?: TrafficViewLimits): TrafficSnapshot;
  /** closes the file handle kept for re-reading packets */
  close(): void;
}

/** How to analyse a file. */
export interface AnalyseOptions {
  index?: PacketIndex;
  signal?: AbortSignal;
  limits?: Partial<AggregatorLimits>;
  /** threads to read with (default: the processors other work leaves idle, at most 4; 1 reads in one pass) */
  threads?: number;
  /** told the tables as reading begins (pages of a file being read number TCP from them) */
  onTables?: (aggregator: PacketAggregator) => void;
}

/**
 * Reads a pcap or pcapng file into a fresh aggregator. Throws CaptureFileError when the file
 * cannot be read at all; a file that goes bad midway is kept up to the problem (`read.error`).
 */
export async function analyseCaptureFile(path: string, options: AnalyseOptions = {}): Promise<AnalysedCaptureFile> {
  let bytes: PacketBytes;
  try {
    bytes = new PacketBytes(path);
  } catch (error) {
    throw new CaptureFileError(`cannot open ${path}: ${describeSystemError(error)}`);
  }
  try {
    const interfaceName = basename(path);
    const aggregator = new PacketAggregator({
      limits: options.limits,
      interfaceName,
      readPacket: (offset, length) => bytes.read(offset, length),
      deltas: false,
    });
    const { index, signal, threads } = options;
    options.onTables?.(aggregator);
    const read =
      (await readInParts(path, { aggregator, limits: aggregator.limits, interfaceName, index, signal, threads })) ??
      (await readCaptureFile(path, { aggregator, index, signal }));
    return {
      path,
      aggregator,
      read,
      snapshot: (withRecent = true, cut?: TrafficViewLimits) =>
        aggregator.snapshot(
          {
            kind: 'file',
            path,
            format: read.format,
            linkTypes: read.linkTypes,
            ...(read.error ? { problem: { offset: read.error.offset, message: read.error.message } } : {}),
          },
          false,
          withRecent,
          cut,
        ),
      close: () => bytes.close(),
    };
  } catch (error) {
    bytes.close();
    if (error instanceof PcapFormatError) throw new CaptureFileError(`${path}: ${error.message}`, error.offset);
    if (error instanceof Error && 'code' in error) {
      throw new CaptureFileError(`cannot read ${path}: ${describeSystemError(error)}`);
    }
    throw error;
  }
}

/** "no such file or directory" rather than "ENOENT: no such file or directory, open '…'" */
function describeSystemError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory',
  };
  return (code && known[code]) ?? error.message;
}
