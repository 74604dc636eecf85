import { connectProbe, runLimited } from './connectProbe';
import { readNeighbors } from '../os/neighbors';
import { socketBudget } from '../os/openFileLimit';
import { cidrContains, formatIpv4 } from '../../shared/cidr';
import type { Ipv4Cidr } from '../../shared/cidr';

/** A host seen without capture privilege. */
export interface ConnectAnswer {
  ip: string;
  mac?: string;
  /** time of the first answered connect, in milliseconds */
  rttMs?: number;
  viaTcp: boolean;
  viaNeighbor: boolean;
  openPorts: number[];
  seenAt: number;
}

/** What the unprivileged sweep needs. */
export interface ConnectSweepOptions {
  cidr: Ipv4Cidr;
  interfaceName: string;
  targets: number[];
  timeoutMs: number;
  signal?: AbortSignal;
  onAnswer?: (answer: ConnectAnswer) => void;
  onSent?: (sent: number) => void;
}

// Ports most hosts answer on (open or refused). Any answer, even a refusal, proves the host is up,
// and every attempt makes the kernel resolve the address by ARP, which fills the neighbour table
// even for hosts that drop all IP traffic.
const DISCOVERY_PORTS = [80, 443];
const INFO_PORTS = [22, 445, 139, 8080, 3389, 53, 21];

/**
 * Finds hosts without raw sockets: TCP connects to common ports, then the kernel's neighbour
 * table for hosts that answered ARP but no TCP. Marked partial by the caller: hosts off-link or
 * dropping both ARP-triggering traffic and these ports can be missed.
 */
export async function connectSweep(options: ConnectSweepOptions): Promise<{ answers: ConnectAnswer[]; sent: number }> {
  const { signal } = options;
  // The kernel gives up on ARP after about 3 s; waiting 1 s lets live hosts resolve.
  const connectTimeout = Math.max(1000, options.timeoutMs * 4);
  const found = new Map<string, ConnectAnswer>();
  let sent = 0;
  const record = (ip: string, port: number, outcome: string, rttMs: number) => {
    if (outcome === 'silent') return;
    let answer = found.get(ip);
    if (!answer) {
      answer = { ip, rttMs, viaTcp: true, viaNeighbor: false, openPorts: [], seenAt: Date.now() };
      found.set(ip, answer);
      options.onAnswer?.(answer);
    }
    answer.viaTcp = true;
    if (outcome === 'open' && !answer.openPorts.includes(port)) answer.openPorts.push(port);
  };
  const probeAll = async (ips: string[], ports: number[]) => {
    const tasks = ips.flatMap((ip) =>
      ports.map((port) => async () => {
        sent++;
        options.onSent?.(sent);
        const { outcome, rttMs } = await connectProbe(ip, port, connectTimeout);
        record(ip, port, outcome, rttMs);
      }),
    );
    await runLimited(tasks, socketBudget(512), signal);
  };

  const ips = options.targets.map(formatIpv4);
  // No retry rounds here: the kernel itself re-asks ARP for each pending connect, and a
  // connect wave outlasts its retries on a local link.
  await probeAll(ips, DISCOVERY_PORTS);
  for (const entry of await readNeighbors()) {
    if (entry.interface !== options.interfaceName || !cidrContains(options.cidr, entry.ip)) continue;
    if (!ips.includes(entry.ip)) continue;
    const answer = found.get(entry.ip);
    if (answer) {
      answer.mac = entry.mac;
      answer.viaNeighbor = true;
      continue;
    }
    const added = { ip: entry.ip, mac: entry.mac, viaTcp: false, viaNeighbor: true, openPorts: [], seenAt: Date.now() };
    found.set(entry.ip, added);
    options.onAnswer?.(added);
  }
  if (!signal?.aborted) await probeAll([...found.keys()], INFO_PORTS);
  for (const answer of found.values()) answer.openPorts.sort((a, b) => a - b);
  return { answers: [...found.values()], sent };
}
