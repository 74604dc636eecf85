import { ResponseError } from 'vscode-jsonrpc/node';
import { invalidParams, onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import { AlertService } from '../alerts/alertService';
import type { AlertServiceIo } from '../alerts/alertService';
import { readAlertSettings } from '../../shared/alerts/alertRules';
import type { AlertFamily, AlertSettings } from '../../shared/alerts/alertRules';
import { checkDeliverySettings, DELIVERY_CHANNELS } from '../../shared/alerts/deliverySettings';
import type { DeliveryChannel, DeliverySettings } from '../../shared/alerts/deliverySettings';
import { HelperErrorCode } from '../../shared/helperProtocol';
import {
  AlertsAcknowledgeRequest,
  AlertsDeliveryNotification,
  AlertsDeliveryRequest,
  AlertsTestDeliveryRequest,
  AlertsClearRequest,
  AlertsConfigureRequest,
  AlertsFiredNotification,
  AlertsListRequest,
  MAX_LISTED_ALERTS,
} from '../../shared/alertsProtocol';
import type { AlertIdsParams, AlertsListParams } from '../../shared/alertsProtocol';

/**
 * Serves `alerts/configure`, `alerts/list`, `alerts/acknowledge` and `alerts/clear`; new alerts go
 * out as `alerts/didFire`. The engine starts with the first `alerts/configure` (the extension sends
 * it at every helper start). Returns the service captures and scans feed.
 */
export function registerAlertHandlers(context: ServerContext, io: Omit<AlertServiceIo, 'logger'>): AlertService {
  const { connection, logger } = context;
  const service = new AlertService({
    ...io,
    logger,
    onDeliveryStatus: (status) => void connection.sendNotification(AlertsDeliveryNotification.type, status),
  });
  service.onAlerts((alerts) => void connection.sendNotification(AlertsFiredNotification.type, { alerts }));
  let started = false;
  const configure = { params: checkConfigure, refuseWhileShuttingDown: true } as const;
  onRequest(context, AlertsConfigureRequest.type, configure, (settings) => {
    if (!started) service.start();
    started = true;
    return service.configure(settings);
  });
  onRequest(context, AlertsListRequest.type, { params: checkList }, ({ since, limit }) => ({
    alerts: service.ledger.list(since, limit),
  }));
  onRequest(context, AlertsAcknowledgeRequest.type, { params: checkIds }, (ids) => service.ledger.acknowledge(ids));
  onRequest(context, AlertsClearRequest.type, { params: checkIds }, (ids) => service.ledger.clear(ids));
  onRequest(context, AlertsDeliveryRequest.type, { params: checkDelivery }, (delivery) =>
    service.delivery.configure(delivery),
  );
  onRequest(context, AlertsTestDeliveryRequest.type, { params: checkChannel }, async (channel) => {
    try {
      await service.delivery.test(channel);
    } catch (error) {
      throw new ResponseError(HelperErrorCode.DeliveryFailed, error instanceof Error ? error.message : String(error));
    }
  });
  return service;
}

/** Every setting of `alerts/configure` within the rule table's bounds; refuses any other. */
function checkConfigure(params: { settings: AlertSettings } | undefined): AlertSettings {
  const raw: unknown = (params as { settings?: unknown } | undefined)?.settings;
  if (!raw || typeof raw !== 'object') throw invalidParams('alerts/configure needs settings.');
  const { settings, problems } = readAlertSettings(
    (family: AlertFamily, name: string) =>
      ((raw as Record<string, unknown>)[family] as Record<string, unknown> | undefined)?.[name],
  );
  if (problems.length > 0) throw invalidParams(`alerts/configure: ${problems.join(' ')}`);
  return settings;
}

function checkList(params: AlertsListParams | undefined): { since: number; limit: number } {
  const since = params?.since ?? 0;
  const limit = params?.limit ?? 200;
  if (typeof since !== 'number' || !Number.isFinite(since) || since < 0) {
    throw invalidParams(`alerts/list: since must be a time in ms since the Unix epoch, not ${JSON.stringify(since)}.`);
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LISTED_ALERTS) {
    throw invalidParams(
      `alerts/list: limit must be a whole number from 1 to ${MAX_LISTED_ALERTS}, not ${JSON.stringify(limit)}.`,
    );
  }
  return { since, limit };
}

/** The ids of an acknowledgement or a clearing: absent (all), or up to MAX_LISTED_ALERTS short strings. */
function checkIds(params: AlertIdsParams | undefined): string[] | undefined {
  const ids: unknown = params?.ids;
  if (ids === undefined) return undefined;
  const valid =
    Array.isArray(ids) &&
    ids.length <= MAX_LISTED_ALERTS &&
    ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 100);
  if (!valid) throw invalidParams(`ids must be a list of at most ${MAX_LISTED_ALERTS} alert ids.`);
  return ids as string[];
}

/** `alerts/configureDelivery`'s settings, checked field by field. */
function checkDelivery(params: { delivery: DeliverySettings } | undefined): DeliverySettings {
  const checked = checkDeliverySettings((params as { delivery?: unknown } | undefined)?.delivery);
  if ('error' in checked) throw invalidParams(`alerts/configureDelivery: ${checked.error}.`);
  return checked.settings;
}

function checkChannel(params: { channel: DeliveryChannel } | undefined): DeliveryChannel {
  const channel = (params as { channel?: unknown } | undefined)?.channel;
  if (!(DELIVERY_CHANNELS as readonly unknown[]).includes(channel)) {
    throw invalidParams(`alerts/testDelivery: channel must be one of ${DELIVERY_CHANNELS.join(', ')}.`);
  }
  return channel as DeliveryChannel;
}
