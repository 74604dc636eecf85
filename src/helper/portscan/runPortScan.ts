import { ConnectTransport } from './connectTransport';
import { ConnectWorkers } from './connectWorkers';
import { routeHosts } from './hostRoutes';
import { planPortScan } from './portScanPlan';
import { hostPorts } from './portResults';
import { ProbeScheduler } from './probeScheduler';
import { openSynLinks } from './synLinks';
import { SynTransport } from './synTransport';
import { UdpTransport } from './udpTransport';
import { identifyHosts } from '../identify/identifyHosts';
import { readNeighbors } from '../os/neighbors';
import { formatIpv4 } from '../../shared/cidr';
import type { ProbeTransport, Verdict } from './probeTransport';
import type { Logger } from '../log';
import type { PortScanProgressParams } from '../../shared/helperProtocol';
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type { PortScanMethod, PortScanRequest, PortScanResult, TcpFingerprint } from '../../shared/model/ports';

/** The machine's interfaces and where the scan's side effects go. */
export interface PortScanContext {
  interfaces: NetworkInterfaceInfo[];
  logger: Logger;
  signal?: AbortSignal;
  onProgress?: (progress: PortScanProgressParams) => void;
  /** called once raw links are open: a one-shot CLI drops root here */
  onCaptureOpened?: () => void;
  /** fills services and OS guesses in place (default: src/helper/identify's identifyHosts) */
  identify?: typeof identifyHosts;
  /** ms between progress notifications (default 250) */
  progressIntervalMs?: number;
}

interface HostRun {
  ip: number;
  text: string;
  mac?: string;
  up: boolean;
  upReason?: string;
  seedRttMs?: number;
  tcp: Map<number, Verdict>;
  udp: Map<number, Verdict>;
  srttMs?: number;
}

/**
 * Validates and runs one port scan: SYN through libpcap where it can open the link (connect
 * otherwise, or when asked), UDP probes, then identification when asked. Throws ScanInputError
 * for bad or unconfirmed requests before anything is sent.
 */
