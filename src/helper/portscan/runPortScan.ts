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
import { identifyStage } from './identifyStage';
import type { HostPorts, PortScanRequest, PortScanResult } from '../../shared/model/ports';

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

/** Each host's ports as the client sees them, then services and OS filled in when asked. */
async function identify(
  request: PortScanRequest,
  plan: PortScanPlan,
  { runs }: Discovery,
  findings: ProbeFindings,
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
  return { hosts, warnings: await identifyStage(request, hosts, findings, context) };
}
