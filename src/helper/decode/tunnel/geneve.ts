import { u16 } from '../bytes';
import { hexOf } from '../dissect/layerBuilder';
import type { LayerBuilder } from '../dissect/layerBuilder';
import type { PacketLayer } from '../../../shared/model/traffic';
import type { TunnelDissector } from './tunnelDissector';
import { beginTunnel, carryData, carryEtherType } from './tunnelLevel';
import { encapsulatedName, u24 } from './tunnelText';

/**
 * GENEVE (RFC 8926), UDP 6081: an 8-byte header, options (their length in 4-byte words in the first
 * byte), then what its protocol type names, read as Ethernet's EtherType table reads it
 * (0x6558: an Ethernet frame).
 */
export const geneve: TunnelDissector = {
  name: 'geneve',
  udpPorts: [6081],
  decode(packet, data, offset, end, id) {
    beginTunnel(packet, id, offset);
    if (end - offset < 8) {
      packet.truncated = true;
      return;
    }
    const payload = offset + 8 + (data[offset]! & 0x3f) * 4;
    if (payload > end) {
      packet.truncated = true;
      return;
    }
    packet.tunnelLength = payload - offset;
    if (!carryEtherType(packet, data, u16(data, offset + 2), payload, end)) carryData(packet, payload, end);
  },
  columns: (packet) => ({
    protocol: 'Geneve',
    info: `Encapsulated ${encapsulatedName(u16(packet.data, packet.tunnelOffset + 2))}`,
  }),
  dissect(b, packet) {
    const at = packet.tunnelOffset;
    const vni = b.has(at + 4, 3) ? u24(b.data, at + 4) : 0;
    const length = packet.tunnelLength || 8;
    const layer = b.layer('geneve', `Generic Network Virtualization Encapsulation, VNI: ${hexOf(vni, 6)}`, at, length);
    b.field(layer, 'Version', at, 1, () => b.u8(at) >> 6);
    b.field(layer, 'Length', at, 1, () => `${8 + (b.u8(at) & 0x3f) * 4} bytes`);
    b.field(layer, 'Flags', at + 1, 1, () => hexOf(b.u8(at + 1), 2));
    b.field(layer, 'Protocol Type', at + 2, 2, () => `${encapsulatedName(b.u16(at + 2))} (${hexOf(b.u16(at + 2), 4)})`);
    b.field(layer, 'Virtual Network Identifier (VNI)', at + 4, 3, () => `${hexOf(vni, 6)} (${vni})`);
    dissectOptions(b, layer, at + 8, at + length);
  },
};

/** Each option's class, type and length (a 4-byte header, then its length field × 4 bytes of data). */
function dissectOptions(b: LayerBuilder, layer: PacketLayer, at: number, end: number): void {
  while (end - at >= 4 && b.has(at, 4)) {
    const here = at;
    const length = 4 + (b.u8(here + 3) & 0x1f) * 4;
    b.field(layer, 'Option', here, Math.min(length, end - here), () => {
      return `Class: ${hexOf(b.u16(here), 4)}, Type: ${hexOf(b.u8(here + 2), 2)}, Length: ${length} bytes`;
    });
    at += length;
  }
}
