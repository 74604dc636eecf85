// The probe stage of a port scan: SYN probes through the raw links where they reach, TCP connect
// elsewhere, UDP probes, all at once; then the kernel's neighbour table for silent hosts that no
// ARP settled. Verdicts go into the hosts' runs.
import { ConnectTransport } from './connectTransport';
import { ConnectWorkers } from './connectWorkers';
import type { Discovery } from './discoverHosts';
import type { HostRun } from './hostRun';
import type { PortScanContext } from './portScanContext';
import type { PortScanPlan } from './portScanPlan';
import type { ProgressTracker } from './portScanProgress';
import { ProbeScheduler } from './probeScheduler';
import type { ScheduleResult } from './probeScheduler';
import type { ProbeTransport } from './probeTransport';
import { SynTransport } from './synTransport';
import { UdpTransport } from './udpTransport';
import { readNeighbors } from '../os/neighbors';
import type { PortScanRequest, TcpFingerprint } from '../../shared/model/ports';

/** What the probes learnt besides the verdicts they wrote into the runs. */
export interface ProbeFindings {
  /** probes sent */
  sent: number;
  /** the first SYN-ACK's TCP fingerprint per host, for the OS guess */
  fingerprints: Map<string, TcpFingerprint>;
  /** the first datagram each UDP port sent back ('10.0.0.5:53/udp'), for service identification */
  udpAnswers: Map<string, Uint8Array>;
}

/** Probes every discovered host's planned ports, and marks up the silent ones the kernel has seen. */
export async function probeHosts(
  request: PortScanRequest,
  plan: PortScanPlan,
  discovery: Discovery,
  progress: ProgressTracker,
  context: PortScanContext,
  started: number,
): Promise<ProbeFindings> {
  const probes = new PortProbes(request, plan, discovery, progress, context);
  await probes.run();
  context.logger.log(
    'debug',
    `ports ${request.scanId}: probes done after ${Math.round(performance.now() - started)} ms`,
  );
  await upFromNeighbors(discovery);
  return probes.findings;
}

/** The scans of one port scan, by transport, and what they found. */
class PortProbes {
  readonly findings: ProbeFindings = { sent: 0, fingerprints: new Map(), udpAnswers: new Map() };

  constructor(
    private readonly request: PortScanRequest,
    private readonly plan: PortScanPlan,
    private readonly discovery: Discovery,
    private readonly progress: ProgressTracker,
    private readonly context: PortScanContext,
  ) {}

  async run(): Promise<void> {
    const { runs, links, method } = this.discovery;
    const { tcpPorts, udpPorts } = this.plan;
    const scans: Promise<void>[] = [];
    const discovered = runs.filter((run, index) => !links.probed.has(index) || run.up);
    const synHosts =
      method === 'syn' && tcpPorts.length > 0 ? discovered.filter((run) => links.synTarget(run) !== undefined) : [];
    // Connect and UDP probes read nothing from the raw links: closed now, the kernel stops
    // passing every probe's frames through their filters.
    if (synHosts.length === 0) links.close();
    if (tcpPorts.length > 0) {
      const connectHosts = discovered.filter((run) => !synHosts.includes(run));
      if (synHosts.length > 0) scans.push(this.syn(synHosts));
      if (connectHosts.length > 0) scans.push(this.connect(connectHosts));
    }
    if (udpPorts.length > 0 && discovered.length > 0) scans.push(this.udp(discovered));
    await Promise.all(scans);
  }

  private async syn(hosts: HostRun[]): Promise<void> {
    const { links, sourcePort } = this.discovery;
    const { fingerprints } = this.findings;
    const transport = new SynTransport(
      hosts.map((run) => links.synTarget(run)!),
      sourcePort,
      (index, port, verdict, tryNumber) => scheduler.answer(index, port, verdict, tryNumber),
      (index, fingerprint) => {
        const ip = hosts[index]!.text;
        if (!fingerprints.has(ip)) fingerprints.set(ip, fingerprint);
      },
    );
    for (const link of links.all()) transport.listen(link);
    const scheduler = this.schedule(hosts, this.plan.tcpPorts, transport, 'tcp');
    this.finish(hosts, await scheduler.run(), 'tcp');
  }

  private async connect(hosts: HostRun[]): Promise<void> {
    const { logger } = this.context;
    const { scanId } = this.request;
    const workers = this.discovery.workers ?? ConnectWorkers.forProbes(hosts.length * this.plan.tcpPorts.length);
    const transport = new ConnectTransport(
      hosts.map((run) => run.text),
      (index, port, verdict) => scheduler.answer(index, port, verdict),
      { workers },
    );
    logger.log('debug', `ports ${scanId}: connect scan through ${transport.implementation}`);
    const scheduler = this.schedule(hosts, this.plan.tcpPorts, transport, 'tcp');
    try {
      this.finish(hosts, await scheduler.run(), 'tcp');
      const { here, workers: inWorkers } = transport.answered;
      logger.log('debug', `ports ${scanId}: connects answered: ${here} in this thread, ${inWorkers} in workers`);
    } finally {
      transport.close();
    }
  }

  private async udp(hosts: HostRun[]): Promise<void> {
    const { udpAnswers } = this.findings;
    const transport = new UdpTransport(
      hosts.map((run) => run.text),
      (index, port, verdict) => scheduler.answer(index, port, verdict),
      (index, port, payload) => udpAnswers.set(`${hosts[index]!.text}:${port}/udp`, payload),
    );
    const scheduler = this.schedule(hosts, this.plan.udpPorts, transport, 'udp');
    try {
      this.finish(hosts, await scheduler.run(), 'udp');
    } finally {
      transport.close();
    }
  }

  private schedule(
    hosts: HostRun[],
    ports: number[],
    transport: ProbeTransport,
    protocol: 'tcp' | 'udp',
  ): ProbeScheduler {
    return new ProbeScheduler({
      hosts: hosts.map((run) => ({ ports, seedRttMs: run.seedRttMs })),
      transport,
      signal: this.context.signal,
      maxRate: this.request.maxRate,
      verdicts: hosts.map((run) => run[protocol]),
      onVerdict: (index) => this.progress.changed(hosts[index]!),
    });
  }

  /** Counts the probes, marks up the hosts that answered, and keeps their round trips. */
  private finish(hosts: HostRun[], result: ScheduleResult, protocol: 'tcp' | 'udp'): void {
    this.findings.sent += result.sent;
    const { method } = this.discovery;
    hosts.forEach((run, index) => {
      if (result.answered[index] && !run.up) {
        run.up = true;
        run.upReason =
          protocol === 'udp' ? 'udp-response' : method === 'syn' ? 'syn-ack-or-reset' : 'conn-refused-or-accepted';
      }
      if (protocol === 'tcp' || run.srttMs === undefined) run.srttMs = result.srttMs[index] ?? run.srttMs;
    });
  }
}

/**
 * Without capture nothing told which silent hosts exist; the kernel's neighbour table knows the
 * on-link ones that answered its ARP while we connected.
 */
async function upFromNeighbors({ runs, links }: Discovery): Promise<void> {
  const unprobed = runs.filter((run, index) => !run.up && !links.probed.has(index));
  if (unprobed.length === 0) return;
  const neighbors = new Map((await readNeighbors()).map((entry) => [entry.ip, entry.mac]));
  for (const run of unprobed) {
    const mac = neighbors.get(run.text);
    if (mac) [run.up, run.mac, run.upReason] = [true, mac, 'neighbor-table'];
  }
}
