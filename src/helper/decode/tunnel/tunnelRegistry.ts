// The tunnel (encapsulation) modules. Adding one is one module (see tunnelDissector.ts and
// docs/addingADecoder.md) and one line in TUNNEL_DISSECTORS; loading this file registers them in
// the tables the network and transport layers consult (tunnelTables.ts).
import { UDP_PORTS } from '../app/ports';
import type { DecodedPacket } from '../packet';
import { erspan } from './erspan';
import { geneve } from './geneve';
import { gre } from './gre';
import { ipInIp } from './ipInIp';
import { mpls } from './mpls';
import type { TunnelDissector } from './tunnelDissector';
import {
  APP_UDP_PORTS,
  TUNNEL_BY_ETHER_TYPE,
  TUNNEL_BY_GRE_PROTOCOL,
  TUNNEL_BY_IP_PROTOCOL,
  TUNNEL_BY_UDP_PORT,
  TUNNEL_DECODERS,
} from './tunnelTables';
import { vxlan } from './vxlan';

/** Every tunnel module; a record's `tunnel` is its index here plus 1 (0: no tunnel). */
export const TUNNEL_DISSECTORS: readonly TunnelDissector[] = [gre, vxlan, geneve, mpls, erspan, ipInIp];

/** Tunnel ids fit in this many bits (the protocol hierarchy packs them into a small-integer key). */
export const TUNNEL_ID_BITS = 4;
if (TUNNEL_DISSECTORS.length >= 1 << TUNNEL_ID_BITS) throw new Error('too many tunnel modules for TUNNEL_ID_BITS');

/** Records `id` under `key` in `table`, refusing a second owner (like Wireshark's tables, one per value). */
function register(table: Uint8Array, key: number, id: number, what: string): void {
  if (!(key >= 0 && key < table.length) || table[key] !== 0)
    throw new Error(`${what} ${key} is out of range or registered twice`);
  table[key] = id;
}

TUNNEL_DECODERS.length = 0;
TUNNEL_DECODERS.push(() => undefined);
TUNNEL_DISSECTORS.forEach((dissector, index) => {
  const id = index + 1;
  TUNNEL_DECODERS.push(dissector.decode);
  for (const protocol of dissector.ipProtocols ?? []) register(TUNNEL_BY_IP_PROTOCOL, protocol, id, 'IP protocol');
  for (const port of dissector.udpPorts ?? []) register(TUNNEL_BY_UDP_PORT, port, id, 'UDP port');
  for (const type of dissector.etherTypes ?? []) register(TUNNEL_BY_ETHER_TYPE, type, id, 'EtherType');
  for (const type of dissector.greProtocols ?? []) register(TUNNEL_BY_GRE_PROTOCOL, type, id, 'GRE protocol type');
});
APP_UDP_PORTS.table = UDP_PORTS;

/** The module of a tunnel id, or undefined for 0. */
export function tunnelDissectorOf(id: number): TunnelDissector | undefined {
  return TUNNEL_DISSECTORS[id - 1];
}

/** The module whose header ends a record's layers, or undefined. */
export function recordTunnel(packet: DecodedPacket): TunnelDissector | undefined {
  return TUNNEL_DISSECTORS[packet.tunnel - 1];
}

/** `frame.protocols` names by tunnel id (undefined for 0 and for tunnels with no header of their own). */
export const TUNNEL_NAMES: readonly (string | undefined)[] = [
  undefined,
  ...TUNNEL_DISSECTORS.map((d) => d.name || undefined),
];
