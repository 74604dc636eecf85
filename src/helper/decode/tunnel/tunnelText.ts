// Text for the columns and details pane of tunnel layers, in Wireshark's words.
import { hexOf } from '../dissect/layerBuilder';

/** What a GRE or GENEVE protocol type names, as tshark writes it after "Encapsulated" (`IP`, `0x1234 (unknown)`). */
const ENCAPSULATED: Record<number, string> = {
  0x0800: 'IP',
  0x0806: 'ARP',
  0x6558: 'Transparent Ethernet bridging',
  0x86dd: 'IPv6',
  0x880b: 'PPP',
  0x8847: 'MPLS label switched packet',
  0x88be: 'ERSPAN',
  0x22eb: 'ERSPAN III',
};

/** The name of a GRE or GENEVE protocol type. */
export function encapsulatedName(type: number): string {
  return ENCAPSULATED[type] ?? `${hexOf(type, 4)} (unknown)`;
}

/** The unsigned 24-bit big-endian number at `at` (VXLAN's and GENEVE's network identifier). */
export function u24(data: Uint8Array, at: number): number {
  return (data[at]! << 16) | (data[at + 1]! << 8) | data[at + 2]!;
}
