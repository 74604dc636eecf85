import { parseIpv4, parseCidr } from '../../shared/cidr';
import type { Device, DiscoveryMethod } from '../../shared/model/device';
import type { HostPorts, PortResult, PortScanMethod } from '../../shared/model/ports';
import type { NmapScan } from '../../shared/ports/nmapCommand';
import { ContextValue as Contexts } from '../contributionIds';
import { deviceIcon, usefulOsGuess } from '../../shared/deviceKind';
import { formatLatency } from '../../shared/format/displayFormat';
import { displayText, formatMinute } from '../../shared/format/displayText';
import { formatAgo } from '../../shared/history/historyText';
import type { ItemView } from './itemView';
import { osSummary, portsTooltipLines } from './portTreeModel';

/** A root node: one subnet as scanned through one interface. */
export interface GroupNode {
  readonly kind: 'group';
  /** `interface|subnet`, stable across scans */
  readonly key: string;
  readonly interface: string;
  readonly subnet: string;
  /** by IP */
  readonly devices: Map<string, DeviceNode>;
}

/** A device under its group. The object stays the same across scans so the tree can refresh it alone. */
export interface DeviceNode {
  readonly kind: 'device';
  /** `interface|subnet|ip`, stable across scans */
  readonly key: string;
  readonly group: GroupNode;
  device: Device;
  /** false once a completed scan of its subnet did not see it */
  seenInLastScan: boolean;
  /** what the last port scan of it found */
  ports?: HostPorts;
  /** how that scan ran, for "Copy as nmap Command" */
  portScan?: { scan: NmapScan; method: PortScanMethod };
  /** its open ports as nodes, kept stable across scans (by `80/tcp`) */
  portNodes?: PortNode[];
  /** known from the history, not seen since VS Code started: its row id there (what Forget Device forgets) */
  offline?: { historyId: number };
}

/** An open port under its device. */
export interface PortNode {
  readonly kind: 'port';
  /** `interface|subnet|ip|80/tcp` */
  readonly key: string;
  readonly device: DeviceNode;
  port: PortResult;
}

/** A node of the devices tree. */
export type TreeNode = GroupNode | DeviceNode | PortNode;

const METHOD_NAMES: Record<DiscoveryMethod, string> = {
  arp: 'ARP reply',
  tcp: 'TCP connect probe',
  neighbor: 'kernel neighbour table',
  self: 'this machine',
  passive: 'captured traffic',
};

/** The key of the group a device belongs to. */
export function groupKey(iface: string, subnet: string): string {
  return `${iface}|${subnet}`;
}

/** Orders IPv4 addresses numerically (10.0.0.9 before 10.0.0.10); anything else after, as text. */
export function compareIp(a: string, b: string): number {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return a.localeCompare(b);
}

/** Orders groups by interface name, then subnet numerically. */
export function compareGroups(a: GroupNode, b: GroupNode): number {
  const byInterface = a.interface.localeCompare(b.interface);
  if (byInterface !== 0) return byInterface;
  return cidrOrder(a.subnet) - cidrOrder(b.subnet) || a.subnet.localeCompare(b.subnet);
}

