import { cidrContains, parseCidr, parseIpv4 } from '../../shared/cidr';
import { isLoopback } from '../../shared/ports/portTargets';
import type { NetworkInterfaceInfo } from '../../shared/model/network';

/** How frames reach one target. */
export type HostRoute =
  /** this machine: a 127/8 address or one of its own, reached through the loopback interface */
  | { kind: 'local'; interfaceName: string; sourceIp: number }
  /** a host on a directly attached subnet: its MAC comes from ARP */
  | { kind: 'on-link'; interface: NetworkInterfaceInfo; sourceIp: number }
  /** anything else: reached through a router, so only the kernel (connect) can reach it here */
  | { kind: 'routed' };

/** Sorts each target by how it is reached from the machine's interfaces. */
export function routeHosts(addresses: readonly number[], interfaces: readonly NetworkInterfaceInfo[]): HostRoute[] {
  const loopbackName = interfaces.find((entry) => entry.ipv4.some((a) => a.address.startsWith('127.')))?.name ?? 'lo';
  const own = new Set<number>();
  const subnets: { network: ReturnType<typeof parseCidr>; entry: NetworkInterfaceInfo; source: number }[] = [];
  for (const entry of interfaces) {
    for (const address of entry.ipv4) {
      const ip = parseIpv4(address.address);
      if (ip === undefined) continue;
      own.add(ip);
      if (!entry.internal && entry.up) subnets.push({ network: parseCidr(address.cidr), entry, source: ip });
    }
  }
  // The most specific subnet wins, as in the routing table.
  subnets.sort((a, b) => b.network.prefixLength - a.network.prefixLength);
  return addresses.map((ip): HostRoute => {
    if (isLoopback(ip) || own.has(ip)) return { kind: 'local', interfaceName: loopbackName, sourceIp: ip };
    const subnet = subnets.find((candidate) => cidrContains(candidate.network, ip));
    if (subnet) return { kind: 'on-link', interface: subnet.entry, sourceIp: subnet.source };
    return { kind: 'routed' };
  });
}
