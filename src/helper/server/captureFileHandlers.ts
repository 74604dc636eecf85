import path from 'node:path';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { CaptureRegistry, RegisteredCapture } from './captureRegistry';
import { invalidParams, onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import { GrowingFileIndex } from '../captureFile/growingFileIndex';
import { idleProcessors } from '../captureFile/idleProcessors';
import { OpenedCaptureFile } from '../captureFile/openedCaptureFile';
import { PacketPager } from '../captureFile/packetPager';
import { PacketRecords } from '../captureFile/packetRecords';
import type { ReadCaptureResult } from '../captureFile/readCaptureFile';
import type { DecodedPacket } from '../decode/packet';
import { CloseCaptureRequest, HelperErrorCode } from '../../shared/helperProtocol';
import {
  CAPTURE_ROWS_TABLES,
  CapturePacketDetailRequest,
  CapturePacketsRequest,
  CaptureRowsRequest,
  OpenCaptureFileRequest,
} from '../../shared/captureFileProtocol';
import type { CapturePacketsParams, CaptureRowsParams, OpenCaptureFileParams } from '../../shared/captureFileProtocol';
import type { TrafficSnapshot } from '../../shared/model/traffic';

/** Most packets one `capture/packets` page may ask for. */
const MAX_PAGE = 10_000;

/** What the capture-file handlers need from the server. */
export interface CaptureFileHandlerContext extends ServerContext {
  registry: CaptureRegistry;
}

/**
 * Serves `capture/openFile`, `capture/packets`, `capture/packetDetail`, `capture/rows` and
 * `capture/close` (`capture/snapshot` serves files and live captures alike, in captureHandlers).
 * Packets are paged from opened files, and from any other registered capture that keeps a pcap (a
 * live capture's recording), through an index of where each packet is.
 */
export function registerCaptureFileHandlers(context: CaptureFileHandlerContext): void {
  const { registry } = context;
  const pagers = new RecordingPagers();
  const find = (captureId: string): RegisteredCapture => registry.get(captureId) ?? unknownCapture(captureId);
  // Starts watching how busy the machine is, so the first file opened is read with the threads it leaves idle.
  idleProcessors();

  const openPolicy = { params: checkOpen, refuseWhileShuttingDown: true } as const;
  onRequest(context, OpenCaptureFileRequest.type, openPolicy, (params, signal) => openFile(context, params, signal));

  onRequest(context, CapturePacketsRequest.type, { params: checkPage }, async ({ captureId, from, count, filter }) => {
    const capture = find(captureId);
    // Taken before paging: a read that ends meanwhile must not make a partial total look final.
    const reading = capture.reading === true;
    const page = await pagers.of(capture, captureId).page(from, count, filter);
    return reading ? { ...page, reading } : page;
  });

  onRequest(context, CapturePacketDetailRequest.type, { params: checkId }, ({ captureId, index }) => {
    const detail = pagers.of(find(captureId), captureId).detail(index);
    if (!detail) throw invalidParams(`Capture "${captureId}" has no packet ${String(index)}.`);
    return detail;
  });

  onRequest(context, CaptureRowsRequest.type, { params: checkRows }, ({ captureId, table, from, count }) => {
    const capture = find(captureId);
    if (!(capture instanceof OpenedCaptureFile)) {
      throw invalidParams(`Capture "${captureId}" is not an opened file: its snapshot holds all its rows.`);
    }
    if (capture.reading) throw invalidParams(`${capture.pcapPath} is still being read.`);
    return capture.rows(table, from, count);
  });

  onRequest(context, CloseCaptureRequest.type, { params: checkId }, async ({ captureId }) => {
    const capture = registry.get(captureId);
    if (capture) pagers.close(capture);
    if (!(await registry.remove(captureId))) unknownCapture(captureId);
  });
}

/**
 * `capture/openFile`: registers the file under its id at once, so its packets can be paged while it
 * is read (`capture/packets` says `reading`), then reads it whole (cancellable, also by
 * `capture/close`) and answers with its statistics.
 */
async function openFile(
  { registry, logger }: CaptureFileHandlerContext,
  { captureId, path: file, threads }: OpenCaptureFileParams,
  signal: AbortSignal,
): Promise<TrafficSnapshot> {
  if (registry.has(captureId)) throw invalidParams(`Capture id "${captureId}" is already in use.`);
  const started = performance.now();
  const opened = new OpenedCaptureFile(file);
  registry.add(captureId, opened);
  const forget = () => (registry.get(captureId) === opened ? registry.remove(captureId) : opened.dispose());
  let read: ReadCaptureResult;
  try {
    ({ read } = await opened.read({ signal, threads }));
  } catch (error) {
    await forget();
    throw error;
  }
  if (opened.reading) {
    // Cancelled, or closed while it was read.
    await forget();
    throw new ResponseError(HelperErrorCode.RequestCancelled, `Opening ${file} was cancelled.`);
  }
  const took = Math.round(performance.now() - started);
  const passes = read.parts ? `in ${read.parts.length} parts` : 'in one pass';
  logger.log('info', `opened ${file} (${read.format}): ${read.packets} packets in ${took} ms, ${passes}`);
  if (read.error) logger.log('warn', `${file}: ${read.error.message}; the ${read.packets} packets before it are shown`);
  return opened.snapshot();
}

/** Pagers over live captures' recordings, made on first use and refreshed as the file grows. */
class RecordingPagers {
  private readonly pagers = new WeakMap<
    RegisteredCapture,
    { growing: GrowingFileIndex; pager: PacketPager; records: PacketRecords }
  >();

  of(capture: RegisteredCapture, captureId: string): PacketPager {
    if (capture instanceof OpenedCaptureFile) return capture.pager;
    const pcap = capture.pcapPath;
    if (!pcap) throw invalidParams(`Capture "${captureId}" keeps no packets (it was started without recording).`);
    let paged = this.pagers.get(capture);
    if (!paged) {
      const growing = new GrowingFileIndex(pcap);
      const records = new PacketRecords(pcap, growing.index);
      const tcpView = (packet: DecodedPacket) => capture.tcpView?.(packet);
      paged = { growing, records, pager: new PacketPager(records, tcpView) };
      this.pagers.set(capture, paged);
    }
    paged.growing.refresh();
    return paged.pager;
  }

  close(capture: RegisteredCapture): void {
    this.pagers.get(capture)?.records.close();
  }
}

function checkId<P extends { captureId: string }>(params: P | undefined): P {
  if (typeof params?.captureId !== 'string' || !params.captureId) {
    throw invalidParams('captureId must be a non-empty string.');
  }
  return params;
}

function checkOpen(params: OpenCaptureFileParams | undefined): OpenCaptureFileParams {
  const checked = checkId(params);
  const file: unknown = checked.path;
  if (typeof file !== 'string' || !path.isAbsolute(file)) {
    throw invalidParams(`The capture file path must be absolute, not "${String(file)}".`);
  }
  const threads: unknown = checked.threads;
  if (threads !== undefined && !(Number.isInteger(threads) && (threads as number) >= 1 && (threads as number) <= 16)) {
    throw invalidParams(`threads must be a whole number from 1 to 16, not ${JSON.stringify(threads)}.`);
  }
  return checked;
}

function checkPage(params: CapturePacketsParams | undefined): CapturePacketsParams {
  const checked = checkRange(checkId(params));
  if (checked.filter !== undefined && typeof checked.filter !== 'string')
    throw invalidParams('filter must be a string.');
  return checked;
}

function checkRows(params: CaptureRowsParams | undefined): CaptureRowsParams {
  const checked = checkRange(checkId(params));
  if (!(CAPTURE_ROWS_TABLES as readonly unknown[]).includes(checked.table)) {
    const names = CAPTURE_ROWS_TABLES.map((table) => `"${table}"`);
    const choices = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
    throw invalidParams(`table must be ${choices}, not ${JSON.stringify(checked.table)}.`);
  }
  return checked;
}

/** `from` (1-based) and `count` of a page. */
function checkRange<P extends { from: number; count: number }>(checked: P): P {
  const { from, count } = checked;
  if (!Number.isInteger(from) || from < 1)
    throw invalidParams(`from must be a whole number from 1, not ${String(from)}.`);
  if (!Number.isInteger(count) || count < 0 || count > MAX_PAGE) {
    throw invalidParams(`count must be a whole number from 0 to ${MAX_PAGE}, not ${String(count)}.`);
  }
  return checked;
}

function unknownCapture(captureId: string): never {
  throw new ResponseError(HelperErrorCode.UnknownCapture, `No capture or opened file has the id "${captureId}".`);
}
