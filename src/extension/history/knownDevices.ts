// The Devices tree's memory: devices the history knows but this session has not seen are listed
// offline (dimmed, "last seen 3 days ago"), and Forget Device deletes one from the history. No
// vscode here: the confirmation comes in as a function.
import type { HelperClient } from '../helperClient/helperClient';
import type { DeviceStore, TreeChange } from '../views/deviceStore';
import type { DeviceNode } from '../views/deviceTreeModel';
import { errorMessage } from '../userFacingError';
import type { HistoryConnection } from './historyConnection';
import { HistoryDevicesRequest, HistoryForgetRequest } from '../../shared/historyProtocol';
import { deviceLabel } from '../../shared/history/historyText';
import type { Device, HostnameSource } from '../../shared/model/device';
import type { KnownDevice } from '../../shared/model/history';

const HOSTNAME_SOURCES = new Set<string>(['dns', 'mdns', 'dhcp']);

/** A known device as the tree's model holds one; undefined for a host no scan of a subnet saw. */
export function knownAsDevice(known: KnownDevice): Device | undefined {
  if (!known.interface || !known.subnet || !known.ip) return undefined;
  const device: Device = {
    ip: known.ip,
    isGateway: false,
    isSelf: false,
    interface: known.interface,
    subnet: known.subnet,
    firstSeen: known.firstSeen,
    lastSeen: known.lastSeen,
    methods: [],
  };
  if (known.mac) device.mac = known.mac;
  if (known.vendor) device.vendor = known.vendor;
  if (known.name) device.hostname = known.name;
  if (known.nameSource && HOSTNAME_SOURCES.has(known.nameSource))
    device.hostnameSource = known.nameSource as HostnameSource;
  return device;
}

/** What known devices need around them. */
export interface KnownDevicesParts {
  helper: HelperClient;
  history: HistoryConnection;
  store: DeviceStore;
  apply: (change: TreeChange) => void;
  /** asks before forgetting; true to go ahead */
  confirmForget: (label: string) => Thenable<boolean>;
  log: (message: string) => void;
}

/** Fills the tree with the history's offline devices whenever the history opens. */
export class KnownDevices {
  private readonly subscription: { dispose(): void };
  private readonly forgotten = new Set<() => void>();

  constructor(private readonly parts: KnownDevicesParts) {
    this.subscription = parts.history.onDidChange((status) => {
      if (status.state === 'open') void this.refresh();
    });
  }

  /** Lists the known devices this session has not seen as offline devices. */
  async refresh(): Promise<void> {
    const { helper, store, apply, log } = this.parts;
    try {
      const known = await helper.request(HistoryDevicesRequest.type, {});
      const devices = known.flatMap((entry) => {
        const device = knownAsDevice(entry);
        return device ? [{ device, historyId: entry.id }] : [];
      });
      apply(store.showKnown(devices));
    } catch (error) {
      log(`Listing the devices the history knows failed: ${errorMessage(error)}`);
    }
  }

  /** Forgets an offline device: asks, deletes it from the history, takes it out of the tree. */
  async forget(node: DeviceNode | undefined): Promise<void> {
    const { helper, store, apply, confirmForget } = this.parts;
    if (!node?.offline) return;
    if (!(await confirmForget(deviceLabel({ name: node.device.hostname, ip: node.device.ip, mac: node.device.mac }))))
      return;
    await helper.request(HistoryForgetRequest.type, { id: node.offline.historyId });
    apply(store.remove(node));
    for (const listener of [...this.forgotten]) listener();
  }

  /** Calls `listener` after a device was forgotten. */
  onDidForget(listener: () => void): { dispose(): void } {
    this.forgotten.add(listener);
    return { dispose: () => this.forgotten.delete(listener) };
  }

  dispose(): void {
    this.subscription.dispose();
    this.forgotten.clear();
  }
}
