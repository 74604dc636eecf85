// Well-known ports as the modules register them (Wireshark 4's defaults, `tshark -G decodes`):
// when a payload's content names nothing, the port does, so continuation segments are named as
// tshark names them.
import { APP_DISSECTORS, AppProtocol } from './appRegistry';

/** Set in a port table entry (beside the protocol id) when the port decides before the weak content tests. */
export const PORT_FIRST = 0x80;
/** The protocol id in a port table entry. */
export const PORT_PROTOCOL = 0x7f;

/** The entry of each TCP port: protocol id (0 unregistered), with PORT_FIRST for ports marked `portFirst`. */
export const TCP_PORTS = new Uint8Array(65536);
/** The entry of each UDP port: on UDP every registered port decides first (a datagram's port names it). */
export const UDP_PORTS = new Uint8Array(65536);

for (const dissector of APP_DISSECTORS) {
  const id = AppProtocol[dissector.name];
  for (const port of dissector.tcp?.ports ?? [])
    register(TCP_PORTS, port, id | (dissector.tcp?.portFirst ? PORT_FIRST : 0));
  for (const port of dissector.udp?.ports ?? []) register(UDP_PORTS, port, id | PORT_FIRST);
}

function register(table: Uint8Array, port: number, entry: number): void {
  if (table[port]) throw new Error(`port ${port} is registered to two application protocols`);
  table[port] = entry;
}

/** The entry registered on either port, the lower port first (as Wireshark tries them). */
export function byPort(table: Uint8Array, a: number, b: number): number {
  const low = a < b ? a : b;
  return table[low] || table[a < b ? b : a]!;
}

/** The packet comes from the server side: its source port is a registered TCP one (or the lower one). */
export function tcpServerSent(srcPort: number, dstPort: number): boolean {
  if (TCP_PORTS[srcPort]) return true;
  if (TCP_PORTS[dstPort]) return false;
  return srcPort < dstPort;
}
