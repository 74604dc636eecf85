import path from 'node:path';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { CaptureRegistry, RegisteredCapture } from './captureRegistry';
import { CaptureFileError, analyseCaptureFile } from '../captureFile/analyseCaptureFile';
import { GrowingFileIndex } from '../captureFile/growingFileIndex';
import { OpenedCaptureFile } from '../captureFile/openedCaptureFile';
import { PacketBytes } from '../captureFile/packetBytes';
import { PacketIndex } from '../captureFile/packetIndex';
import { PacketPager } from '../captureFile/packetPager';
import type { Logger } from '../log';
import {
  CapturePacketDetailRequest,
  CapturePacketsRequest,
  CloseCaptureRequest,
  HelperErrorCode,
  OpenCaptureFileRequest,
} from '../../shared/helperProtocol';

/** JSON-RPC's (LSP's) code for a request the client cancelled. */
const REQUEST_CANCELLED = -32800;
/** Most packets one `capture/packets` page may ask for. */
const MAX_PAGE = 10_000;

/** What the capture-file handlers need from the server. */
export interface CaptureFileHandlerContext {
  connection: MessageConnection;
  registry: CaptureRegistry;
  logger: Logger;
  isShuttingDown: () => boolean;
}

/**
 * Serves `capture/openFile`, `capture/packets`, `capture/packetDetail` and `capture/close`
 * (`capture/snapshot` serves files and live captures alike, in captureHandlers). Packets are paged from opened files, and from any other registered capture
 * that keeps a pcap (a live capture's recording), through an index of where each packet is.
 */
export function registerCaptureFileHandlers(context: CaptureFileHandlerContext): void {
  const { connection, registry, logger } = context;
  const recordingPagers = new WeakMap<
    RegisteredCapture,
    { growing: GrowingFileIndex; pager: PacketPager; bytes: PacketBytes }
  >();

  connection.onRequest(OpenCaptureFileRequest.type, async (params, token) => {
    if (context.isShuttingDown()) throw new ResponseError(HelperErrorCode.ShuttingDown, 'The helper is shutting down.');
    const captureId = requireId(params?.captureId);
    const file = params.path;
    if (typeof file !== 'string' || !path.isAbsolute(file)) {
      throw new ResponseError(
        HelperErrorCode.InvalidParams,
        `The capture file path must be absolute, not "${String(file)}".`,
      );
    }
    if (registry.has(captureId)) {
      throw new ResponseError(HelperErrorCode.InvalidParams, `Capture id "${captureId}" is already in use.`);
    }
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    const started = performance.now();
    const index = new PacketIndex();
    let analysed;
    try {
      analysed = await analyseCaptureFile(file, { index, signal: abort.signal });
    } catch (error) {
      if (error instanceof CaptureFileError) throw new ResponseError(HelperErrorCode.BadCaptureFile, error.message);
      throw error;
    } finally {
      subscription.dispose();
    }
    if (analysed.read.cancelled) {
      analysed.close();
      throw new ResponseError(REQUEST_CANCELLED, `Opening ${file} was cancelled.`);
    }
    if (registry.has(captureId)) {
      analysed.close();
      throw new ResponseError(HelperErrorCode.InvalidParams, `Capture id "${captureId}" is already in use.`);
    }
    const opened = new OpenedCaptureFile(analysed, index);
    registry.add(captureId, opened);
    const { read } = analysed;
    logger.log(
      'info',
      `opened ${file} (${read.format}): ${read.packets} packets in ${Math.round(performance.now() - started)} ms`,
    );
    if (read.error)
      logger.log('warn', `${file}: ${read.error.message}; the ${read.packets} packets before it are shown`);
    return opened.snapshot();
  });

  connection.onRequest(CapturePacketsRequest.type, (params) => {
    const capture = find(params?.captureId);
    const from = params.from;
    const count = params.count;
    if (!Number.isInteger(from) || from < 1) throw invalid(`from must be a whole number from 1, not ${String(from)}.`);
    if (!Number.isInteger(count) || count < 0 || count > MAX_PAGE) {
      throw invalid(`count must be a whole number from 0 to ${MAX_PAGE}, not ${String(count)}.`);
    }
    if (params.filter !== undefined && typeof params.filter !== 'string') throw invalid('filter must be a string.');
    return pagerOf(capture, params.captureId).page(from, count, params.filter);
  });

  connection.onRequest(CapturePacketDetailRequest.type, (params) => {
    const capture = find(params?.captureId);
    const detail = pagerOf(capture, params.captureId).detail(params.index);
    if (!detail) throw invalid(`Capture "${params.captureId}" has no packet ${String(params.index)}.`);
    return detail;
  });

  connection.onRequest(CloseCaptureRequest.type, async (params) => {
    const captureId = requireId(params?.captureId);
    const capture = registry.get(captureId);
    if (capture) recordingPagers.get(capture)?.bytes.close();
    if (!(await registry.remove(captureId))) throw unknown(captureId);
  });

  function find(captureId: unknown): RegisteredCapture {
    const id = requireId(captureId);
    const capture = registry.get(id);
    if (!capture) throw unknown(id);
    return capture;
  }

  function pagerOf(capture: RegisteredCapture, captureId: string): PacketPager {
    if (capture instanceof OpenedCaptureFile) return capture.pager;
    const pcap = capture.pcapPath;
    if (!pcap) {
      throw new ResponseError(
        HelperErrorCode.InvalidParams,
        `Capture "${captureId}" keeps no packets (it was started without recording).`,
      );
    }
    let paged = recordingPagers.get(capture);
    if (!paged) {
      const growing = new GrowingFileIndex(pcap);
      const bytes = new PacketBytes(pcap);
      paged = { growing, bytes, pager: new PacketPager(growing.index, bytes) };
      recordingPagers.set(capture, paged);
    }
    paged.growing.refresh();
    return paged.pager;
  }
}

function requireId(captureId: unknown): string {
  if (typeof captureId !== 'string' || !captureId) throw invalid('captureId must be a non-empty string.');
  return captureId;
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(HelperErrorCode.InvalidParams, message);
}

function unknown(captureId: string): ResponseError<void> {
  return new ResponseError(HelperErrorCode.UnknownCapture, `No capture or opened file has the id "${captureId}".`);
}