function cidrOrder(cidr: string): number {
  try {
    const parsed = parseCidr(cidr);
    return parsed.network * 64 + parsed.prefixLength;
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

/** How a group looks: `br-t · 10.213.0.0/24`, with its device count. */
export function groupView(group: GroupNode): ItemView {
  const count = group.devices.size;
  // Port-scan targets outside every interface's subnets have no interface of their own.
  const iface = group.interface === '' ? 'other targets' : (displayText(group.interface) ?? '?');
  return {
    id: `group:${group.key}`,
    label: `${iface} · ${group.subnet}`,
    description: `${count} ${count === 1 ? 'device' : 'devices'}`,
    tooltip:
      group.interface === ''
        ? `Port-scan targets in ${group.subnet}, outside the subnets of this machine's interfaces`
        : `Subnet ${group.subnet} scanned through interface ${iface}`,
    // An icon on every group keeps its device rows at one indent: VS Code decides per row whether
    // an icon takes the twistie's place by looking at the row's siblings, which a row refreshed
    // alone (a port scan, a passive sighting) sees in a different state than the rest.
    icon: 'type-hierarchy-sub',
    dimmed: false,
    contextValue: Contexts.group,
    expandable: true,
  };
}

/** How a device looks: label hostname or IP, description `IP · vendor` plus markers, a full plain-text tooltip. */
export function deviceView(node: DeviceNode, now = Date.now()): ItemView {
  const { device } = node;
  const hostname = displayText(device.hostname, 253);
  const vendor = displayText(device.vendor);
  const os = usefulOsGuess(node.ports?.os);
  const markers = [
    device.isGateway ? 'gateway' : undefined,
    device.isSelf ? 'this machine' : undefined,
    device.methods.length > 0 && device.methods.every((method) => method === 'passive') ? 'seen passively' : undefined,
    node.seenInLastScan ? undefined : 'not seen in last scan',
  ];
  // What the device is comes first, as a narrow side bar cuts the end off; the IP is the label
  // when there is no name, and saying it twice adds nothing.
  // An offline device says first how long it has been gone.
  const gone = node.offline ? `last seen ${formatAgo(device.lastSeen, now)}` : undefined;
  const parts = [gone, os ? osSummary(os) : undefined, hostname ? device.ip : undefined, vendor, ...markers].filter(
    (part) => part !== undefined,
  );
  const expandable = (node.portNodes?.length ?? 0) > 0;
  return {
    id: `device:${node.key}`,
    label: hostname ?? device.ip,
    description: parts.length > 0 ? parts.join(' · ') : undefined,
    tooltip: deviceTooltip(node),
    icon: deviceIcon(device, node.ports?.os),
    dimmed: !node.seenInLastScan || node.offline !== undefined,
    contextValue: node.offline ? Contexts.offlineDevice : device.mac ? Contexts.deviceWithMac : Contexts.device,
    expandable,
  };
}

/** Every field of a device, one per line; times to the minute, so a rescan within a minute changes nothing. */
export function deviceTooltip(node: DeviceNode): string {
  const { device } = node;
  const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
  const hostname = displayText(device.hostname, 253);
  const sources = { mdns: 'mDNS', dns: 'reverse DNS', dhcp: 'DHCP' };
  const source = device.hostnameSource ? (sources[device.hostnameSource] ?? '') : '';
  const lines = [
    `IP: ${device.ip}`,
    `MAC: ${displayText(device.mac) ?? 'unknown'}`,
    `Vendor: ${displayText(device.vendor) ?? 'unknown'}`,
    `Hostname: ${hostname ? `${hostname}${source ? ` (from ${source})` : ''}` : 'unknown'}`,
    `Round trip: ${device.rttMs === undefined ? 'unknown' : formatLatency(device.rttMs)}`,
    `Gateway: ${yesNo(device.isGateway)}`,
    `This machine: ${yesNo(device.isSelf)}`,
    `Interface: ${displayText(device.interface) ?? '?'}`,
    `Subnet: ${device.subnet}`,
    `First seen: ${formatMinute(device.firstSeen)}`,
    `Last seen: ${formatMinute(device.lastSeen)}`,
    `Found by: ${device.methods.map((method) => METHOD_NAMES[method] ?? String(method)).join(', ') || 'unknown'}`,
    ...(node.ports ? portsTooltipLines(node.ports) : [`Open ports: ${openPorts(device.openPorts)}`]),
  ];
  if (!node.seenInLastScan) lines.push('Not seen in the last completed scan of this subnet.');
  if (node.offline) lines.push('Offline: known from the history, not seen since VS Code started.');
  return lines.join('\n');
}

function openPorts(ports: number[] | undefined): string {
  if (ports === undefined) return 'not probed';
  return ports.length > 0 ? ports.join(', ') : 'none found';
}
