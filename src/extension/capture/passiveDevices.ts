// Devices seen in captured ARP, DHCP, mDNS and NDP, turned into Devices-tree entries. The tree is
// grouped by IPv4 subnet, so a sighting needs one: a subnet of the interface it was seen on (or a
// group the tree already has inside it).
import { cidrContains, parseCidr, parseIpv4 } from '../../shared/cidr';
import type { Device } from '../../shared/model/device';
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type { PassiveDevice } from '../../shared/model/traffic';

/** Where a device goes in the tree. */
export interface Placement {
  interface: string;
  /** canonical CIDR */
  subnet: string;
}

/**
 * The group a sighting belongs to, or undefined for addresses that are not a device of one of the
 * capturing interface's own IPv4 subnets (IPv6, unspecified, broadcast, multicast, a subnet's
 * network or broadcast address, and anything a spoofed ARP, DHCP or mDNS packet claims beyond
 * them: only a scan puts routed subnets in the tree). A narrower group the tree already has wins.
 */
export function placePassive(
  seen: Pick<PassiveDevice, 'ip' | 'interface'>,
  groups: readonly Placement[],
  interfaces: readonly NetworkInterfaceInfo[],
  /** a host a port scan answered for: any group holding it will do, routed subnets too */
  scanned = false,
): Placement | undefined {
  const ip = parseIpv4(seen.ip);
  if (ip === undefined || ip === 0 || ip === 0xffffffff || ip >>> 28 === 0xe) return undefined;
  const onInterface = (name: string) => seen.interface === 'any' || seen.interface === '' || name === seen.interface;
  const holds = (subnet: string) => {
    const cidr = parseCidr(subnet);
    const last = (cidr.network + cidr.size - 1) >>> 0;
    return cidrContains(cidr, ip) && (cidr.size <= 2 || (ip !== cidr.network && ip !== last));
  };
  if (scanned) {
    const group = groups.find((candidate) => onInterface(candidate.interface) && holds(candidate.subnet));
    if (group) return { interface: group.interface, subnet: group.subnet };
  }
  const own: Placement[] = interfaces
    .filter((info) => onInterface(info.name))
    .flatMap((info) =>
      info.ipv4
        .filter((address) => address.prefixLength < 32 && holds(address.cidr))
        .map((address) => ({ interface: info.name, subnet: parseCidr(address.cidr).text })),
    );
  if (own.length === 0) return undefined;
  const group = groups.find(
    (candidate) => own.some((place) => place.interface === candidate.interface) && holds(candidate.subnet),
  );
  return group ? { interface: group.interface, subnet: group.subnet } : own[0];
}

/** A sighting as a Device: never a gateway or this machine by its word, found by `passive`. */
export function passiveDevice(seen: PassiveDevice, place: Placement): Device {
  const named = seen.hostname !== undefined && seen.hostname.trim() !== '';
  return {
    ip: seen.ip,
    mac: seen.mac,
    vendor: seen.vendor,
    hostname: named ? seen.hostname : undefined,
    hostnameSource: named ? (seen.source === 'dhcp' ? 'dhcp' : seen.source === 'mdns' ? 'mdns' : undefined) : undefined,
    isGateway: false,
    isSelf: false,
    interface: place.interface,
    subnet: place.subnet,
    firstSeen: seen.lastSeen,
    lastSeen: seen.lastSeen,
    methods: ['passive'],
  };
}
