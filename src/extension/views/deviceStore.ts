import type { Device } from '../../shared/model/device';
import type { HostPorts, PortScanMethod } from '../../shared/model/ports';
import type { NmapScan } from '../../shared/ports/nmapCommand';
import type { DeviceNode, GroupNode, PortNode, TreeNode } from './deviceTreeModel';
import { compareGroups, compareIp, deviceView, groupKey } from './deviceTreeModel';
import { portKey, shownPorts } from './portTreeModel';

/**
 * Most devices known only from captured packets. Anyone on the link can send ARP, DHCP or mDNS
 * claiming new addresses every millisecond; past this, the longest unseen of them go. Devices a
 * scan found are never evicted.
 */
export const MAX_PASSIVE_ONLY_DEVICES = 4096;

/** Which nodes a change touched: the whole tree (`root`), or just these nodes. */
export interface TreeChange {
  root: boolean;
  nodes: TreeNode[];
}

/**
 * Every device seen this session, grouped by interface and subnet. Nodes are kept and mutated in
 * place so the tree view can refresh exactly the ones whose rendering changed.
 */
export class DeviceStore {
  private readonly groupsByKey = new Map<string, GroupNode>();

  /** Groups sorted by interface, then subnet. */
  groups(): GroupNode[] {
    return [...this.groupsByKey.values()].sort(compareGroups);
  }

  /** A group's devices sorted by IP. */
  devicesOf(group: GroupNode): DeviceNode[] {
    return [...group.devices.values()].sort((a, b) => compareIp(a.device.ip, b.device.ip));
  }

  /** The group of a subnet, when it has devices. */
  group(iface: string, subnet: string): GroupNode | undefined {
    return this.groupsByKey.get(groupKey(iface, subnet));
  }

  /** Whether no device has been seen yet (the view then shows its welcome content). */
  get isEmpty(): boolean {
    return this.groupsByKey.size === 0;
  }

  /** Every node of a device with this address (one per group it was found in). */
  nodesFor(ip: string): DeviceNode[] {
    return [...this.groupsByKey.values()].flatMap((group) => {
      const node = group.devices.get(ip);
      return node ? [node] : [];
    });
  }

  /** Every device node, group by group. */
  allDevices(): DeviceNode[] {
    return this.groups().flatMap((group) => this.devicesOf(group));
  }

  /**
   * Merges devices seen in captured traffic: new ones are added, known ones only gain what they
   * lacked and the passive mark, so a sighting never overrides what a scan established.
   */
  mergePassive(devices: readonly Device[], limit = MAX_PASSIVE_ONLY_DEVICES): TreeChange {
    const change = this.merge(devices, mergePassiveDevice, false);
    return this.evictPassiveOnly(limit) ? { root: true, nodes: [] } : change;
  }

  /** Drops the longest unseen passive-only devices beyond `limit`; true when any went. */
  private evictPassiveOnly(limit: number): boolean {
    let total = 0;
    for (const group of this.groupsByKey.values()) total += group.devices.size;
    if (total <= limit) return false;
    const passiveOnly = [...this.groupsByKey.values()]
      .flatMap((group) => [...group.devices.values()])
      .filter(
        (node) =>
          !node.offline && node.ports === undefined && node.device.methods.every((method) => method === 'passive'),
      );
    if (passiveOnly.length <= limit) return false;
    passiveOnly.sort((a, b) => a.device.lastSeen - b.device.lastSeen);
    for (const node of passiveOnly.slice(0, passiveOnly.length - limit)) {
      node.group.devices.delete(node.device.ip);
      if (node.group.devices.size === 0) this.groupsByKey.delete(node.group.key);
    }
    return true;
  }

  /**
   * Records what a port scan found on a host: its open ports become the device's children and its
   * OS guess shows on the device. A host the tree does not hold yet is added as `newDevice` when
   * it answered.
   */
  setPorts(host: HostPorts, portScan: { scan: NmapScan; method: PortScanMethod }, newDevice: () => Device): TreeChange {
    let nodes = this.nodesFor(host.ip);
    let change: TreeChange = { root: false, nodes: [] };
    if (nodes.length === 0) {
      if (!host.up && shownPorts(host).length === 0) return change;
      change = this.merge([newDevice()]);
      nodes = this.nodesFor(host.ip);
    }
    const touched: TreeNode[] = [];
    for (const node of nodes) {
      node.ports = host;
      node.portScan = portScan;
      if (host.mac && !node.device.mac) node.device = { ...node.device, mac: host.mac };
      const known = new Map((node.portNodes ?? []).map((portNode) => [portKey(portNode.port), portNode]));
      node.portNodes = shownPorts(host).map((port): PortNode => {
        const existing = known.get(portKey(port));
        if (existing) {
          existing.port = port;
          return existing;
        }
        return { kind: 'port', key: `${node.key}|${portKey(port)}`, device: node, port };
      });
      // The device's children changed: refreshing it re-reads them.
      if (!change.root && !change.nodes.includes(node.group)) touched.push(node);
    }
    return change.root ? change : { root: false, nodes: [...change.nodes, ...touched] };
  }

