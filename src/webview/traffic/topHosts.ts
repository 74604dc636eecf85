// The hosts with the most traffic, for the top talkers chart. Pure.
import type { HostTraffic } from '../../shared/model/traffic';

/** The `count` hosts with the most bytes in and out (no full sort of a big table). */
export function topHosts(hosts: Iterable<HostTraffic>, count: number): HostTraffic[] {
  const top: HostTraffic[] = [];
  const total = (host: HostTraffic) => host.bytesIn + host.bytesOut;
  for (const host of hosts) {
    if (top.length === count && total(host) <= total(top[top.length - 1]!)) continue;
    let i = top.length;
    while (i > 0 && total(top[i - 1]!) < total(host)) i--;
    top.splice(i, 0, host);
    if (top.length > count) top.pop();
  }
  return top;
}
