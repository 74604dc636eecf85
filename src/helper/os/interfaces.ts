import { realpathSync } from 'node:fs';
import { networkInterfaces as osInterfaces } from 'node:os';
import type { NetworkInterfaceInfo as NetworkInterfaceInfoOs } from 'node:os';
import type * as SystemInformation from 'systeminformation';
import { subnetOf } from '../../shared/cidr';
import { normalizeMac } from '../../shared/mac';
import type { InterfaceAddress, NetworkInterfaceInfo } from '../../shared/model/network';

/** Everything LAN Lens needs to know about the machine's interfaces, in one pass. */
export interface InterfaceSnapshot {
  interfaces: NetworkInterfaceInfo[];
  defaultInterface?: string;
}

/** Every address Node knows for one interface, split by family, with the subnets they imply. */
function addressesOf(entries: NetworkInterfaceInfoOs[] | undefined): Pick<NetworkInterfaceInfo, 'ipv4' | 'ipv6'> {
  const ipv4: InterfaceAddress[] = [];
  const ipv6: InterfaceAddress[] = [];
  for (const address of entries ?? []) {
    const prefixLength = Number(address.cidr?.split('/')[1] ?? 0);
    if (address.family === 'IPv4') {
      ipv4.push({ address: address.address, prefixLength, cidr: subnetOf(address.address, prefixLength) });
    } else {
      ipv6.push({ address: address.address, prefixLength, cidr: `${address.address}/${prefixLength}` });
    }
  }
  return { ipv4, ipv6 };
}

function usableMac(text: string | undefined): string | undefined {
  const mac = text ? normalizeMac(text) : undefined;
  return mac && mac !== '00:00:00:00:00:00' ? mac : undefined;
}

/**
 * systeminformation, loaded on first use: its many modules take tens of milliseconds to start,
 * which a port scan or a file read should not pay at every start.
 */
function systemInformation(): Promise<typeof SystemInformation> {
  return import('systeminformation');
}

async function defaultRoute(): Promise<{ gateway: string; name: string }> {
  const si = await systemInformation();
  const [gateway, name] = await Promise.all([
    si.networkGatewayDefault().catch(() => ''),
    si.networkInterfaceDefault().catch(() => ''),
  ]);
  return { gateway, name };
}

/**
 * The interfaces that have addresses, from Node's own table plus the default route: what a scan
 * needs, without the per-interface probing of a full listing (a quarter second and more).
 */
export async function addressedInterfaces(): Promise<InterfaceSnapshot> {
  return ownInterfaces(await defaultRoute());
}

/**
 * The interfaces with addresses from Node's table alone, without asking for the default route
 * (which costs a tenth of a second): enough to route on-link and local targets.
 */
export function ownInterfaces(route: { gateway: string; name: string } = { gateway: '', name: '' }): InterfaceSnapshot {
  const interfaces = Object.entries(osInterfaces()).map(([name, entries]): NetworkInterfaceInfo => {
    const isDefault = name === route.name;
    return {
      name,
      mac: usableMac(entries?.[0]?.mac),
      ...addressesOf(entries),
      up: true,
      internal: entries?.some((entry) => entry.internal) ?? false,
      isDefault,
      gateway: isDefault && route.gateway ? route.gateway : undefined,
    };
  });
  return { interfaces, defaultInterface: route.name || undefined };
}

/**
 * A link the Linux kernel made rather than a device (a veth, a bridge, a tunnel, a VLAN): its sysfs
 * entry lives under /sys/devices/virtual. systeminformation names only some of them virtual.
 */
function isKernelLink(name: string): boolean {
  if (process.platform !== 'linux' || name.includes('/')) return false;
  try {
    return realpathSync(`/sys/class/net/${name}`).includes('/devices/virtual/');
  } catch {
    return false;
  }
}

/**
 * Lists interfaces from systeminformation (state, type, speed, default route, gateway) and adds
 * every address from Node's own table, because systeminformation reports one address per family.
 */
export async function listInterfaces(): Promise<InterfaceSnapshot> {
  const si = await systemInformation();
  const [siInterfaces, route] = await Promise.all([
    si.networkInterfaces().then((list) => (Array.isArray(list) ? list : [list])),
    defaultRoute(),
  ]);
  const addresses = osInterfaces();
  const interfaces = siInterfaces.map((entry): NetworkInterfaceInfo => {
    const { ipv4, ipv6 } = addressesOf(addresses[entry.iface]);
    const isDefault = entry.iface === route.name;
    return {
      name: entry.iface,
      mac: usableMac(entry.mac),
      ipv4,
      ipv6,
      // "unknown" is what loopback and many virtual links report while passing traffic.
      up: entry.operstate === 'up' || (entry.operstate === 'unknown' && ipv4.length + ipv6.length > 0),
      internal: entry.internal,
      isDefault,
      gateway: isDefault && route.gateway ? route.gateway : undefined,
      type: isKernelLink(entry.iface) ? 'virtual' : entry.type || undefined,
      speedMbps: typeof entry.speed === 'number' && entry.speed > 0 ? entry.speed : undefined,
    };
  });
  interfaces.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  return { interfaces, defaultInterface: route.name || undefined };
}