  /** Merges found devices (a progress batch or a result) and marks them seen. */
  merge(devices: readonly Device[], combine = mergeDevice, markSeen = true): TreeChange {
    const change = new ChangeCollector();
    for (const incoming of devices) {
      const key = groupKey(incoming.interface, incoming.subnet);
      let group = this.groupsByKey.get(key);
      if (!group) {
        group = { kind: 'group', key, interface: incoming.interface, subnet: incoming.subnet, devices: new Map() };
        this.groupsByKey.set(key, group);
        change.root = true;
      }
      const node = group.devices.get(incoming.ip);
      if (!node) {
        group.devices.set(incoming.ip, {
          kind: 'device',
          key: `${key}|${incoming.ip}`,
          group,
          device: incoming,
          seenInLastScan: true,
        });
        change.add(group);
        continue;
      }
      change.update(node, () => {
        node.device = combine(node.device, incoming);
        // Seen again: no longer an offline device from the history.
        node.offline = undefined;
        if (markSeen) node.seenInLastScan = true;
      });
    }
    return change.result();
  }

  /**
   * Adds devices the history knows that this session has not seen, as offline nodes (a device whose
   * address or MAC the tree holds already is left out). Returns what changed.
   */
  showKnown(known: readonly { device: Device; historyId: number }[]): TreeChange {
    const macs = new Set(this.allDevices().flatMap((node) => (node.device.mac ? [node.device.mac] : [])));
    const shown = known.filter(({ device }) => {
      const group = this.group(device.interface, device.subnet);
      return !group?.devices.has(device.ip) && !(device.mac && macs.has(device.mac));
    });
    const change = this.merge(
      shown.map(({ device }) => device),
      mergeDevice,
      false,
    );
    for (const { device, historyId } of shown) {
      const node = this.group(device.interface, device.subnet)?.devices.get(device.ip);
      if (node) node.offline = { historyId };
    }
    return change;
  }

  /** Takes a device out of the tree (Forget Device). */
  remove(node: DeviceNode): TreeChange {
    node.group.devices.delete(node.device.ip);
    if (node.group.devices.size > 0) return { root: false, nodes: [node.group] };
    this.groupsByKey.delete(node.group.key);
    return { root: true, nodes: [] };
  }

  /** After a completed scan of a subnet: devices it did not see are marked as not seen. */
  markScanned(iface: string, subnet: string, seenIps: ReadonlySet<string>): TreeChange {
    const change = new ChangeCollector();
    const group = this.group(iface, subnet);
    for (const node of group?.devices.values() ?? []) {
      change.update(node, () => (node.seenInLastScan = seenIps.has(node.device.ip)));
    }
    return change.result();
  }
}

/**
 * Folds a new sighting into what was known. The same host keeps its first sighting and any name or
 * vendor a later, thinner answer lacks; a different MAC means the address changed hands, so nothing
 * is carried over.
 */
export function mergeDevice(known: Device, incoming: Device): Device {
  if (known.mac && incoming.mac && known.mac !== incoming.mac) return incoming;
  const hostnameKnownOnly = incoming.hostname === undefined;
  return {
    ...incoming,
    mac: incoming.mac ?? known.mac,
    vendor: incoming.vendor ?? known.vendor,
    hostname: incoming.hostname ?? known.hostname,
    hostnameSource: hostnameKnownOnly ? known.hostnameSource : incoming.hostnameSource,
    rttMs: incoming.rttMs ?? known.rttMs,
    openPorts: incoming.openPorts ?? known.openPorts,
    methods: [...new Set([...known.methods, ...incoming.methods])],
    firstSeen: Math.min(known.firstSeen, incoming.firstSeen),
    lastSeen: Math.max(known.lastSeen, incoming.lastSeen),
  };
}

/** Folds a passive sighting into a known device: it fills gaps and adds the mark, nothing more. */
export function mergePassiveDevice(known: Device, seen: Device): Device {
  // Another MAC for the address: a scan settles who holds it now, a sighting does not.
  if (known.mac && seen.mac && known.mac !== seen.mac) return known;
  const named = known.hostname !== undefined;
  return {
    ...known,
    mac: known.mac ?? seen.mac,
    vendor: known.vendor ?? seen.vendor,
    hostname: named ? known.hostname : seen.hostname,
    hostnameSource: named ? known.hostnameSource : seen.hostnameSource,
    methods: known.methods.includes('passive') ? known.methods : [...known.methods, 'passive'],
    lastSeen: Math.max(known.lastSeen, seen.lastSeen),
  };
}

/** Collects touched nodes; a group that gained children stands for them all. */
class ChangeCollector {
  root = false;
  private readonly groups = new Set<GroupNode>();
  private readonly devices = new Set<DeviceNode>();

  add(group: GroupNode): void {
    this.groups.add(group);
  }

  /** Applies `mutate` and records the node if its rendering changed. */
  update(node: DeviceNode, mutate: () => void): void {
    const before = JSON.stringify(deviceView(node));
    mutate();
    if (JSON.stringify(deviceView(node)) !== before) this.devices.add(node);
  }

  result(): TreeChange {
    if (this.root) return { root: true, nodes: [] };
    // Refreshing a group re-fetches its children, so its devices need no separate refresh.
    const devices = [...this.devices].filter((node) => !this.groups.has(node.group));
    return { root: false, nodes: [...this.groups, ...devices] };
  }
}
