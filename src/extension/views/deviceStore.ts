import type { Device } from '../../shared/model/device';
import type { DeviceNode, GroupNode, TreeNode } from './deviceTreeModel';
import { compareGroups, compareIp, deviceView, groupKey } from './deviceTreeModel';

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

  /** Merges found devices (a progress batch or a result) and marks them seen. */
  merge(devices: readonly Device[]): TreeChange {
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
        node.device = mergeDevice(node.device, incoming);
        node.seenInLastScan = true;
      });
    }
    return change.result();
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
