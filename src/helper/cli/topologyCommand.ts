// `lanlens topology [CIDR...] [--traceroute] [--read FILE] [--json]`: scans each subnet (ARP on a
// directly attached one, connect probes through routers), optionally traces the hosts behind
// routers and reads a capture file for traffic and LLDP/CDP neighbours, then prints the graph the
// topology view draws, every edge with its evidence and every node with its hop.
import type { CommandRunner } from './cliOptions';
import { numberOption } from './cliOptions';
import { parseScanOptions } from './scanCommand';
import type { ScanOptions } from './scanCommand';
import { renderTopology } from './topologyReport';
import type { CliScanContext } from './scanRun';
import { runScanCommand } from './scanRun';
import { CaptureFileError, analyseCaptureFile } from '../captureFile/analyseCaptureFile';
import { addressedInterfaces } from '../os/interfaces';
import { runScan } from '../scan/runScan';
import { ScanInputError } from '../scan/scanTarget';
import { checkTraceParams } from '../topology/traceParams';
import { traceroute } from '../topology/traceroute';
import { cidrContains, isPrivateOrLinkLocal, parseCidr, parseIpv4 } from '../../shared/cidr';
import { HelperErrorCode } from '../../shared/helperProtocol';
import type { TrafficSnapshot } from '../../shared/model/traffic';
import { buildNetworkGraph } from '../../shared/topology/networkGraph';
import type { HopRecord, TopologyDevice, TopologyGraph } from '../../shared/topology/topologyModel';

/** What the command found, as `--json` prints it. */
interface TopologyOutcome {
  graph: TopologyGraph;
  hops: HopRecord[];
  warnings: string[];
  cancelled: boolean;
}

/** Scans, reads, traces and builds. */
async function gather(
  cidrs: (string | undefined)[],
  options: { scan: ScanOptions; read?: string; trace: boolean; maxTtl?: number },
  context: CliScanContext,
): Promise<TopologyOutcome> {
  const snapshot = await addressedInterfaces();
  const warnings: string[] = [];
  const devices: TopologyDevice[] = [];
  let cancelled = false;
  // Root is kept until the traces' capture handles are open.
  const scanContext = { ...snapshot, logger: context.logger, signal: context.signal };
  for (const cidr of cidrs) {
    const result = await runScan({ ...options.scan, cidr, scanId: `topology-${cidr ?? 'default'}` }, scanContext);
    devices.push(...result.devices);
    warnings.push(...result.warnings);
    cancelled ||= result.cancelled;
  }
  const traffic = options.read ? await readTraffic(options.read, warnings, context.signal) : undefined;
  const attached = snapshot.interfaces.flatMap((entry) => entry.ipv4.map((address) => parseCidr(address.cidr)));
  const offLink = (ip: string) => !attached.some((cidr) => cidrContains(cidr, ip));
  let hops: HopRecord[] = [];
  const targets = [
    ...devices.filter((device) => offLink(device.ip)).map((device) => device.ip),
    // Captured peers behind routers too, but only private unicast ones (not multicast, not the Internet).
    ...(traffic?.hosts ?? []).map((host) => host.addr).filter((ip) => isPrivateUnicast(ip) && offLink(ip)),
  ];
  if (options.trace && targets.length > 0 && !cancelled) {
    const checked = checkTraceParams({ targets, maxTtl: options.maxTtl, confirmed: options.scan.confirmed });
    const traced = await traceroute({
      ...checked,
      interfaces: snapshot.interfaces,
      signal: context.signal,
      onCaptureOpened: context.onCaptureOpened,
    });
    if (traced.problem) warnings.push(`no traceroute: ${traced.problem.problem?.message ?? 'capture is unavailable'}`);
    warnings.push(...traced.warnings);
    hops = traced.records;
  }
  // A recording may be old: nothing is stale in a one-shot print.
  const graph = buildNetworkGraph({ devices, traffic, hops, now: Date.now(), staleAfterMs: Infinity });
  return { graph, hops, warnings, cancelled };
}

async function readTraffic(path: string, warnings: string[], signal: AbortSignal): Promise<TrafficSnapshot> {
  try {
    const file = await analyseCaptureFile(path, { signal });
    try {
      if (file.read.error) warnings.push(`${path}: ${file.read.error.message}; the packets before it are counted`);
      return file.snapshot(false);
    } finally {
      file.close();
    }
  } catch (error) {
    if (error instanceof CaptureFileError) throw new ScanInputError(error.message, HelperErrorCode.InvalidParams);
    throw error;
  }
}

/** `lanlens topology` from the parsed command line */
export const topologyCli: CommandRunner = (values, rest, output) => {
  const parsed = parseScanOptions(values, output);
  if (!parsed) return Promise.resolve(2);
  const maxTtl = numberOption(values['max-ttl'], 'max-ttl', 1, 30, output);
  if (maxTtl === null) return Promise.resolve(2);
  const cidrs = rest.length > 0 ? rest : [undefined];
  const options = { scan: parsed, read: values.read, trace: values.traceroute ?? false, maxTtl };
  return runScanCommand(
    output,
    values.verbose ?? false,
    (context) => gather(cidrs, options, context),
    (outcome) =>
      values.json ? JSON.stringify({ ...outcome.graph, hops: outcome.hops }, null, 2) : renderTopology(outcome.graph),
  );
};

function isPrivateUnicast(ip: string): boolean {
  return parseIpv4(ip) !== undefined && isPrivateOrLinkLocal(parseCidr(`${ip}/32`));
}