export async function runPortScan(request: PortScanRequest, context: PortScanContext): Promise<PortScanResult> {
  const started = performance.now();
  const plan = planPortScan(request);
  const warnings: string[] = [];
  const { signal, logger } = context;
  const runs: HostRun[] = plan.addresses.map((ip) => ({
    ip,
    text: formatIpv4(ip),
    up: false,
    tcp: new Map(),
    udp: new Map(),
  }));
  const routes = routeHosts(plan.addresses, context.interfaces);
  routes.forEach((route, index) => {
    if (route.kind === 'local') [runs[index]!.up, runs[index]!.upReason] = [true, 'localhost'];
  });
  const fingerprints = new Map<string, TcpFingerprint>();
  const udpAnswers = new Map<string, Uint8Array>();
  const wanted = request.method ?? 'auto';
  let probesSent = 0;

  // A connect scan's worker threads start while ARP discovery runs.
  const workers =
    wanted === 'connect' ? ConnectWorkers.forProbes(plan.addresses.length * plan.tcpPorts.length) : undefined;

  // Raw links: for SYN probes, and for ARP host discovery (also before connect scans, as nmap as root).
  const sourcePort = 40_000 + Math.floor(Math.random() * 20_000);
  let links: Awaited<ReturnType<typeof openSynLinks>>;
  try {
    links = await openSynLinks({
      routes,
      runs,
      sourcePort,
      signal,
      needed: plan.tcpPorts.length > 0 || plan.udpPorts.length > 0,
    });
  } catch (error) {
    workers?.stop();
    throw error;
  }
  probesSent += links.arpSent;
  logger.log(
    'debug',
    `ports ${request.scanId}: links and ARP discovery took ${Math.round(performance.now() - started)} ms`,
  );
  if (links.opened) context.onCaptureOpened?.();
  let method: PortScanMethod = wanted === 'connect' ? 'connect' : 'syn';
  if (method === 'syn' && !links.opened) {
    if (links.problem && wanted === 'syn') throw new Error(`${links.problem.message} To fix: ${links.problem.fix}`);
    if (links.problem) {
      warnings.push(
        `${links.problem.message} Scanning with TCP connect instead (slower, and it completes handshakes). To fix: ${links.problem.fix}`,
      );
    }
    method = 'connect';
  } else if (method === 'syn' && links.problem) {
    warnings.push(`${links.problem.message} Hosts behind that interface were scanned with TCP connect.`);
  }
  const local = routes.filter((route) => route.kind === 'local').length;
  if (wanted !== 'connect' && local > 0 && plan.tcpPorts.length > 0) {
    warnings.push(
      "Loopback and this machine's own addresses were scanned with TCP connect: the kernel does not answer SYN frames injected on the loopback interface.",
    );
  }
  const routed = routes.filter((route) => route.kind === 'routed').length;
  if (method === 'syn' && routed > 0 && plan.tcpPorts.length > 0) {
    warnings.push(
      `${routed} target${routed > 1 ? 's are' : ' is'} not on a local link; SYN probes reach on-link and local targets only, so ${routed > 1 ? 'those were' : 'it was'} scanned with TCP connect.`,
    );
  }

  const progress = new ProgressTracker(request.scanId, runs, plan, context);
  try {
    const scans: Promise<void>[] = [];
    const discovered = runs.filter((run, index) => !links.probed.has(index) || run.up);
    const synHosts =
      method === 'syn' && plan.tcpPorts.length > 0
        ? discovered.filter((run) => links.synTarget(run) !== undefined)
        : [];
    // Connect and UDP probes read nothing from the raw links: closed now, the kernel stops
    // passing every probe's frames through their filters.
    if (synHosts.length === 0) links.close();
    if (plan.tcpPorts.length > 0) {
      const connectHosts = discovered.filter((run) => !synHosts.includes(run));
      if (synHosts.length > 0) scans.push(synScan(synHosts));
      if (connectHosts.length > 0) scans.push(connectScan(connectHosts));
    }
    if (plan.udpPorts.length > 0 && discovered.length > 0) scans.push(udpScan(discovered));
    await Promise.all(scans);
    logger.log('debug', `ports ${request.scanId}: probes done after ${Math.round(performance.now() - started)} ms`);

    async function synScan(hosts: HostRun[]): Promise<void> {
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
      const scheduler = scheduleFor(hosts, plan.tcpPorts, transport, 'tcp');
      const result = await scheduler.run();
      probesSent += result.sent;
      finishHosts(hosts, result.answered, result.srttMs, 'tcp');
    }

    async function connectScan(hosts: HostRun[]): Promise<void> {
      const transport = new ConnectTransport(
        hosts.map((run) => run.text),
        (index, port, verdict) => scheduler.answer(index, port, verdict),
        { workers: workers ?? ConnectWorkers.forProbes(hosts.length * plan.tcpPorts.length) },
      );
      logger.log('debug', `ports ${request.scanId}: connect scan through ${transport.implementation}`);
      const scheduler = scheduleFor(hosts, plan.tcpPorts, transport, 'tcp');
      try {
        const result = await scheduler.run();
        probesSent += result.sent;
        finishHosts(hosts, result.answered, result.srttMs, 'tcp');
        const { here, workers } = transport.answered;
        logger.log(
          'debug',
          `ports ${request.scanId}: connects answered: ${here} in this thread, ${workers} in workers`,
        );
      } finally {
        transport.close();
      }
    }

    async function udpScan(hosts: HostRun[]): Promise<void> {
      const transport = new UdpTransport(
        hosts.map((run) => run.text),
        (index, port, verdict) => scheduler.answer(index, port, verdict),
        (index, port, payload) => udpAnswers.set(`${hosts[index]!.text}:${port}/udp`, payload),
      );
      const scheduler = scheduleFor(hosts, plan.udpPorts, transport, 'udp');
      try {
        const result = await scheduler.run();
        probesSent += result.sent;
        finishHosts(hosts, result.answered, result.srttMs, 'udp');
      } finally {
        transport.close();
      }
    }

    function scheduleFor(
      hosts: HostRun[],
      ports: number[],
      transport: ProbeTransport,
      protocol: 'tcp' | 'udp',
    ): ProbeScheduler {
      return new ProbeScheduler({
        hosts: hosts.map((run) => ({ ports, seedRttMs: run.seedRttMs })),
        transport,
        signal,
        maxRate: request.maxRate,
        verdicts: hosts.map((run) => run[protocol]),
        onVerdict: (index) => progress.changed(hosts[index]!),
      });
    }

    function finishHosts(hosts: HostRun[], answered: boolean[], srtt: (number | undefined)[], protocol: string) {
      hosts.forEach((run, index) => {
        if (answered[index] && !run.up) {
          run.up = true;
          run.upReason =
            protocol === 'udp' ? 'udp-response' : method === 'syn' ? 'syn-ack-or-reset' : 'conn-refused-or-accepted';
        }
        if (protocol === 'tcp' || run.srttMs === undefined) run.srttMs = srtt[index] ?? run.srttMs;
      });
    }

    // Without capture nothing told which silent hosts exist; the kernel's neighbour table knows
    // the on-link ones that answered its ARP while we connected.
    const unprobed = runs.filter((run, index) => !run.up && !links.probed.has(index));
    if (unprobed.length > 0) {
      const neighbors = new Map((await readNeighbors()).map((entry) => [entry.ip, entry.mac]));
      for (const run of unprobed) {
        const mac = neighbors.get(run.text);
        if (mac) [run.up, run.mac, run.upReason] = [true, mac, 'neighbor-table'];
      }
    }
  } finally {
    links.close();
    progress.stop();
    workers?.stop(); // unused when no host was up
  }

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
  if ((request.serviceDetection || request.osDetection) && !signal?.aborted) {
    const gatewayIp = context.interfaces.find((entry) => entry.gateway)?.gateway;
    await (context.identify ?? identifyHosts)(hosts, {
      serviceDetection: request.serviceDetection ?? false,
      osDetection: request.osDetection ?? false,
      signal,
      fingerprints,
      udpAnswers,
      ...(gatewayIp ? { gatewayIp } : {}),
    });
  }
  return {
    scanId: request.scanId,
    method,
    hosts,
    cancelled: signal?.aborted ?? false,
    warnings,
    durationMs: Math.round(performance.now() - started),
    probesSent,
  };
}

