// A port scan in four stages: plan (validate the request), discover (routes, raw links, ARP, the
// TCP method), probe (SYN, connect and UDP probes) and identify (services and OS, when asked).
import { discoverHosts } from './discoverHosts';
import type { Discovery } from './discoverHosts';
import type { PortScanContext } from './portScanContext';
import { planPortScan } from './portScanPlan';
import type { PortScanPlan } from './portScanPlan';
import { ProgressTracker } from './portScanProgress';
import { hostPorts } from './portResults';
import { probeHosts } from './probeHosts';
import type { ProbeFindings } from './probeHosts';
import { identifyHosts } from '../identify/identifyHosts';
import type { HostPorts, PortScanRequest, PortScanResult } from '../../shared/model/ports';
import { formatCount } from '../../shared/format/displayFormat';

/**
 * Validates and runs one port scan: SYN through libpcap where it can open the link (connect
 * otherwise, or when asked), UDP probes, then identification when asked. Throws ScanInputError
 * for bad or unconfirmed requests before anything is sent.
 */
export async function runPortScan(request: PortScanRequest, context: PortScanContext): Promise<PortScanResult> {
  const started = performance.now();
  const plan = planPortScan(request);
  const discovery = await discoverHosts(request, plan, context, started);
  const progress = new ProgressTracker(request.scanId, discovery.runs, plan, context);
  let findings: ProbeFindings;
  try {
    findings = await probeHosts(request, plan, discovery, progress, context, started);
  } finally {
    discovery.links.close();
    progress.stop();
    discovery.workers?.stop(); // unused when no host was up
  }
  const { hosts, warnings } = await identify(request, plan, discovery, findings, context);
  const { signal } = context;
  return {
    scanId: request.scanId,
    method: discovery.method,
    hosts,
    cancelled: signal?.aborted ?? false,
    warnings: [...discovery.warnings, ...warnings],
    durationMs: Math.round(performance.now() - started),
    probesSent: discovery.sent + findings.sent,
  };
}

/** The identify stage: each host's ports as the client sees them, with services and OS filled in when asked. */
async function identify(
  request: PortScanRequest,
  plan: PortScanPlan,
  { runs }: Discovery,
  { fingerprints, udpAnswers }: ProbeFindings,
  context: PortScanContext,
): Promise<{ hosts: HostPorts[]; warnings: string[] }> {
  const hosts = runs.map((run) =>
    hostPorts({
      ip: run.text,
      mac: run.mac,
      up: run.up,
      upReason: run.upReason,
      srttMs: run.srttMs,
      tcp: run.up && plan.tcpPorts.length ? run.tcp : undefined,
      udp: run.up && plan.udpPorts.length ? run.udp : undefined,
    }),
  );
  const warnings: string[] = [];
  const { signal } = context;
  if ((request.serviceDetection || request.osDetection) && !signal?.aborted) {
    const gatewayIp = context.interfaces.find((entry) => entry.gateway)?.gateway;
    const { cutShort } = await (context.identify ?? identifyHosts)(hosts, {
      serviceDetection: request.serviceDetection ?? false,
      osDetection: request.osDetection ?? false,
      signal,
      fingerprints,
      udpAnswers,
      ...(gatewayIp ? { gatewayIp } : {}),
    });
    if (cutShort > 0) {
      const ports = cutShort === 1 ? '1 port was' : `${formatCount(cutShort)} ports were`;
      warnings.push(
        `${ports} not fully identified: a service that answers too slowly, or a host with too many open ports, ran past the time service detection gives each.`,
      );
    }
  }
  return { hosts, warnings };
}
