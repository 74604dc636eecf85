import { ResponseError } from 'vscode-jsonrpc/node';
import { onRequest } from './requestHandler';
import type { ServerContext } from './requestHandler';
import type { addressedInterfaces } from '../os/interfaces';
import { checkTraceParams } from '../topology/traceParams';
import type { traceroute } from '../topology/traceroute';
import { HelperErrorCode, TraceRequest } from '../../shared/helperProtocol';
import type { CaptureStatus } from '../../shared/model/capture';

/** What the topology handlers run (replaced in tests). */
export interface TopologyRunners {
  addressedInterfaces: typeof addressedInterfaces;
  traceroute: typeof traceroute;
}

/** Serves `topology/trace`: params checked at the boundary, capture problems answered with their fix. */
export function registerTopologyHandlers(context: ServerContext, runners: TopologyRunners): void {
  const { logger } = context;
  const policy = { params: checkTraceParams, refuseWhileShuttingDown: true, failure: () => 'trace' } as const;
  onRequest(context, TraceRequest.type, policy, async ({ targets, maxTtl }, signal) => {
    const { interfaces } = await runners.addressedInterfaces();
    const result = await runners.traceroute({ targets, maxTtl, interfaces, signal });
    if (result.problem) {
      throw new ResponseError<CaptureStatus>(
        HelperErrorCode.CaptureUnavailable,
        result.problem.problem?.message ?? 'Capture is not available.',
        result.problem,
      );
    }
    logger.log(
      'info',
      `trace: ${result.records.length}/${targets.length} targets answered, ${result.probesSent} probes`,
    );
    for (const warning of result.warnings) logger.log('debug', warning);
    return { records: result.records, probesSent: result.probesSent, warnings: result.warnings };
  });
}
