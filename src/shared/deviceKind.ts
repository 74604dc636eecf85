import type { Device } from './model/device';
import type { DeviceKind as OsDeviceKind, OsGuess } from './model/ports';
import { displayText } from './format/displayText';

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

/** Codicon per kind of device an OS guess names; all exist in the codicon set of VS Code 1.90. */
export const OS_KIND_ICONS: Record<OsDeviceKind, string> = {
  router: 'radio-tower',
  printer: 'output',
  nas: 'database',
  camera: 'device-camera-video',
  tv: 'play-circle',
  phone: 'device-mobile',
  computer: 'device-desktop',
  server: 'server',
  iot: 'circuit-board',
  'virtual-machine': 'vm',
  unknown: 'question',
};

/** A guess worth showing: a named kind or family with some confidence. */
export function usefulOsGuess(os: OsGuess | undefined): OsGuess | undefined {
  if (!os || os.confidence < 0.3) return undefined;
  return os.kind !== 'unknown' || displayText(os.family) ? os : undefined;
}

/**
 * The codicon of a device, as the Devices tree and the topology view draw it: the OS guess's kind
 * when there is a useful one (but never for the gateway or this machine), else the vendor's.
 */
export function deviceIcon(device: Pick<Device, 'isGateway' | 'isSelf' | 'vendor'>, os: OsGuess | undefined): string {
  const useful = usefulOsGuess(os);
  if (useful && !device.isGateway && !device.isSelf) return OS_KIND_ICONS[useful.kind];
  return KIND_ICONS[deviceKind({ ...device, vendor: displayText(device.vendor) })];
}
