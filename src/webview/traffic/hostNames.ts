// Names for addresses: the Devices list (the user's scans) first, then names learnt from captured
// DNS, mDNS and DHCP, then the host table's own. Every name is hostile text.
import type { TrafficModel } from './trafficModel';

/** How an address is labelled; `title` lists everything known about it, for a tooltip. */
export interface HostLabel {
  label: string;
  title: string;
}

/** Looks names up in the model's tables (cheap: a few map lookups). */
export function hostLabel(model: TrafficModel, addr: string): HostLabel {
  const device = model.devices.get(addr);
  const dns = model.dnsNames.get(addr);
  const passive = model.passive.get(addr);
  const host = model.hosts.get(addr);
  const name = device?.hostname || dns?.name || passive?.hostname || host?.name;
  const lines = [addr];
  if (device?.hostname) lines.push(`${device.hostname} (Devices)`);
  if (dns && dns.name !== device?.hostname) lines.push(`${dns.name} (${dns.source})`);
  if (passive?.hostname && passive.hostname !== dns?.name) lines.push(`${passive.hostname} (${passive.source})`);
  const mac = device?.mac ?? host?.mac ?? passive?.mac;
  if (mac) lines.push(device?.vendor ? `${mac} · ${device.vendor}` : mac);
  if (device?.isGateway) lines.push('gateway');
  if (device?.isSelf) lines.push('this machine');
  return { label: name || addr, title: lines.join('\n') };
}

/** The text a host filter matches against: address and every known name. */
export function hostSearchText(model: TrafficModel, addr: string): string {
  const device = model.devices.get(addr);
  return [
    addr,
    device?.hostname,
    model.dnsNames.get(addr)?.name,
    model.passive.get(addr)?.hostname,
    model.hosts.get(addr)?.name,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
