import { hexOf } from '../dissect/layerBuilder';
import type { LayerBuilder } from '../dissect/layerBuilder';
import type { PacketLayer } from '../../../shared/model/traffic';
import { GreFlag } from './gre';
import type { TunnelDissector } from './tunnelDissector';
import { beginTunnel, carryData, carryEthernet } from './tunnelLevel';

/** GRE protocol types of ERSPAN: types I and II, and type III. */
const ERSPAN_II = 0x88be;
const ERSPAN_III = 0x22eb;
/** Header lengths: type II; type III, and its optional platform-specific subheader. */
const TYPE_II_LENGTH = 8;
const TYPE_III_LENGTH = 12;
const SUBHEADER_LENGTH = 8;

/**
 * ERSPAN (Cisco's Encapsulated Remote SPAN, draft-foschiano-erspan), in GRE. Type 0x88be without a
 * GRE sequence number is type I (no header: the mirrored Ethernet frame follows); otherwise the
 * header's version says its layout, as Wireshark reads it: 1 is type II (8 bytes), 2 type III (12,
 * plus 8 when the O bit announces a platform-specific subheader). Type III's frame type 0 is
 * Ethernet, any other is left as data; another version is not read beyond its first two bytes.
 */
export const erspan: TunnelDissector = {
  name: 'erspan',
  greProtocols: [ERSPAN_II, ERSPAN_III],
  decode(packet, data, offset, end, id, context) {
    beginTunnel(packet, id, offset);
    const greFlags = context >>> 16;
    if ((context & 0xffff) === ERSPAN_II && (greFlags & GreFlag.Sequence) === 0) {
      packet.tunnelLength = 0;
      return carryEthernet(packet, data, offset, end);
    }
    if (end - offset < 2) {
      packet.truncated = true;
      return;
    }
    const version = data[offset]! >> 4;
    if (version !== 1 && version !== 2) {
      packet.tunnelLength = 2;
      return;
    }
    let at = offset + (version === 1 ? TYPE_II_LENGTH : TYPE_III_LENGTH);
    if (version === 2 && end - offset >= TYPE_III_LENGTH && data[offset + 11]! & 1) at += SUBHEADER_LENGTH;
    if (at > end) {
      packet.truncated = true;
      return;
    }
    packet.tunnelLength = at - offset;
    const frameType = version === 2 ? (data[offset + 10]! >> 2) & 0x1f : 0;
    if (frameType === 0) carryEthernet(packet, data, at, end);
    else carryData(packet, at, end);
  },
  columns: () => ({ protocol: 'ERSPAN', info: 'ERSPAN:' }),
  dissect(b, packet) {
    const at = packet.tunnelOffset;
    const version = packet.tunnelLength === 0 ? 0 : b.has(at, 1) ? b.u8(at) >> 4 : 0;
    const type =
      packet.tunnelLength === 0 ? 'Type I' : version === 1 ? 'Type II' : version === 2 ? 'Type III' : 'Unknown';
    const layer = b.layer('erspan', `Encapsulated Remote Switch Packet ANalysis ${type}`, at, packet.tunnelLength);
    if (packet.tunnelLength === 0) return;
    b.field(layer, 'Version', at, 2, () => version);
    if (version !== 1 && version !== 2) return;
    b.field(layer, 'Vlan', at, 2, () => b.u16(at) & 0xfff);
    b.field(layer, 'COS', at + 2, 2, () => b.u16(at + 2) >> 13);
    b.field(layer, version === 1 ? 'Encap' : 'Bad/Short/Oversized', at + 2, 2, () => (b.u16(at + 2) >> 11) & 3);
    b.field(layer, 'Truncated', at + 2, 2, () => (b.u16(at + 2) >> 10) & 1);
    b.field(layer, 'SpanID', at + 2, 2, () => b.u16(at + 2) & 0x3ff);
    if (version === 1) b.field(layer, 'Index', at + 4, 4, () => b.u32(at + 4) & 0xfffff);
    else dissectTypeIII(b, layer, at);
  },
};

function dissectTypeIII(b: LayerBuilder, layer: PacketLayer, at: number): void {
  b.field(layer, 'Timestamp', at + 4, 4, () => b.u32(at + 4));
  b.field(layer, 'Security Group Tag', at + 8, 2, () => b.u16(at + 8));
  b.field(layer, 'Frame Type', at + 10, 2, () => (b.u16(at + 10) >> 10) & 0x1f);
  b.field(layer, 'Hardware ID', at + 10, 2, () => (b.u16(at + 10) >> 4) & 0x3f);
  b.field(layer, 'Direction', at + 10, 2, () => (b.u16(at + 10) & 8 ? 'Egress' : 'Ingress'));
  b.field(layer, 'Optional Sub headers', at + 10, 2, () => b.u16(at + 10) & 1);
  if (b.has(at + 11, 1) && b.u8(at + 11) & 1) {
    b.field(layer, 'Platform ID', at + 12, 4, () => b.u32(at + 12) >>> 26);
    b.field(layer, 'Platform specific', at + 12, 8, () => hexOf(b.u32(at + 16), 8));
  }
}
