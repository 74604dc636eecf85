import type { TrafficSnapshot } from '../../shared/model/traffic';
import { addressName, newestByAddress } from '../../shared/traffic/addressNames';
import type { DeviceName } from '../../shared/webviewProtocol';
import type { NameLookup } from './trafficExport';

/** Names as the dashboard shows them (addressNames.ts): the Devices list's first, then what the capture learnt. */
export function exportNames(devices: readonly DeviceName[], snapshot: TrafficSnapshot | undefined): NameLookup {
  const byIp = new Map(devices.map((device) => [device.ip, device]));
  const dns = newestByAddress(snapshot?.dnsNames ?? [], (row) => row.addr);
  const passive = newestByAddress(snapshot?.devices ?? [], (row) => row.ip);
  const hosts = new Map((snapshot?.hosts ?? []).map((host) => [host.addr, host]));
  return (addr) =>
    addressName({ device: byIp.get(addr), dns: dns.get(addr), passive: passive.get(addr), host: hosts.get(addr) });
}
