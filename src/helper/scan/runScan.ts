import { arpSweep } from './arpSweep';
import { connectSweep } from './connectSweep';
import { buildDevice, selfSighting } from './deviceBuilder';
import { lookupHostNames } from './hostNames';
import { ProgressBatcher } from './progressBatcher';
import { checkScanRequest } from './scanRequestCheck';
import { resolveScanTarget } from './scanTarget';
import { openRawLink } from '../capture/rawLink';
import { lookupVendor } from '../identify/oui';
import { describeCaptureProblem } from '../capture/nativeCap';
import { hostAddresses, parseIpv4 } from '../../shared/cidr';
import { parseMac } from '../../shared/mac';
import type { Sighting } from './deviceBuilder';
import type { ConnectAnswer } from './connectSweep';
import type { Device, DiscoveryMethod } from '../../shared/model/device';
import type { ScanTarget } from './scanTarget';
import type { FrameLink } from '../capture/rawLink';
import type { Logger } from '../log';
import type { ScanProgressParams } from '../../shared/helperProtocol';
import type { CaptureStatus } from '../../shared/model/capture';
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type { ScanRequest, ScanResult } from '../../shared/model/scan';

/** The machine's interfaces and where scan side effects go. */
export interface ScanContext {
  interfaces: NetworkInterfaceInfo[];
  defaultInterface?: string;
  logger: Logger;
  signal?: AbortSignal;
  onProgress?: (progress: ScanProgressParams) => void;
  /** called once the raw link is open: a one-shot CLI drops root here */
  onCaptureOpened?: () => void;
}

const DEFAULT_TIMEOUT_MS = 250;
const DEFAULT_RETRIES = 2;
const NAME_TIMEOUT_MS = 1500;

/** Validates, sweeps, names and reports one subnet. Throws ScanInputError for bad requests. */
export async function runScan(request: ScanRequest, context: ScanContext): Promise<ScanResult> {
  const started = performance.now();
  checkScanRequest(request);
  const target = resolveScanTarget(request, context.interfaces, context.defaultInterface);
  const source = parseIpv4(target.sourceAddress)!;
  const sweep: SweepPlan = {
    target,
    source,
    targets: hostAddresses(target.cidr).filter((ip) => ip !== source),
    timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: request.retries ?? DEFAULT_RETRIES,
    signal: context.signal,
  };
  const found = new Sightings(request.scanId, target, sweep.targets.length, context.onProgress);
  // Loading the registry takes tens of milliseconds: do it before the clock of the first probe starts.
  lookupVendor('00:00:00');
  if (target.onLink) found.see(selfSighting(target));

  const choice = await chooseMethod(request, target);
  const { method } = choice;
  const warnings = methodWarnings(choice, target);
  context.logger.log(
    'info',
    `scan ${request.scanId}: ${target.cidr.text} on ${target.interface.name} by ${method}, ${sweep.targets.length} addresses`,
  );
  let cancelled: boolean;
  if (choice.method === 'arp') {
    context.onCaptureOpened?.();
    cancelled = await sweepByArp(choice.link, sweep, found, warnings);
  } else {
    cancelled = await sweepByConnect(sweep, found);
  }
  found.drain();

  const devices = found.devices();
  if (request.resolveNames !== false && !cancelled && devices.length > 0) await nameDevices(devices, request, sweep);
  devices.sort((a, b) => parseIpv4(a.ip)! - parseIpv4(b.ip)!);
  return {
    scanId: request.scanId,
    interface: target.interface.name,
    cidr: target.cidr.text,
    method,
    partial: method !== 'arp',
    cancelled: cancelled || (context.signal?.aborted ?? false),
    devices,
    warnings,
    durationMs: Math.round(performance.now() - started),
    probesSent: found.probesSent,
  };
}

/** What one sweep probes, and how patiently. */
interface SweepPlan {
  target: ScanTarget;
  /** this machine's address on the subnet, as an unsigned 32-bit integer */
  source: number;
  /** every address of the subnet but ours */
  targets: number[];
  timeoutMs: number;
  retries: number;
  signal?: AbortSignal;
}

/** The hosts a scan has seen, sent out as progress in batches. */
class Sightings {
  private readonly byIp = new Map<string, Sighting>();
  private readonly batcher: ProgressBatcher;
  probesSent = 0;

  constructor(
    scanId: string,
    private readonly target: ScanTarget,
    total: number,
    onProgress: ScanContext['onProgress'],
  ) {
    this.batcher = new ProgressBatcher(100, (devices) =>
      onProgress?.({ scanId, devices, found: this.byIp.size, probesSent: this.probesSent, total }),
    );
  }

  see(sighting: Sighting): void {
    this.byIp.set(sighting.ip, sighting);
    this.batcher.add(buildDevice(sighting, this.target));
  }

  /** Replaces a sighting without sending it as progress. */
  refresh(sighting: Sighting): void {
    this.byIp.set(sighting.ip, sighting);
  }

