// The discover stage of a port scan: how each target is reached, which on-link targets answer ARP,
// and which TCP method the probes can use, with the warnings that choice owes the user.
import { ConnectWorkers } from './connectWorkers';
import { routeHosts } from './hostRoutes';
import type { HostRoute } from './hostRoutes';
import { hostRun } from './hostRun';
import type { HostRun } from './hostRun';
import type { PortScanContext } from './portScanContext';
import type { PortScanPlan } from './portScanPlan';
import { openSynLinks } from './synLinks';
import type { SynLinks } from './synLinks';
import type { PortScanMethod, PortScanRequest } from '../../shared/model/ports';

/** What discovery leaves for the probes. */
export interface Discovery {
  /** one per target, in the plan's order; those found up are marked */
  runs: HostRun[];
  /** the raw links and what ARP found through them (closed by the caller) */
  links: SynLinks;
  /** the TCP method the probes use */
  method: PortScanMethod;
  /** the source port of SYN probes */
  sourcePort: number;
  /** ARP requests sent */
  sent: number;
  warnings: string[];
  /** a connect scan's worker threads, started while ARP discovery ran (stopped by the caller) */
  workers?: ConnectWorkers;
}

/**
 * Routes the targets, opens raw links where SYN probes or ARP discovery need them (also before
 * connect scans, as nmap does as root) and decides the TCP method. `started` is when the scan
 * began, for the log.
 */
export async function discoverHosts(
  request: PortScanRequest,
  plan: PortScanPlan,
  context: PortScanContext,
  started: number,
): Promise<Discovery> {
  const runs = plan.addresses.map(hostRun);
  const routes = routeHosts(plan.addresses, context.interfaces);
  routes.forEach((route, index) => {
    if (route.kind === 'local') [runs[index]!.up, runs[index]!.upReason] = [true, 'localhost'];
  });
  const wanted = request.method ?? 'auto';
  // A connect scan's worker threads start while ARP discovery runs.
  const workers =
    wanted === 'connect' ? ConnectWorkers.forProbes(plan.addresses.length * plan.tcpPorts.length) : undefined;
  const sourcePort = 40_000 + Math.floor(Math.random() * 20_000);
  let links: SynLinks;
  try {
    const needed = plan.tcpPorts.length > 0 || plan.udpPorts.length > 0;
    links = await openSynLinks({ routes, runs, sourcePort, signal: context.signal, needed });
  } catch (error) {
    workers?.stop();
    throw error;
  }
  const took = Math.round(performance.now() - started);
  context.logger.log('debug', `ports ${request.scanId}: links and ARP discovery took ${took} ms`);
  if (links.opened) context.onCaptureOpened?.();
  const warnings: string[] = [];
  const method = tcpMethod(wanted, links, warnings);
  if (plan.tcpPorts.length > 0) {
    // Connect for this machine's own addresses is how it must be, not something to warn about.
    if (wanted !== 'connect' && routes.some((route) => route.kind === 'local')) {
      context.logger.log('info', `ports ${request.scanId}: ${LOCAL_BY_CONNECT}`);
    }
    warnings.push(...routeWarnings(method, routes));
  }
  return { runs, links, method, sourcePort, sent: links.arpSent, warnings, workers };
}

/** SYN when asked or when auto and a link opened; connect otherwise, saying why. */
function tcpMethod(wanted: PortScanMethod | 'auto', links: SynLinks, warnings: string[]): PortScanMethod {
  if (wanted === 'connect') return 'connect';
  if (!links.opened) {
    if (links.problem && wanted === 'syn') throw new Error(`${links.problem.message} To fix: ${links.problem.fix}`);
    if (links.problem) {
      warnings.push(
        `${links.problem.message} Scanning with TCP connect instead (slower, and it completes handshakes). To fix: ${links.problem.fix}`,
      );
    }
    return 'connect';
  }
  if (links.problem)
    warnings.push(`${links.problem.message} Hosts behind that interface were scanned with TCP connect.`);
  return 'syn';
}

/** Why loopback and this machine's own addresses are scanned by connect, for the log. */
const LOCAL_BY_CONNECT =
  "loopback and this machine's own addresses are scanned with TCP connect: the kernel does not answer SYN frames injected on the loopback interface.";

/** Routed targets that SYN probes cannot reach, so connect scans them whatever the method. */
function routeWarnings(method: PortScanMethod, routes: HostRoute[]): string[] {
  const routed = routes.filter((route) => route.kind === 'routed').length;
  if (method !== 'syn' || routed === 0) return [];
  return [
    `${routed} target${routed > 1 ? 's are' : ' is'} not on a local link; SYN probes reach on-link and local targets only, so ${routed > 1 ? 'those were' : 'it was'} scanned with TCP connect.`,
  ];
}
