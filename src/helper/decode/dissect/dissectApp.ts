// The application layer's part of the packet details pane: a layer over the payload with the
// protocol's title and Info, notes on how it was named, then the module's own fields.
import type { AppInfo } from '../app/appInfo';
import { APP_PROTOCOL_NAMES, AppProtocol, appDissectorOf } from '../app/appRegistry';
import { framePayloadStart } from '../app/framePayload';
import type { DecodedPacket } from '../packet';
import { appInfoColumn } from '../summary/appColumns';
import type { LayerBuilder } from './layerBuilder';

/** Adds the application layer (if any) covering the payload. */
export function dissectApp(b: LayerBuilder, packet: DecodedPacket, app: AppInfo): void {
  if (app.protocol === AppProtocol.None) return;
  const dissector = appDissectorOf(app.protocol);
  const title = dissector?.title ?? 'Data';
  const summary = dissector ? appInfoColumn(packet, app) : `${packet.payloadLength} bytes`;
  // A protocol carried right in the frame (LLDP, CDP) runs to the frame's end.
  const start = packet.payloadOffset >= 0 ? packet.payloadOffset : framePayloadStart(packet);
  const length = packet.payloadOffset >= 0 ? packet.payloadLength : packet.frameOffset + packet.capturedLength - start;
  const layer = b.layer(APP_PROTOCOL_NAMES[app.protocol]!, summary ? `${title} (${summary})` : title, start, length);
  if (app.truncated) b.note(layer, 'Truncated', 'the payload ends inside a field');
  if (app.malformed) b.note(layer, 'Malformed', 'the payload contradicts itself');
  const fields = app.protocolFields();
  if (!dissector || !fields) return;
  if (!app.byContent) b.note(layer, 'Named by', 'well-known port');
  dissector.dissect(b, layer, packet, fields, app);
}
