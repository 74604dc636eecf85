// Words the rules build titles and evidence from. The values put in (addresses, MACs, names) come
// from the network; views show the result as text only.
import type { AlertDevice } from '../../shared/model/alerts';

/** '10.0.0.5 (aa:bb:cc:dd:ee:ff)', '10.0.0.5', 'aa:bb:cc:dd:ee:ff' or a name with its address. */
export function deviceWords(device: Pick<AlertDevice, 'ip' | 'mac' | 'name'>): string {
  const address = device.ip && device.mac ? `${device.ip} (${device.mac})` : (device.ip ?? device.mac ?? 'a device');
  return device.name ? `${device.name}, ${address}` : address;
}

/** The device key the baseline and watch list use: the MAC when known, else the address. */
export function deviceKey(device: { ip?: string; mac?: string }): string | undefined {
  return device.mac ?? device.ip;
}

/** 'TCP 22, 23 and 80' style lists, cut after `max` items with the rest counted. */
export function listWords(items: readonly string[], max = 8): string {
  if (items.length <= max) {
    return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  }
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
