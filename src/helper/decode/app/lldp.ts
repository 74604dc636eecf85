import { macAt } from '../addressText';
import { u16 } from '../bytes';
import { hexBytes, hexOf } from '../dissect/layerBuilder';
import type { AppStatus } from './appDissector';
import { appDissector } from './appDissector';
import { NEIGHBOUR_FIELDS, addressText, neighbourNotes } from './neighbourFields';
import type { NeighbourFields } from './neighbourFields';
import { escapeControls, utf8Text } from './text';

// LLDP (IEEE 802.1AB-2016 clause 8): TLVs of a 7-bit type and a 9-bit length, from the chassis id,
// port id and time to live every LLDPDU starts with, to an End TLV.
const TLV_END = 0;
const TLV_CHASSIS = 1;
const TLV_PORT = 2;
const TLV_TTL = 3;
const TLV_PORT_DESCRIPTION = 4;
const TLV_SYSTEM_NAME = 5;
const TLV_SYSTEM_DESCRIPTION = 6;
const TLV_CAPABILITIES = 7;
const TLV_MANAGEMENT = 8;
const TLV_ORGANIZATION = 127;
/** IEEE 802.1's OUI, whose organisationally specific subtype 1 is the port VLAN id */
const IEEE_802_1 = 0x0080c2;
/** Chassis and port id subtypes whose ids are a MAC address and a network address */
const CHASSIS_MAC = 4;
const CHASSIS_NETWORK = 5;
const PORT_MAC = 3;
const PORT_NETWORK = 4;
/** Subtypes whose ids tshark's Info column shows as hex (chassis and port component) */
const CHASSIS_COMPONENT = 3;
const PORT_COMPONENT = 2;
/** How tshark's Info column abbreviates each chassis and port id subtype */
const CHASSIS_ABBREVIATIONS = ['Reserved', 'CC', 'IA', 'PC', 'MA', 'NA', 'IN', 'LA'];
const PORT_ABBREVIATIONS = ['Reserved', 'IA', 'PC', 'MA', 'NA', 'IN', 'AC', 'LA'];

/**
 * Reads an LLDPDU's TLVs into `out`. Every TLV moves the walk on by its 2-byte header at least, so
 * a frame of zero-length TLVs costs one step per 2 bytes; a TLV longer than the frame cuts it.
 */
export function decodeLldp(out: NeighbourFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  let at = start;
  while (end - at >= 2) {
    const header = u16(data, at);
    const type = header >> 9;
    const value = at + 2;
    const length = header & 0x1ff;
    if (type === TLV_END) return;
    if (value + length > end) {
      app.truncated = true;
      return;
    }
    readTlv(out, app, data, type, value, length);
    at = value + length;
  }
  // An LLDPDU ends with its End TLV; running out of bytes first means it was cut.
  app.truncated = true;
}

function readTlv(out: NeighbourFields, app: AppStatus, data: Uint8Array, type: number, at: number, length: number) {
  const end = at + length;
  switch (type) {
    case TLV_CHASSIS:
    case TLV_PORT: {
      if (length < 2) {
        app.malformed = true;
        return;
      }
      const subtype = data[at]!;
      const mac = type === TLV_CHASSIS ? CHASSIS_MAC : PORT_MAC;
      const network = type === TLV_CHASSIS ? CHASSIS_NETWORK : PORT_NETWORK;
      const id =
        subtype === mac && length === 7
          ? macAt(data, at + 1)
          : subtype === network
            ? addressText(data, at + 2, length - 2)
            : utf8Text(data, at + 1, end);
      if (type === TLV_CHASSIS) {
        out.chassisSubtype = subtype;
        out.chassisId = id;
        out.chassisIdOffset = at + 1;
        out.chassisIdLength = length - 1;
      } else {
        out.portSubtype = subtype;
        out.portId = id;
        out.portIdOffset = at + 1;
        out.portIdLength = length - 1;
      }
      return;
    }
    case TLV_TTL:
      if (length >= 2) out.ttl = u16(data, at);
      return;
    case TLV_PORT_DESCRIPTION:
      out.portDescription = utf8Text(data, at, end);
      return;
    case TLV_SYSTEM_NAME:
      out.systemName = utf8Text(data, at, end);
      return;
    case TLV_SYSTEM_DESCRIPTION:
      out.systemDescription = utf8Text(data, at, end);
      return;
    case TLV_CAPABILITIES:
      if (length >= 4) {
        out.capabilities = u16(data, at);
        out.enabledCapabilities = u16(data, at + 2);
      }
      return;
    case TLV_MANAGEMENT: {
      // The address string's length counts its subtype byte (1 IPv4, 2 IPv6: IANA address families).
      const addressLength = data[at]! - 1;
      if (length < 2 || addressLength < 0 || at + 2 + addressLength > end) return;
      out.addAddress(addressText(data, at + 2, addressLength) || hexBytes(data, at + 2, addressLength));
      return;
    }
    case TLV_ORGANIZATION:
      if (length >= 6 && ((data[at]! << 16) | u16(data, at + 1)) === IEEE_802_1 && data[at + 3] === 1) {
        out.vlan = u16(data, at + 4);
      }
  }
}

/** A chassis or port id as tshark's Info column shows it: component ids as hex, the others as text. */
function idShown(data: Uint8Array, text: string, offset: number, length: number, asHex: boolean): string {
  return asHex ? hexBytes(data, offset, length) : escapeControls(text);
}

/** LLDP's capability bits by name, bit 0 first (IEEE 802.1AB table 8-4). */
export const LLDP_CAPABILITIES = [
  'Other',
  'Repeater',
  'Bridge',
  'WLAN access point',
  'Router',
  'Telephone',
  'DOCSIS cable device',
  'Station only',
  'C-VLAN component',
  'S-VLAN component',
  'Two-port MAC relay',
];

/** LLDP, by its EtherType (0x88cc, and 0x8942, which Wireshark reads as LLDP too). */
export const lldp = appDissector({
  name: 'lldp',
  title: 'Link Layer Discovery Protocol',
  fields: NEIGHBOUR_FIELDS,
  ethernet: { etherTypes: [0x88cc, 0x8942], decode: decodeLldp },
  protocolColumn: () => 'LLDP',
  infoColumn(packet, out) {
    const data = packet.data;
    const chassis = idShown(
      data,
      out.chassisId,
      out.chassisIdOffset,
      out.chassisIdLength,
      out.chassisSubtype === CHASSIS_COMPONENT,
    );
    const port = idShown(data, out.portId, out.portIdOffset, out.portIdLength, out.portSubtype === PORT_COMPONENT);
    const parts: string[] = [];
    if (out.chassisIdOffset >= 0) parts.push(`${CHASSIS_ABBREVIATIONS[out.chassisSubtype] ?? 'Reserved'}/${chassis}`);
    if (out.portIdOffset >= 0) parts.push(`${PORT_ABBREVIATIONS[out.portSubtype] ?? 'Reserved'}/${port}`);
    if (out.ttl >= 0) parts.push(String(out.ttl));
    if (out.systemName) parts.push(`SysN=${escapeControls(out.systemName)}`);
    if (out.systemDescription) parts.push(`SysD=${escapeControls(out.systemDescription)}`);
    return parts.join(' ');
  },
  dissect: (b, layer, _packet, out) =>
    b.notes(layer, [
      ['Chassis id subtype', out.chassisSubtype || ''],
      ...neighbourNotes(out, LLDP_CAPABILITIES),
      ['Enabled capabilities', out.enabledCapabilities >= 0 ? hexOf(out.enabledCapabilities, 4) : ''],
    ]),
});
