// Wireshark's Protocol and Info columns for the application layer, from the protocol's module
// (as tshark 4 writes them, with a few additions it lacks: SNI on a Client Hello). Called for the
// packets a view shows, not per captured packet: it builds strings freely.
import type { AppInfo } from '../app/appInfo';
import { appDissectorOf } from '../app/appRegistry';
import { tcpServerSent } from '../app/ports';
import type { DecodedPacket } from '../packet';

/** The Protocol column for an application protocol, or undefined to let the transport name it. */
export function appProtocolColumn(app: AppInfo): string | undefined {
  const fields = app.protocolFields();
  return fields && appDissectorOf(app.protocol)?.protocolColumn(fields, app);
}

/** The Info column for an application protocol, or undefined to let the transport describe the packet. */
export function appInfoColumn(packet: DecodedPacket, app: AppInfo): string | undefined {
  const fields = app.protocolFields();
  const fromServer = tcpServerSent(packet.srcPort, packet.dstPort);
  return fields && appDissectorOf(app.protocol)?.infoColumn(packet, fields, app, fromServer);
}
