// Where the layers below hand a payload to a tunnel module: IP by its protocol number, UDP by port,
// Ethernet by EtherType, GRE by its protocol type. tunnelRegistry.ts fills these tables from the
// modules when it loads; the layers read them here, so the modules (which decode IP and Ethernet
// again inside the tunnel) and those layers do not import each other.
import type { DecodedPacket } from '../packet';

/**
 * A tunnel module's decoder: reads its header at `offset` (`end`: one past the last byte it may
 * read) and what it carries. `id` is the module's own tunnel id (for `beginTunnel`); `context`
 * what the layer below tells it (GRE: its flags and version × 0x10000 + its protocol type), else 0.
 */
export type TunnelDecode = (
  packet: DecodedPacket,
  data: Uint8Array,
  offset: number,
  end: number,
  id: number,
  context: number,
) => void;

/** The tables, by number: the tunnel id (index in TUNNEL_DISSECTORS plus 1), 0 for none. */
export const TUNNEL_BY_IP_PROTOCOL = new Uint8Array(256);
export const TUNNEL_BY_UDP_PORT = new Uint8Array(65536);
export const TUNNEL_BY_ETHER_TYPE = new Uint8Array(65536);
export const TUNNEL_BY_GRE_PROTOCOL = new Uint8Array(65536);
/** Each tunnel id's decoder (index 0 unused). */
export const TUNNEL_DECODERS: TunnelDecode[] = [];
/** The UDP ports application modules registered (app/ports.ts's table): the lower port decides first, as for them. */
export const APP_UDP_PORTS: { table: Uint8Array } = { table: new Uint8Array(65536) };

/** Hands what a tunnel's IP protocol number names to its module (the caller checked the table). */
export function decodeIpTunnel(packet: DecodedPacket, data: Uint8Array, protocol: number, offset: number, end: number) {
  const id = TUNNEL_BY_IP_PROTOCOL[protocol]!;
  TUNNEL_DECODERS[id]!(packet, data, offset, end, id, 0);
}

/**
 * Hands a UDP payload to the tunnel its ports name (VXLAN, GENEVE…), if any: like Wireshark, the
 * lower port is tried first, so a port an application registered there wins over a tunnel's.
 */
export function decodeUdpTunnel(packet: DecodedPacket, data: Uint8Array): void {
  // Nothing declared after the header: no tunnel is called (one cut by the snap length is).
  if (packet.payloadDeclaredLength <= 0) return;
  const { srcPort, dstPort } = packet;
  const low = srcPort < dstPort ? srcPort : dstPort;
  let id = TUNNEL_BY_UDP_PORT[low]!;
  if (id === 0 && APP_UDP_PORTS.table[low] === 0) id = TUNNEL_BY_UDP_PORT[srcPort < dstPort ? dstPort : srcPort]!;
  if (id === 0) return;
  const start = packet.payloadOffset;
  TUNNEL_DECODERS[id]!(packet, data, start, start + packet.payloadLength, id, 0);
}

/** Hands what an EtherType names to its tunnel module (MPLS); false when none takes it. */
export function decodeEtherTypeTunnel(
  packet: DecodedPacket,
  data: Uint8Array,
  etherType: number,
  offset: number,
  end: number,
): boolean {
  const id = TUNNEL_BY_ETHER_TYPE[etherType]!;
  if (id === 0) return false;
  TUNNEL_DECODERS[id]!(packet, data, offset, end, id, 0);
  return true;
}
