import path from 'node:path';
import { ResponseError } from 'vscode-jsonrpc/node';
import type { CaptureRegistry } from './captureRegistry';
import { checkedByWork, invalidParams, onRequest } from './requestHandler';
import { saveError } from './saveError';
import type { ServerContext } from './requestHandler';
import { LiveCapture, liveCaptureSettings } from '../capture/liveCapture';
import type { LiveCaptureSettings } from '../capture/liveCapture';
import type { LiveOpenFailure } from '../capture/liveCaptureSource';
import type { TrafficAggregator } from '../aggregate/trafficAggregator';
import { CaptureFlowExport, flowExportSettings } from '../ipfix/captureFlowExport';
import type { FlowExportSettings } from '../ipfix/captureFlowExport';
import type { CaptureTap } from '../history/historyService';
import type { Logger } from '../log';
import {
  CaptureSaveRequest,
  CaptureSnapshotRequest,
  CaptureStartRequest,
  CaptureStopRequest,
  CaptureTickNotification,
  HelperErrorCode,
} from '../../shared/helperProtocol';
import type { CaptureSaveParams, CaptureStartParams, ConversationKey } from '../../shared/helperProtocol';
import { checkConversations } from '../capture/conversationPcap';
import type { CaptureStatus } from '../../shared/model/capture';
import type { TrafficSnapshot } from '../../shared/model/traffic';

/** What the live-capture handlers need from the server. */
export interface CaptureHandlerContext extends ServerContext {
  registry: CaptureRegistry;
  createAggregator: (interfaceName: string) => TrafficAggregator;
  /** the history's tap for a capture starting now */
  historyTap?: (iface: string, filter: string) => CaptureTap;
}

/** Serves `capture/start`, `capture/stop`, `capture/snapshot` and `capture/save`; ticks go out as `capture/didTick`. */
export function registerCaptureHandlers(context: CaptureHandlerContext): void {
  const { registry, logger } = context;
  const startPolicy = { params: validateStart, refuseWhileShuttingDown: true } as const;
  onRequest(context, CaptureStartRequest.type, startPolicy, (settings) => startCapture(context, settings));

  onRequest(context, CaptureStopRequest.type, { params: checkedByWork }, async (params) => {
    const capture = liveCapture(registry, params?.captureId);
    const snapshot = await capture.stop();
    const { packets, kernelDrops } = snapshot.counters;
    logger.log(
      'info',
      `capture ${capture.settings.captureId} stopped: ${packets} packets, ${kernelDrops} dropped by the kernel`,
    );
    return snapshot;
  });

  onRequest(context, CaptureSnapshotRequest.type, { params: checkedByWork }, (params) => {
    const capture = typeof params?.captureId === 'string' ? registry.get(params.captureId) : undefined;
    if (!capture) throw unknownCapture(params?.captureId);
    if (capture.reading)
      throw invalidParams(`${capture.pcapPath} is still being read: its statistics answer capture/openFile.`);
    return capture.snapshot();
  });

  onRequest(context, CaptureSaveRequest.type, { params: checkSave }, (params) =>
    saveCapture(logger, liveCapture(registry, params.captureId), params.path, params.conversations),
  );
}

