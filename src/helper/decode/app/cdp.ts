import { u16, u32 } from '../bytes';
import type { AppStatus } from './appDissector';
import { appDissector } from './appDissector';
import { NEIGHBOUR_FIELDS, addressText, neighbourNotes } from './neighbourFields';
import type { NeighbourFields } from './neighbourFields';
import { escapeControls, utf8Text } from './text';

// Cisco Discovery Protocol, over 802.2 SNAP (OUI 00000c, protocol 0x2000): version, holdtime and
// checksum, then TLVs of a 16-bit type and a 16-bit length that counts the TLV's own header.
const HEADER = 4;
const TLV_DEVICE_ID = 0x01;
const TLV_ADDRESSES = 0x02;
const TLV_PORT_ID = 0x03;
const TLV_CAPABILITIES = 0x04;
const TLV_SOFTWARE_VERSION = 0x05;
const TLV_PLATFORM = 0x06;
const TLV_NATIVE_VLAN = 0x0a;
const TLV_DUPLEX = 0x0b;
const TLV_SYSTEM_NAME = 0x14;
const TLV_MANAGEMENT_ADDRESSES = 0x16;

/** Reads a CDP message into `out`. Every TLV is at least its 4-byte header, so the walk is linear in the frame. */
export function decodeCdp(out: NeighbourFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  if (end - start < HEADER) {
    app.truncated = true;
    return;
  }
  out.cdpVersion = data[start]!;
  out.ttl = data[start + 1]!;
  for (let at = start + HEADER; end - at >= 4;) {
    const type = u16(data, at);
    const length = u16(data, at + 2);
    if (length < 4) {
      app.malformed = true;
      return;
    }
    if (at + length > end) {
      app.truncated = true;
      return;
    }
    readTlv(out, app, data, type, at + 4, at + length);
    at += length;
  }
}

function readTlv(out: NeighbourFields, app: AppStatus, data: Uint8Array, type: number, at: number, end: number) {
  switch (type) {
    case TLV_DEVICE_ID:
      out.chassisId = utf8Text(data, at, end);
      out.chassisIdOffset = at;
      out.chassisIdLength = end - at;
      return;
    case TLV_PORT_ID:
      out.portId = utf8Text(data, at, end);
      out.portIdOffset = at;
      out.portIdLength = end - at;
      return;
    case TLV_ADDRESSES:
    case TLV_MANAGEMENT_ADDRESSES:
      readAddresses(out, app, data, at, end);
      return;
    case TLV_CAPABILITIES:
      if (end - at >= 4) out.capabilities = u32(data, at);
      return;
    case TLV_SOFTWARE_VERSION:
      out.systemDescription = utf8Text(data, at, end);
      return;
    case TLV_PLATFORM:
      out.platform = utf8Text(data, at, end);
      return;
    case TLV_SYSTEM_NAME:
      out.systemName = utf8Text(data, at, end);
      return;
    case TLV_NATIVE_VLAN:
      if (end - at >= 2) out.vlan = u16(data, at);
      return;
    case TLV_DUPLEX:
      if (end - at >= 1) out.duplex = data[at]! ? 1 : 0;
  }
}

/**
 * A count, then that many addresses, each a protocol (type 1 NLPID 0xcc: IPv4; type 2 802.2 SNAP
 * with EtherType 0x86dd: IPv6) and an address. Each takes at least 4 bytes, whatever the count says.
 */
function readAddresses(out: NeighbourFields, app: AppStatus, data: Uint8Array, at: number, end: number): void {
  if (end - at < 4) return;
  const count = u32(data, at);
  at += 4;
  for (let i = 0; i < count && end - at >= 4; i++) {
    const protocolLength = data[at + 1]!;
    const protocol = at + 2;
    const lengthAt = protocol + protocolLength;
    if (lengthAt + 2 > end) break;
    const addressLength = u16(data, lengthAt);
    if (lengthAt + 2 + addressLength > end) {
      app.malformed = true;
      return;
    }
    const ip =
      (data[at] === 1 && protocolLength === 1 && data[protocol] === 0xcc) ||
      (data[at] === 2 && protocolLength === 8 && u16(data, protocol + 6) === 0x86dd);
    if (ip) {
      const text = addressText(data, lengthAt + 2, addressLength);
      if (text) out.addAddress(text);
    }
    at = lengthAt + 2 + addressLength;
  }
}

/** CDP's capability bits by name, bit 0 first, as Wireshark names them. */
export const CDP_CAPABILITIES = [
  'Router',
  'Transparent Bridge',
  'Source Route Bridge',
  'Switch',
  'Host',
  'IGMP capable',
  'Repeater',
  'VoIP Phone',
  'Remotely Managed Device',
  'CVTA/STP Dispute Resolution/Cisco VT Camera',
  'Two Port Mac Relay',
];

/** CDP, by its SNAP code (Cisco's OUI, protocol id 0x2000). */
export const cdp = appDissector({
  name: 'cdp',
  title: 'Cisco Discovery Protocol',
  fields: NEIGHBOUR_FIELDS,
  ethernet: { snap: [0x00000c * 0x10000 + 0x2000], decode: decodeCdp },
  protocolColumn: () => 'CDP',
  infoColumn(_packet, out) {
    const parts: string[] = [];
    if (out.chassisIdOffset >= 0) parts.push(`Device ID: ${escapeControls(out.chassisId)}`);
    if (out.portIdOffset >= 0) parts.push(`Port ID: ${escapeControls(out.portId)}`);
    return parts.join('  ');
  },
  dissect: (b, layer, _packet, out) =>
    b.notes(layer, [
      ['Version', out.cdpVersion],
      ...neighbourNotes(out, CDP_CAPABILITIES),
      ['Platform', escapeControls(out.platform)],
      ['Duplex', out.duplex < 0 ? '' : out.duplex ? 'Full' : 'Half'],
    ]),
});
