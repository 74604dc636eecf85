import type { DeviceName } from '../../../shared/webviewProtocol';
import type { DeviceStore } from '../../views/deviceStore';

/** What the Devices list knows about each address, for labelling hosts in the dashboard. */
export function deviceNames(store: DeviceStore): DeviceName[] {
  const byIp = new Map<string, DeviceName>();
  for (const group of store.groups()) {
    for (const { device } of store.devicesOf(group)) {
      const known = byIp.get(device.ip);
      // The same address on two scanned subnets: keep the entry that has a name.
      if (known?.hostname && !device.hostname) continue;
      byIp.set(device.ip, {
        ip: device.ip,
        mac: device.mac,
        hostname: device.hostname,
        vendor: device.vendor,
        isGateway: device.isGateway,
        isSelf: device.isSelf,
      });
    }
  }
  return [...byIp.values()];
}
