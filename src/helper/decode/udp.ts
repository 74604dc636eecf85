import { u16 } from './bytes';
import { TransportLayer } from './packet';
import type { DecodedPacket } from './packet';
import { setPayload } from './payload';
import { TUNNEL_BY_UDP_PORT, decodeUdpTunnel } from './tunnel/tunnelTables';

/** The tunnels' UDP ports, held here so the check each datagram makes is one local table. */
const TUNNEL_PORTS = TUNNEL_BY_UDP_PORT;

/** Decodes a UDP header (RFC 768) at `offset` and locates its payload. */
export function decodeUdp(packet: DecodedPacket, data: Uint8Array, offset: number, end: number, declaredEnd: number) {
  packet.transport = TransportLayer.Udp;
  packet.transportOffset = offset;
  if (end - offset < 4) {
    packet.truncated = true;
    return;
  }
  const srcPort = u16(data, offset);
  const dstPort = u16(data, offset + 2);
  packet.srcPort = srcPort;
  packet.dstPort = dstPort;
  if (end - offset < 8) {
    packet.truncated = true;
    return;
  }
  const length = u16(data, offset + 4);
  packet.udpLength = length;
  // 0 is legal in IPv6 jumbograms and offloaded segments: then IP's length is the one to trust.
  if (length !== 0 && length < 8) {
    packet.malformed = true;
    return;
  }
  const udpEnd = length !== 0 && offset + length < declaredEnd ? offset + length : declaredEnd;
  setPayload(packet, offset + 8, udpEnd < end ? udpEnd : end, udpEnd);
  // A tunnel's port (VXLAN, GENEVE…) hands the payload on: one table load per port for the rest.
  if ((TUNNEL_PORTS[srcPort]! | TUNNEL_PORTS[dstPort]!) !== 0) decodeUdpTunnel(packet, data);
}
