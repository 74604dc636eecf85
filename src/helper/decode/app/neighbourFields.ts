// What a switch, router or host says about itself in LLDP (IEEE 802.1AB) or Cisco's CDP: one field
// group for both, as the neighbour table and the topology view read the two alike. Every string
// comes from the network: bounded when read (text.ts), escaped where shown.
import { ipv4At, ipv6At } from '../addressText';
import { hexOf } from '../dissect/layerBuilder';
import type { FieldGroup, FieldKind } from './appDissector';
import { escapeControls } from './text';

/** Most management addresses kept from one announcement (more are counted, not kept). */
export const MAX_ADDRESSES = 8;

/** An announcing device's identity and what it says about the port it sent from. */
export class NeighbourFields implements FieldGroup {
  /** LLDP chassis id subtype (4 MAC address, 5 network address, 7 locally assigned…); 0 for CDP */
  chassisSubtype = 0;
  /** the chassis id as text (a MAC, an address or a name); CDP's device id (hostile) */
  chassisId = '';
  /** where the chassis id's bytes are in the frame (-1 when absent) */
  chassisIdOffset = -1;
  chassisIdLength = 0;
  /** LLDP port id subtype (3 MAC address, 5 interface name, 7 locally assigned…); 0 for CDP */
  portSubtype = 0;
  /** the port the announcement was sent from, as text (hostile) */
  portId = '';
  portIdOffset = -1;
  portIdLength = 0;
  /** seconds the announcement stays valid (LLDP time to live, CDP holdtime); -1 when absent */
  ttl = -1;
  /** hostile */
  portDescription = '';
  /** hostile */
  systemName = '';
  /** hostile (CDP: the software version) */
  systemDescription = '';
  /** capability bits (LLDP's 16, CDP's 32); -1 when absent */
  capabilities = -1;
  /** LLDP: the capabilities enabled; -1 when absent */
  enabledCapabilities = -1;
  /** management addresses as text, in the order sent (CDP: its addresses, then its management addresses) */
  readonly addresses: string[] = [];
  addressCount = 0;
  /** the port's VLAN: LLDP's IEEE 802.1 port VLAN id, CDP's native VLAN; 0 when absent */
  vlan = 0;
  /** CDP version (1 or 2); 0 for LLDP */
  cdpVersion = 0;
  /** CDP platform (hostile) */
  platform = '';
  /** CDP duplex: 1 full, 0 half, -1 not sent */
  duplex = -1;

  reset(): void {
    this.chassisSubtype = 0;
    this.chassisId = '';
    this.chassisIdOffset = -1;
    this.chassisIdLength = 0;
    this.portSubtype = 0;
    this.portId = '';
    this.portIdOffset = -1;
    this.portIdLength = 0;
    this.ttl = -1;
    this.portDescription = '';
    this.systemName = '';
    this.systemDescription = '';
    this.capabilities = -1;
    this.enabledCapabilities = -1;
    this.addressCount = 0;
    this.vlan = 0;
    this.cdpVersion = 0;
    this.platform = '';
    this.duplex = -1;
  }

  /** adds a management address (kept up to MAX_ADDRESSES) */
  addAddress(address: string): void {
    if (this.addressCount < MAX_ADDRESSES) this.addresses[this.addressCount++] = address;
  }
}

/** LLDP's and CDP's field group (`app.fields.neighbour`). */
export const NEIGHBOUR_FIELDS: FieldKind<'neighbour', NeighbourFields> = {
  key: 'neighbour',
  create: () => new NeighbourFields(),
};

/** An IPv4 or IPv6 address of `length` bytes at `at` as text, or '' for another length. */
export function addressText(data: Uint8Array, at: number, length: number): string {
  if (length === 4) return ipv4At(data, at);
  if (length === 16) return ipv6At(data, at);
  return '';
}

/** Capability bits as names (`['Bridge', 'Router']`), from a protocol's list of bit names. */
export function capabilityNames(bits: number, names: readonly string[]): string[] {
  return names.filter((_, bit) => bits & (1 << bit));
}

/** The details pane's notes for what LLDP and CDP share (escaped; '' where a field was not sent). */
export function neighbourNotes(out: NeighbourFields, capabilities: readonly string[]): [string, string | number][] {
  const digits = out.cdpVersion ? 8 : 4;
  const caps = (bits: number) =>
    bits < 0 ? '' : `${hexOf(bits, digits)} (${capabilityNames(bits, capabilities).join(', ') || 'none'})`;
  return [
    [out.cdpVersion ? 'Device id' : 'Chassis id', escapeControls(out.chassisId)],
    ['Port id subtype', out.portSubtype || ''],
    ['Port id', escapeControls(out.portId)],
    [out.cdpVersion ? 'Holdtime' : 'Time to live', out.ttl >= 0 ? `${out.ttl} s` : ''],
    ['Port description', escapeControls(out.portDescription)],
    ['System name', escapeControls(out.systemName)],
    [out.cdpVersion ? 'Software version' : 'System description', escapeControls(out.systemDescription)],
    ['Capabilities', caps(out.capabilities)],
    ['Management addresses', out.addresses.slice(0, out.addressCount).join(', ')],
    [out.cdpVersion ? 'Native VLAN' : 'Port VLAN id', out.vlan || ''],
  ];
}
