import { isAbsolute } from 'node:path';
import { ResponseError } from 'vscode-jsonrpc/node';
import { invalidParams, onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import type { AlertService } from '../alerts/alertService';
import { keyId } from '../eventLog/eventLogFormat';
import { EventLogService } from '../eventLog/eventLogService';
import type { CaptureTap } from '../history/historyService';
import type { GrantMode, runGrant } from '../privilege/grantCapture';
import { HelperErrorCode } from '../../shared/helperProtocol';
import { EventLogOpenRequest } from '../../shared/eventLogProtocol';
import type { EventLogOpenParams } from '../../shared/eventLogProtocol';

/**
 * Serves `eventlog/open` and feeds the log with the alerts and the new devices of `alerts`;
 * returns the log for the rest of the server (scans, captures, permission changes).
 */
export function registerEventLog(context: ServerContext, alerts: AlertService): EventLogService {
  const events = new EventLogService(context.logger);
  const policy = { params: checkOpen, refuseWhileShuttingDown: true } as const;
  onRequest(context, EventLogOpenRequest.type, policy, ({ path, key }) => {
    try {
      return events.open(path, { id: keyId(key), key });
    } catch (error) {
      throw new ResponseError(HelperErrorCode.InternalError, error instanceof Error ? error.message : String(error));
    }
  });
  alerts.onAlerts((batch) => batch.forEach((alert) => events.record('alert', alert)));
  alerts.engine.onDeviceLearnt((key, sighting) => events.record('device-new', { key, ...sighting }));
  return events;
}

/** A capture's history tap that also logs the capture's start and end. */
export function loggedCapture(events: EventLogService, iface: string, filter: string, tap: CaptureTap): CaptureTap {
  events.record('capture-start', { interface: iface, filter });
  return {
    tick: (delta) => tap.tick(delta),
    end: () => {
      tap.end();
      events.record('capture-end', { interface: iface, filter });
    },
  };
}

/** The grant and revoke, logged when they happen. */
export function loggedGrant(events: EventLogService, grant: typeof runGrant): typeof runGrant {
  return async (mode: GrantMode, signal?: AbortSignal) => {
    const report = await grant(mode, signal);
    events.record('permission', { change: mode, report });
    return report;
  };
}

function checkOpen(params: EventLogOpenParams | undefined): { path: string; key: Buffer } {
  const path: unknown = params?.path;
  if (typeof path !== 'string' || !isAbsolute(path)) throw invalidParams('eventlog/open: path must be absolute.');
  const text: unknown = params?.key;
  const key = typeof text === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!key || key.length !== 32) throw invalidParams('eventlog/open: key must be 32 bytes in base64.');
  return { path, key };
}
