import { isAbsolute } from 'node:path';
import { invalidParams, onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import { HistoryService } from '../history/historyService';
import type { HistoryServiceIo } from '../history/historyService';
import { HistoryFailedNotification, HistoryOpenRequest } from '../../shared/historyProtocol';
import type { HistoryOpenParams } from '../../shared/historyProtocol';
import { HISTORY_LIMITS } from '../../shared/model/history';
import type { HistorySettings } from '../../shared/model/history';

/** Serves `history/open`; returns the service the other handlers record through. */
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
