import type { Device } from '../../shared/model/device';

/** What kind of thing a device probably is, for its icon. */
export type DeviceKind = 'gateway' | 'self' | 'embedded' | 'phone' | 'virtual' | 'network' | 'computer';

// Guesses from the OUI owner; the first match wins. Apple and Samsung are mostly phones and tablets.
const VENDOR_KINDS: Array<[RegExp, DeviceKind]> = [
  [/raspberry pi|espressif|arduino|particle industries|tuya|shelly|allterco|seeed|nordic semi/i, 'embedded'],
  [/vmware|qemu|xensource|parallels|red hat|nutanix|proxmox|innotek|pcs systemtechnik/i, 'virtual'],
  [/apple|samsung|huawei|xiaomi|oneplus|oppo|vivo mobile|motorola mobility|google|fairphone/i, 'phone'],
  [/cisco|ubiquiti|tp-link|netgear|mikrotik|routerboard|juniper|aruba|zyxel|d-link|avm gmbh/i, 'network'],
];

/** Guesses a device's kind: gateway and this machine first, then from its vendor. */
export function deviceKind(device: Pick<Device, 'isGateway' | 'isSelf' | 'vendor'>): DeviceKind {
  if (device.isGateway) return 'gateway';
  if (device.isSelf) return 'self';
  const vendor = device.vendor ?? '';
  return VENDOR_KINDS.find(([pattern]) => pattern.test(vendor))?.[1] ?? 'computer';
}

/** Codicon per kind; all exist in the codicon set of VS Code 1.90. */
export const KIND_ICONS: Record<DeviceKind, string> = {
  gateway: 'globe',
  self: 'home',
  embedded: 'circuit-board',
  phone: 'device-mobile',
  virtual: 'vm',
  network: 'radio-tower',
  computer: 'device-desktop',
};
