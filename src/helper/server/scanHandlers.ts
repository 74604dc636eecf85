import { checkedByWork, onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import type { addressedInterfaces } from '../os/interfaces';
import type { runPortScan } from '../portscan/runPortScan';
import type { runScan } from '../scan/runScan';
import { checkScanRequest } from '../scan/scanRequestCheck';
import {
  PortScanProgressNotification,
  PortScanRequestMessage,
  ConfirmIdentifyRequest,
  ScanProgressNotification,
  ScanRequestMessage,
} from '../../shared/helperProtocol';
import type { PortScanRequest, PortScanResult } from '../../shared/model/ports';
import type { ScanRequest, ScanResult } from '../../shared/model/scan';

/** What the scan handlers run (replaced in tests). */
export interface ScanRunners {
  addressedInterfaces: typeof addressedInterfaces;
  runScan: typeof runScan;
  runPortScan: typeof runPortScan;
}

/** Where finished scans are remembered (the history). */
export interface ScanHistory {
  recordScan(result: ScanResult): void;
  recordPortScan(request: PortScanRequest, result: PortScanResult): void;
}

// Scans start work, so shutdown refuses them; they check their own params (the CLI runs the same checks).
const SCAN_POLICY = { params: checkedByWork, refuseWhileShuttingDown: true } as const;

/** Serves `scan/run` and `ports/scan`; progress goes out as `scan/didProgress` and `ports/didProgress`. */
export function registerScanHandlers(context: ServerContext, runners: ScanRunners, history?: ScanHistory): void {
  const { connection, logger } = context;
  const failure = (request: ScanRequest) => `scan ${request.scanId}`;
  const scanPolicy = { ...SCAN_POLICY, params: checkScanRequest, failure };
  onRequest(context, ScanRequestMessage.type, scanPolicy, async (request, signal) => {
    const snapshot = await runners.addressedInterfaces();
    const result = await runners.runScan(request, {
      ...snapshot,
      logger,
      signal,
      onProgress: (progress) => void connection.sendNotification(ScanProgressNotification.type, progress),
    });
    logResult(context, `scan ${request.scanId}: ${scanSummary(result)}`, result.warnings);
    history?.recordScan(result);
    return result;
  });

  // A request without params fails in planPortScan; its log line still names it.
  const portsFailure = (request: PortScanRequest) => `ports ${(request as PortScanRequest | undefined)?.scanId}`;
  onRequest(
    context,
    PortScanRequestMessage.type,
    { ...SCAN_POLICY, failure: portsFailure },
    async (request, signal) => {
      const snapshot = await runners.addressedInterfaces();
      const result = await runners.runPortScan(request, {
        interfaces: snapshot.interfaces,
        logger,
        signal,
        onProgress: (progress) => void connection.sendNotification(PortScanProgressNotification.type, progress),
        confirmIdentify: (count) =>
          connection.sendRequest(ConfirmIdentifyRequest.type, { scanId: request.scanId, ...count }),
      });
      logResult(context, `ports ${request.scanId}: ${portScanSummary(result)}`, result.warnings);
      history?.recordPortScan(request, result);
      return result;
    },
  );
}

function logResult({ logger }: ServerContext, summary: string, warnings: readonly string[]): void {
  logger.log('info', summary);
  for (const warning of warnings) logger.log('warn', warning);
}

function scanSummary(result: ScanResult): string {
  return `${result.devices.length} hosts in ${result.durationMs} ms${result.cancelled ? ' (cancelled)' : ''}`;
}

function portScanSummary(result: PortScanResult): string {
  const up = result.hosts.filter((host) => host.up).length;
  const open = result.hosts.reduce((sum, host) => sum + host.ports.filter((p) => p.state === 'open').length, 0);
  const cancelled = result.cancelled ? ' (cancelled)' : '';
  return `${result.method}, ${up}/${result.hosts.length} hosts up, ${open} open ports in ${result.durationMs} ms${cancelled}`;
}
