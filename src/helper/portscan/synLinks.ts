import { openRawLink } from '../capture/rawLink';
import { arpSweep } from '../scan/arpSweep';
import { formatIpv4, parseIpv4 } from '../../shared/cidr';
import { parseMac } from '../../shared/mac';
import type { HostRoute } from './hostRoutes';
import type { SynTarget } from './synTransport';
import type { FrameLink } from '../capture/rawLink';

/** A target of the scan as the links see it (filled in by discovery). */
interface RunState {
  ip: number;
  mac?: string;
  up: boolean;
  upReason?: string;
  seedRttMs?: number;
}

/** Raw links opened for a scan, and what ARP discovery found through them. */
export interface SynLinks {
  /** at least one link is open (a one-shot CLI may drop root now) */
  opened: boolean;
  /** why a link could not be opened (the first such reason) */
  problem?: { message: string; fix: string };
  arpSent: number;
  /** indices of the targets whose liveness ARP discovery settled */
  probed: Set<number>;
  /** where a discovered target's SYN frames go; undefined when no link reaches it */
  synTarget(run: RunState): SynTarget | undefined;
  all(): FrameLink[];
  close(): void;
}

// ARP discovery as the LAN sweep does it: a round ends once replies settle.
const ARP_TIMEOUT_MS = 250;
const ARP_RETRIES = 2;

/**
 * Opens one libpcap handle per interface the targets need, with a kernel filter that passes only
 * ARP replies and answers to our source port, then finds which on-link targets are up by ARP
 * (as nmap does on a LAN: a host that answers no ARP is down and is not port-scanned).
 */
export async function openSynLinks(options: {
  routes: HostRoute[];
  runs: RunState[];
  sourcePort: number;
  signal?: AbortSignal;
  needed: boolean;
}): Promise<SynLinks> {
  const { routes, runs, sourcePort } = options;
  const links = new Map<string, FrameLink>();
  const targets = new Map<RunState, SynTarget>();
  const probed = new Set<number>();
  let problem: SynLinks['problem'];
  let arpSent = 0;
  const groups = new Map<string, number[]>();
  routes.forEach((route, index) => {
    if (route.kind === 'routed') return;
    // Frames injected on the loopback interface reach the stack but go unanswered there (Linux),
    // so this machine's own addresses are left to connect scans.
    if (route.kind === 'local') return;
    const name = route.interface.name;
    groups.set(name, [...(groups.get(name) ?? []), index]);
  });
  for (const [name, indices] of options.needed ? groups : []) {
    const sources = [...new Set(indices.map((index) => (routes[index] as { sourceIp: number }).sourceIp))];
    const toUs = `(${sources.map((ip) => `dst host ${formatIpv4(ip)}`).join(' or ')})`;
    const replies = `(${toUs} and ((tcp and dst port ${sourcePort}) or icmp))`;
    const filter = `(arp and arp[6:2] = 2) or ${replies}`;
    const opened = await openRawLink({ interfaceName: name, filter, bufferSize: 8 * 1024 * 1024 });
    if (!('link' in opened)) {
      const detail = opened.problem.problem;
      problem ??= { message: detail?.message ?? `Capture cannot open ${name}.`, fix: detail?.fix ?? '' };
      continue;
    }
    const link = opened.link;
    links.set(name, link);
    const route = routes[indices[0]!] as Extract<HostRoute, { kind: 'on-link' }>;
    const ourMac = parseMac(route.interface.mac ?? '');
    if (!ourMac) {
      problem ??= {
        message: `${name} has no hardware address, so SYN frames cannot be addressed on it.`,
        fix: 'Scan its hosts with the connect method.',
      };
      continue;
    }
    // Each source address asks for its own targets, so replies come back to the address they expect.
    for (const source of sources) {
      const group = indices.filter((index) => (routes[index] as { sourceIp: number }).sourceIp === source);
      const byIp = new Map(group.map((index) => [runs[index]!.ip, index]));
      const result = await arpSweep({
        link,
        sourceMac: ourMac,
        sourceIp: source,
        targets: group.map((index) => runs[index]!.ip),
        timeoutMs: ARP_TIMEOUT_MS,
        retries: ARP_RETRIES,
        signal: options.signal,
        onAnswer: (answer) => {
          const index = byIp.get(parseIpv4(answer.ip)!);
          if (index === undefined) return;
          const run = runs[index]!;
          [run.up, run.mac, run.upReason, run.seedRttMs] = [true, answer.mac, 'arp-response', answer.rttMs];
          targets.set(run, { ip: run.ip, link, dstMac: parseMac(answer.mac)!, srcMac: ourMac, srcIp: source });
        },
      });
      arpSent += result.sent;
      for (const index of group) probed.add(index);
    }
  }
  return {
    opened: links.size > 0,
    problem,
    arpSent,
    probed,
    synTarget: (run) => targets.get(run),
    all: () => [...links.values()],
    close: () => {
      for (const link of links.values()) link.close();
    },
  };
}
