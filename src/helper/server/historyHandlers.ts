import { isAbsolute } from 'node:path';
import { ResponseError } from 'vscode-jsonrpc/node';
import { invalidParams, onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import { HistoryService, HistoryUnavailableError } from '../history/historyService';
import type { HistoryServiceIo } from '../history/historyService';
import { forgetDevice, queryDevices } from '../history/queries/deviceQuery';
import { queryView } from '../history/queries/viewQuery';
import type { SqlDatabase } from '../history/sqlite';
import { HelperErrorCode } from '../../shared/helperProtocol';
import {
  HistoryDevicesRequest,
  HistoryFailedNotification,
  HistoryForgetRequest,
  HistoryOpenRequest,
  HistoryReportRequest,
  HistoryViewRequest,
} from '../../shared/historyProtocol';
import type { HistoryOpenParams, HistoryReportParams, HistoryViewParams } from '../../shared/historyProtocol';
import { renderReport } from '../report/renderReport';
import { queryReport } from '../report/reportQuery';
import { reportFileName } from '../../shared/history/reportSchedule';
import { REPORT_FORMATS } from '../../shared/model/report';
import { HISTORY_LIMITS } from '../../shared/model/history';
import type { HistorySettings, HistoryStatus } from '../../shared/model/history';

/** Serves `history/open`, `history/devices`, `history/forget`, `history/view` and `history/report`; returns the service the other handlers record through. */
export function registerHistoryHandlers(
  context: ServerContext,
  io: Omit<HistoryServiceIo, 'logger' | 'onFailed'>,
): HistoryService {
  const { connection, logger } = context;
  const history = new HistoryService({
    ...io,
    logger,
    onFailed: (status) => void connection.sendNotification(HistoryFailedNotification.type, status),
  });
  onRequest(context, HistoryOpenRequest.type, { params: checkOpen, refuseWhileShuttingDown: true }, (params) =>
    history.open(params),
  );
  const read = <T>(work: (db: SqlDatabase) => T): T => {
    try {
      return history.query(work);
    } catch (error) {
      if (!(error instanceof HistoryUnavailableError)) throw error;
      throw new ResponseError<HistoryStatus>(HelperErrorCode.HistoryUnavailable, error.message, error.status);
    }
  };
  const failure = () => 'history query';
  onRequest(context, HistoryDevicesRequest.type, { params: checkSince, failure }, ({ since }) =>
    read((db) => queryDevices(db, { since })),
  );
  onRequest(context, HistoryForgetRequest.type, { params: checkForget, failure }, ({ id }) =>
    read((db) => forgetDevice(db, id)),
  );
  onRequest(context, HistoryViewRequest.type, { params: checkView, failure }, ({ unit, at }) => {
    const now = io.now();
    return read((db) => queryView(db, unit, at ?? now, now));
  });
  onRequest(context, HistoryReportRequest.type, { params: checkReport, failure }, ({ unit, at, format }) => {
    const now = io.now();
    const report = read((db) => queryReport(db, unit, Math.min(at ?? now, now), now));
    return {
      text: renderReport(report, format),
      fileName: reportFileName(report, format),
      from: report.from,
      to: report.to,
    };
  });
  return history;
}

/** Checks `history/open`'s parameters. */
function checkOpen(params: HistoryOpenParams | undefined): HistoryOpenParams {
  if (!params || typeof params !== 'object') throw invalidParams('history/open needs parameters.');
  if (typeof params.path !== 'string' || !isAbsolute(params.path)) {
    throw invalidParams(`history/open: path must be absolute, not ${JSON.stringify(params.path)}.`);
  }
  if (params.startAfresh !== undefined && typeof params.startAfresh !== 'boolean') {
    throw invalidParams('history/open: startAfresh must be true or false.');
  }
  return { path: params.path, settings: checkSettings(params.settings), startAfresh: params.startAfresh };
}

/** History settings within HISTORY_LIMITS; throws invalidParams naming the bad one. */
export function checkSettings(settings: HistorySettings | undefined): HistorySettings {
  const checked = { ...settings } as Record<string, unknown>;
  for (const [name, { min, max }] of Object.entries(HISTORY_LIMITS)) {
    const value = checked[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalidParams(
        `history/open: settings.${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}.`,
      );
    }
  }
  return { retentionDays: checked.retentionDays as number, maxSizeMiB: checked.maxSizeMiB as number };
}

function checkSince(params: { since?: number } | undefined): { since?: number } {
  const since = params?.since;
  if (since !== undefined && (typeof since !== 'number' || !Number.isFinite(since))) {
    throw invalidParams(`history/devices: since must be a time in ms, not ${JSON.stringify(since)}.`);
  }
  return { since };
}

function checkForget(params: { id: number } | undefined): { id: number } {
  if (!Number.isSafeInteger(params?.id)) throw invalidParams(`history/forget: id must be a device's row id.`);
  return { id: params!.id };
}

function checkView(params: HistoryViewParams | undefined, method = 'history/view'): HistoryViewParams {
  const unit = params?.unit;
  if (unit !== 'day' && unit !== 'week' && unit !== 'month') {
    throw invalidParams(`${method}: unit must be day, week or month, not ${JSON.stringify(unit)}.`);
  }
  const at = params?.at;
  if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at))) {
    throw invalidParams(`${method}: at must be a time in ms, not ${JSON.stringify(at)}.`);
  }
  return { unit, at };
}

function checkReport(params: HistoryReportParams | undefined): HistoryReportParams {
  const period = checkView(params, 'history/report');
  const format = params?.format;
  if (format === undefined || !REPORT_FORMATS.includes(format)) {
    throw invalidParams(
      `history/report: format must be ${REPORT_FORMATS.join(' or ')}, not ${JSON.stringify(format)}.`,
    );
  }
  return { ...period, format };
}