/** Sends `ports/didProgress` a few times a second with the hosts whose ports changed. */
class ProgressTracker {
  private readonly dirty = new Set<HostRun>();
  private timer: NodeJS.Timeout | undefined;
  private done = 0;
  private readonly total: number;

  constructor(
    private readonly scanId: string,
    runs: HostRun[],
    private readonly plan: { tcpPorts: number[]; udpPorts: number[] },
    private readonly context: PortScanContext,
  ) {
    this.total = runs.length * (plan.tcpPorts.length + plan.udpPorts.length);
  }

  changed(run: HostRun): void {
    this.done++;
    if (!this.context.onProgress) return;
    this.dirty.add(run);
    this.timer ??= setTimeout(() => this.flush(), this.context.progressIntervalMs ?? 250);
  }

  private flush(): void {
    this.timer = undefined;
    const hosts = [...this.dirty].map((run) =>
      hostPorts({
        ip: run.text,
        mac: run.mac,
        up: true,
        srttMs: run.srttMs,
        tcp: this.plan.tcpPorts.length ? run.tcp : undefined,
        udp: this.plan.udpPorts.length ? run.udp : undefined,
      }),
    );
    this.dirty.clear();
    this.context.onProgress?.({ scanId: this.scanId, hosts, done: this.done, total: this.total });
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.dirty.size > 0) this.flush();
  }
}
