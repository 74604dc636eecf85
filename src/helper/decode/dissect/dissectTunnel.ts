// A tunnel's part of the details pane: its module's layer(s), and what it carried undecoded.
import { recordTunnel } from '../tunnel/tunnelRegistry';
import type { DecodedPacket } from '../packet';
import type { LayerBuilder } from './layerBuilder';

/** Adds the layer of the tunnel whose header ends `packet`'s layers, and its undecoded payload as data. */
export function dissectTunnel(b: LayerBuilder, packet: DecodedPacket): void {
  // A header cut before it could be shown (GRE under 4 bytes) has no layer, as in Wireshark's tree.
  if (packet.tunnelCount !== 0) recordTunnel(packet)?.dissect(b, packet);
  const at = packet.tunnelDataOffset;
  if (at < 0) return;
  const length = b.end - at;
  const layer = b.layer('data', `Data (${length} bytes)`, at, length);
  b.field(layer, 'Data', at, length, () => `${length} bytes`);
}
