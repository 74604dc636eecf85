import type { TrafficSnapshot } from '../../shared/model/traffic';
import type { DeviceName } from '../../shared/webviewProtocol';
import type { NameLookup } from './trafficExport';

/** Names as the dashboard shows them: the Devices list's first, then captured DNS/mDNS/DHCP answers. */
export function exportNames(devices: readonly DeviceName[], snapshot: TrafficSnapshot | undefined): NameLookup {
  const names = new Map<string, string>();
  for (const entry of snapshot?.dnsNames ?? []) if (!names.has(entry.addr)) names.set(entry.addr, entry.name);
  for (const device of devices) if (device.hostname) names.set(device.ip, device.hostname);
  return (addr) => names.get(addr);
}
