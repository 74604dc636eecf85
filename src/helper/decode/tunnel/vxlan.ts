import { hexOf } from '../dissect/layerBuilder';
import type { TunnelDissector } from './tunnelDissector';
import { beginTunnel, carryEthernet } from './tunnelLevel';
import { u24 } from './tunnelText';

/** VXLAN (RFC 7348), UDP 4789: an 8-byte header with a 24-bit network identifier, then an Ethernet frame. */
export const vxlan: TunnelDissector = {
  name: 'vxlan',
  udpPorts: [4789],
  decode(packet, data, offset, end, id) {
    beginTunnel(packet, id, offset);
    if (end - offset < 8) {
      packet.truncated = true;
      return;
    }
    packet.tunnelLength = 8;
    carryEthernet(packet, data, offset + 8, end);
  },
  columns: () => ({ protocol: 'VxLAN', info: '' }),
  dissect(b, packet) {
    const at = packet.tunnelOffset;
    const layer = b.layer('vxlan', 'Virtual eXtensible Local Area Network', at, 8);
    b.field(layer, 'Flags', at, 2, () => hexOf(b.u16(at), 4));
    b.field(layer, 'Group Policy ID', at + 2, 2, () => b.u16(at + 2));
    b.field(layer, 'VXLAN Network Identifier (VNI)', at + 4, 3, () => u24(b.data, at + 4));
    b.field(layer, 'Reserved', at + 7, 1, () => b.u8(at + 7));
  },
};
