// Hop counts: a traceroute's answer where one ran, else an estimate from the TTL a host's packets
// arrived with. Hosts start their packets at 64 (Linux, macOS), 128 (Windows) or 255 (network
// gear); each router takes one off, so the nearest of those at or above the TTL seen, minus it,
// is the number of routers in between. A host n−1 routers away is at hop n, as traceroute counts.
import type { HostTraffic } from '../model/traffic';
import type { HopRecord } from './topologyModel';

const INITIAL_TTLS = [64, 128, 255] as const;

/** The TTL a host most likely started a packet with that arrived with `seen`. */
export function initialTtl(seen: number): number {
  return INITIAL_TTLS.find((initial) => initial >= seen) ?? 255;
}

/** The hop a packet that arrived with TTL `seen` came from: 1 when no router decremented it. */
export function hopsFromTtl(seen: number): number | undefined {
  if (!Number.isInteger(seen) || seen < 1 || seen > 255) return undefined;
  return initialTtl(seen) - seen + 1;
}

/** Passive hop estimates for every captured host whose packets showed a TTL. */
export function passiveHops(hosts: Iterable<HostTraffic>): HopRecord[] {
  const records: HopRecord[] = [];
  for (const host of hosts) {
    const hops = host.ttl === undefined ? undefined : hopsFromTtl(host.ttl);
    if (hops !== undefined) records.push({ ip: host.addr, hops, source: 'ttl' });
  }
  return records;
}

/** One record per address: a traceroute's beats an estimate, and of two alike the later wins. */
export function mergeHops(...lists: readonly (readonly HopRecord[])[]): Map<string, HopRecord> {
  const byIp = new Map<string, HopRecord>();
  for (const list of lists) {
    for (const record of list) {
      const held = byIp.get(record.ip);
      if (held?.source === 'traceroute' && record.source === 'ttl') continue;
      byIp.set(record.ip, record);
    }
  }
  return byIp;
}