/** `capture/start`: opens the interface and registers the capture under its id. */
async function startCapture(context: CaptureHandlerContext, settings: LiveCaptureSettings): Promise<TrafficSnapshot> {
  const { connection, registry, logger } = context;
  const inUse = () => invalidParams(`Capture id "${settings.captureId}" is already in use.`);
  if (registry.has(settings.captureId)) throw inUse();
  const flowExport = settings.ipfix && (await openFlowExport(context, settings.captureId, settings.ipfix));
  const tap = context.historyTap?.(settings.interface, settings.filter);
  const started = await LiveCapture.start(settings, {
    flowExport,
    createAggregator: context.createAggregator,
    onTick: (delta) => {
      void connection.sendNotification(CaptureTickNotification.type, delta);
      tap?.tick(delta);
    },
    onEnd: (error) => {
      tap?.end();
      if (error) logger.log('warn', `capture ${settings.captureId} on ${settings.interface} stopped: ${error.message}`);
    },
    onFault: (error, faults) =>
      logger.log(
        'error',
        `capture ${settings.captureId}: a packet could not be counted (${faults} so far): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
  });
  if (!(started instanceof LiveCapture)) {
    await flowExport?.close();
    throw openError(started);
  }
  // Opening through lanlens-capd takes a moment, in which the same id may have been started.
  if (registry.has(settings.captureId)) {
    await started.dispose();
    throw inUse();
  }
  registry.add(settings.captureId, started);
  logger.log(
    'info',
    `capture ${settings.captureId} started on ${settings.interface}${settings.filter ? ` with filter "${settings.filter}"` : ''} (snaplen ${settings.snaplen}, buffer ${settings.bufferSizeBytes} bytes${settings.record ? `, recording up to ${settings.maxFileBytes} bytes` : ''}${flowExport ? `, exporting flows as IPFIX to ${flowExport.counters().collector}` : ''})`,
  );
  return started.snapshot();
}

/** The capture's IPFIX socket, opened before the capture; a collector that cannot be resolved is bad input. */
async function openFlowExport(
  context: CaptureHandlerContext,
  captureId: string,
  settings: FlowExportSettings,
): Promise<CaptureFlowExport> {
  try {
    return await CaptureFlowExport.open(settings, (message) =>
      context.logger.log('warn', `capture ${captureId}: IPFIX export failing: ${message}`),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ResponseError(HelperErrorCode.FlowExportUnavailable, `IPFIX export: ${reason}.`);
  }
}

/** `capture/save`: copies a live capture's recording to `file`. */
async function saveCapture(
  logger: Logger,
  capture: LiveCapture,
  file: string,
  conversations?: ConversationKey[],
): Promise<{ packets: number; bytes: number }> {
  let saved;
  try {
    saved = conversations ? await capture.saveConversations(file, conversations) : await capture.save(file);
  } catch (error) {
    throw saveError(file, error);
  }
  if (!saved) {
    throw invalidParams(
      `Capture "${capture.settings.captureId}" was started without recording (record: false), so there is nothing to save.`,
    );
  }
  const of = conversations ? ` of ${conversations.length} conversation(s)` : '';
  logger.log('info', `capture ${capture.settings.captureId}: ${saved.packets} packets${of} saved to ${file}`);
  return { packets: saved.packets, bytes: saved.bytes };
}

function liveCapture(registry: CaptureRegistry, captureId: unknown): LiveCapture {
  const capture = typeof captureId === 'string' ? registry.get(captureId) : undefined;
  if (!(capture instanceof LiveCapture)) throw unknownCapture(captureId, capture !== undefined);
  return capture;
}

function unknownCapture(captureId: unknown, isFile = false): ResponseError<void> {
  return new ResponseError(
    HelperErrorCode.UnknownCapture,
    isFile
      ? `"${String(captureId)}" is an opened file, not a live capture.`
      : `No capture has the id "${String(captureId)}".`,
  );
}

function openError(failure: LiveOpenFailure): ResponseError<CaptureStatus | void> {
  switch (failure.kind) {
    case 'bad-filter':
      return invalidParams(failure.message);
    case 'unknown-interface':
      return new ResponseError(HelperErrorCode.UnknownInterface, failure.message);
    case 'unavailable':
      return new ResponseError<CaptureStatus>(
        HelperErrorCode.CaptureUnavailable,
        failure.status.problem?.message ?? 'Capture is not available.',
        failure.status,
      );
  }
}

function checkSave(params: CaptureSaveParams): CaptureSaveParams {
  const file: unknown = (params as CaptureSaveParams | undefined)?.path;
  if (typeof file !== 'string' || !path.isAbsolute(file)) {
    throw invalidParams(`The path to save to must be absolute, not "${String(file)}".`);
  }
  if (params.conversations === undefined) return params;
  try {
    return { ...params, conversations: checkConversations(params.conversations) };
  } catch (error) {
    throw invalidParams(error instanceof Error ? error.message : String(error));
  }
}

/** Checks every field of `capture/start` (the extension is trusted, but its input came from a user). */
function validateStart(params: CaptureStartParams | undefined): LiveCaptureSettings {
  const bad = invalidParams;
  if (!params || typeof params !== 'object') throw bad('capture/start needs parameters.');
  if (typeof params.captureId !== 'string' || !params.captureId) throw bad('captureId must be a non-empty string.');
  if (typeof params.interface !== 'string' || !params.interface) throw bad('interface must be a non-empty string.');
  if (params.filter !== undefined && typeof params.filter !== 'string') throw bad('filter must be a string.');
  const settings = liveCaptureSettings(params);
  const integer = (name: keyof LiveCaptureSettings, min: number, max: number) => {
    const value = settings[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw bad(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}.`);
    }
  };
  integer('snaplen', 1, 262144);
  integer('bufferSizeBytes', 64 * 1024, 2 ** 31 - 1);
  integer('tickMs', 50, 60_000);
  integer('maxFileBytes', 1024, Number.MAX_SAFE_INTEGER);
  for (const name of ['promiscuous', 'record'] as const) {
    if (typeof settings[name] !== 'boolean') throw bad(`${name} must be true or false.`);
  }
  if (params.ipfix !== undefined) {
    const ipfix =
      typeof params.ipfix === 'object' && params.ipfix ? flowExportSettings(params.ipfix) : 'ipfix must be an object';
    if (typeof ipfix === 'string') throw bad(`${ipfix}.`);
    settings.ipfix = ipfix;
  }
  return settings;
}