  drain(): void {
    this.batcher.drain();
  }

  devices(): Device[] {
    return [...this.byIp.values()].map((sighting) => buildDevice(sighting, this.target));
  }
}

/** Why the results are partial, when they are. */
function methodWarnings(choice: MethodChoice, target: ScanTarget): string[] {
  const warnings: string[] = [];
  const problem = choice.method === 'connect' ? choice.problem : undefined;
  if (problem?.problem) {
    warnings.push(
      `${problem.problem.message} Results are partial: TCP connect probes and the kernel neighbour table only. To fix: ${problem.problem.fix}`,
    );
  }
  if (!target.onLink)
    warnings.push(
      `${target.cidr.text} is not on a local link, so ARP cannot see it: only hosts answering TCP connect probes are listed.`,
    );
  return warnings;
}

/** Sweeps by ARP through the open link (closed after); true when cancelled. Conflicts become warnings. */
async function sweepByArp(link: FrameLink, sweep: SweepPlan, found: Sightings, warnings: string[]): Promise<boolean> {
  try {
    const result = await arpSweep({
      link,
      sourceMac: parseMac(sweep.target.interface.mac ?? '') ?? [],
      sourceIp: sweep.source,
      targets: sweep.targets,
      timeoutMs: sweep.timeoutMs,
      retries: sweep.retries,
      signal: sweep.signal,
      onAnswer: (answer) =>
        found.see({ ip: answer.ip, mac: answer.mac, rttMs: answer.rttMs, methods: ['arp'], seenAt: answer.seenAt }),
      onSent: (sent) => (found.probesSent = sent),
    });
    for (const conflict of result.conflicts) {
      warnings.push(
        `${conflict.ip} answered ARP from several MACs (${conflict.macs.join(', ')}): a duplicate address or ARP spoofing.`,
      );
    }
    return result.cancelled;
  } finally {
    link.close();
  }
}

/** Sweeps by TCP connect probes and the neighbour table; true when cancelled. */
async function sweepByConnect(sweep: SweepPlan, found: Sightings): Promise<boolean> {
  const { target } = sweep;
  const result = await connectSweep({
    cidr: target.cidr,
    interfaceName: target.onLink ? target.interface.name : '',
    targets: sweep.targets,
    timeoutMs: sweep.timeoutMs,
    signal: sweep.signal,
    onAnswer: (answer) => found.see(connectSighting(answer)),
    onSent: (sent) => (found.probesSent = sent),
  });
  // The neighbour table adds MACs and ports after a host's first sighting: refresh them all.
  for (const answer of result.answers) found.refresh(connectSighting(answer));
  return sweep.signal?.aborted ?? false;
}

/** Fills in host names from reverse DNS and mDNS. */
async function nameDevices(devices: Device[], request: ScanRequest, { target, signal }: SweepPlan): Promise<void> {
  const names = await lookupHostNames(
    devices.map((device) => device.ip),
    {
      dnsServers: request.dnsServers,
      interfaceAddress: target.onLink ? target.sourceAddress : undefined,
      timeoutMs: NAME_TIMEOUT_MS,
      signal,
    },
  );
  for (const device of devices) {
    const found = names.get(device.ip);
    if (found) [device.hostname, device.hostnameSource] = [found.name, found.source];
  }
}

function connectSighting(answer: ConnectAnswer): Sighting {
  const methods: DiscoveryMethod[] = [];
  if (answer.viaTcp) methods.push('tcp');
  if (answer.viaNeighbor) methods.push('neighbor');
  return {
    ip: answer.ip,
    mac: answer.mac,
    rttMs: answer.rttMs,
    methods,
    openPorts: answer.openPorts,
    seenAt: answer.seenAt,
  };
}

/** ARP with its open link, or connect probes with the reason ARP could not be used (if any). */
type MethodChoice = { method: 'arp'; link: FrameLink } | { method: 'connect'; problem?: CaptureStatus };

/** ARP when capture opens on the interface; otherwise connect probes, with the reason kept for the user. */
async function chooseMethod(request: ScanRequest, target: ScanTarget): Promise<MethodChoice> {
  if (request.method === 'connect' || !target.onLink) return { method: 'connect' };
  if (!target.interface.mac) {
    return {
      method: 'connect',
      problem: describeCaptureProblem(
        'open-failed',
        `${target.interface.name} has no hardware address, so ARP cannot be used on it`,
      ),
    };
  }
  // Only replies addressed to us reach JavaScript; the kernel drops the rest of the link's traffic.
  const filter = `arp and arp[6:2] = 2 and ether dst ${target.interface.mac}`;
  const opened = await openRawLink({ interfaceName: target.interface.name, filter });
  if ('link' in opened) return { method: 'arp', link: opened.link };
  if (request.method === 'arp')
    throw new Error(
      `${opened.problem.problem?.message ?? 'ARP is unavailable.'} ${opened.problem.problem?.fix ?? ''}`.trim(),
    );
  return { method: 'connect', problem: opened.problem };
}
