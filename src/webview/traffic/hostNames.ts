// Labels for addresses, by the shared rule of which name stands for an address (addressNames.ts),
// with a tooltip listing everything known about it. Every name is hostile text.
import { addressName } from '../../shared/traffic/addressNames';
import type { AddressFacts } from '../../shared/traffic/addressNames';
import type { TrafficModel } from './trafficModel';

/** How an address is labelled; `title` lists everything known about it, for a tooltip. */
export interface HostLabel {
  label: string;
  title: string;
}

/** What the model knows about an address (cheap: a few map lookups). */
function factsOf(model: TrafficModel, addr: string): AddressFacts {
  return {
    device: model.devices.get(addr),
    dns: model.dnsName(addr),
    passive: model.passiveDevice(addr),
    host: model.hosts.get(addr),
  };
}

/** The label of an address and its tooltip. */
export function hostLabel(model: TrafficModel, addr: string): HostLabel {
  const facts = factsOf(model, addr);
  const { device, dns, passive, host } = facts;
  const lines = [addr];
  if (device?.hostname) lines.push(`${device.hostname} (Devices)`);
  if (dns && dns.name !== device?.hostname) lines.push(`${dns.name} (${dns.source})`);
  if (passive?.hostname && passive.hostname !== dns?.name) lines.push(`${passive.hostname} (${passive.source})`);
  const mac = device?.mac ?? host?.mac ?? passive?.mac;
  if (mac) lines.push(device?.vendor ? `${mac} · ${device.vendor}` : mac);
  if (device?.isGateway) lines.push('gateway');
  if (device?.isSelf) lines.push('this machine');
  return { label: addressName(facts) ?? addr, title: lines.join('\n') };
}

/** The text a host filter matches against: address and every known name. */
export function hostSearchText(model: TrafficModel, addr: string): string {
  const { device, dns, passive, host } = factsOf(model, addr);
  return [addr, device?.hostname, dns?.name, passive?.hostname, host?.name].filter(Boolean).join(' ').toLowerCase();
}
