// The 802.11 header and management body in the details pane, and the columns of a frame nothing
// above 802.11 names (beacons, probes, control frames, protected data), in tshark's words. For
// the packets a view shows: strings are built freely, reads stay inside the captured bytes.
import type { PacketLayer } from '../../../shared/model/traffic';
import { macAt } from '../addressText';
import { escapeControls, utf8Text } from '../app/text';
import { u16le, u32le } from '../bytes';
import type { LayerBuilder } from '../dissect/layerBuilder';
import { etherTypeText } from '../dissect/fieldNames';
import { hexOf } from '../dissect/layerBuilder';
import { NetworkLayer } from '../packet';
import type { DecodedPacket } from '../packet';
import type { PacketColumns } from '../summary/columns';
import { WlanFlag, WlanType, wlanHeaderLength } from './wlanFrame';

const MANAGEMENT = [
  'Association Request',
  'Association Response',
  'Reassociation Request',
  'Reassociation Response',
  'Probe Request',
  'Probe Response',
  'Measurement Pilot',
  'Reserved',
  'Beacon frame',
  'ATIM',
  'Disassociate',
  'Authentication',
  'Deauthentication',
  'Action',
  'Action No Ack',
  'Reserved',
];
const CONTROL = [
  'Reserved',
  'Reserved',
  'Trigger',
  'TWT Ack',
  'Beamforming Report Poll',
  'VHT/HE NDP Announcement',
  'Control Frame Extension',
  'Control Wrapper',
  '802.11 Block Ack Req',
  '802.11 Block Ack',
  'Power-Save poll',
  'Request-to-send',
  'Clear-to-send',
  'Acknowledgement',
  'CF-End (Control-frame)',
  'CF-End + CF-Ack (Control-frame)',
];
const DATA = [
  'Data',
  'Data + CF-Ack',
  'Data + CF-Poll',
  'Data + CF-Ack + CF-Poll',
  'Null function (No data)',
  'Acknowledgement (No data)',
  'CF-poll (No data)',
  'CF-ack/poll (No data)',
  'QoS Data',
  'QoS Data + CF-Acknowledgment',
  'QoS Data + CF-Poll',
  'QoS Data + CF-Ack + CF-Poll',
  'QoS Null function (No data)',
  'Reserved',
  'QoS CF-Poll (No Data)',
  'QoS CF-Ack + CF-Poll (No data)',
];
const NAMES = [MANAGEMENT, CONTROL, DATA];

/** Fixed fields before the elements of each management subtype (-1: no elements follow). */
const FIXED = [4, 6, 10, 6, 0, 12, -1, -1, 12, 0, 2, 6, 2, -1, -1, -1];
/** Elements listed in the details pane at most */
const MAX_ELEMENTS = 64;
/** Element ids */
const SSID = 0;
const RATES = 1;
const DS_PARAMETER = 3;

/** The frame's type and subtype as tshark names them ('Beacon frame'). */
function frameName(fc: number): string {
  return NAMES[(fc >> 2) & 3]?.[fc >> 4] ?? 'Extension';
}

/** tshark's flag string: O p m P R M F T (order, protected… to DS), a dot for each clear bit, then C when the frame ends in an FCS. */
function flagText(flags: number, fcs: boolean): string {
  let text = '';
  for (let bit = 7; bit >= 0; bit--) text += flags & (1 << bit) ? 'opmPRMFT'[7 - bit] : '.';
  return fcs ? `${text}C` : text;
}

/** The SSID element's value as text, or undefined when the body has none. Hostile: escaped. */
function ssidAt(data: Uint8Array, start: number, end: number): string | undefined {
  for (let at = start; end - at >= 2; at += 2 + data[at + 1]!) {
    if (data[at] === SSID)
      return at + 2 + data[at + 1]! <= end ? utf8Text(data, at + 2, at + 2 + data[at + 1]!) : undefined;
  }
  return undefined;
}

/** Protocol and Info of an 802.11 frame at `at..end` that nothing above names; `fcs`: its last 4 bytes are an FCS. */
export function wlanColumns(packet: DecodedPacket, at: number, end: number, fcs: boolean): PacketColumns | undefined {
  const data = packet.data;
  if (end - at < 2) return undefined;
  const fc = data[at]!;
  const type = (fc >> 2) & 3;
  let info = frameName(fc);
  const header = wlanHeaderLength(data, at);
  if (type === WlanType.Control || header < 24 || end - at < header) {
    return { protocol: '802.11', info: `${info}, Flags=${flagText(data[at + 1]!, fcs)}` };
  }
  const sequence = u16le(data, at + 22);
  info += `, SN=${sequence >> 4}, FN=${sequence & 15}, Flags=${flagText(data[at + 1]!, fcs)}`;
  const subtype = fc >> 4;
  if (type === WlanType.Management && FIXED[subtype]! >= 0) {
    const body = at + header;
    const bodyEnd = fcs ? end - 4 : end;
    if ((subtype === 5 || subtype === 8) && bodyEnd - body >= 12) info += `, BI=${u16le(data, body + 8)}`;
    const ssid = ssidAt(data, body + FIXED[subtype]!, bodyEnd);
    if (ssid !== undefined) info += `, SSID=${ssid ? `"${escapeControls(ssid)}"` : 'Wildcard (Broadcast)'}`;
  }
  return { protocol: '802.11', info };
}

/** Address fields by role: [name, offset from the header] for each address the frame carries. */
function addressRoles(type: number, flags: number, header: number): [string, number][] {
  if (type === WlanType.Control) {
    return header === 16
      ? [
          ['Receiver address', 4],
          ['Transmitter address', 10],
        ]
      : [['Receiver address', 4]];
  }
  const ds = type === WlanType.Data ? flags & 3 : 0;
  if (ds === 1)
    return [
      ['BSS Id', 4],
      ['Source address', 10],
      ['Destination address', 16],
    ];
  if (ds === 2)
    return [
      ['Destination address', 4],
      ['BSS Id', 10],
      ['Source address', 16],
    ];
  if (ds === 3) {
    return [
      ['Receiver address', 4],
      ['Transmitter address', 10],
      ['Destination address', 16],
      ['Source address', 24],
    ];
  }
  return [
    ['Destination address', 4],
    ['Source address', 10],
    ['BSS Id', 16],
  ];
}

/**
 * Adds the 802.11 layer (and the management body, or LLC and SNAP) for the frame at `at..end`;
 * returns where the network layer (after any VLAN tags) begins.
 */
export function dissectWlan(b: LayerBuilder, packet: DecodedPacket, at: number, end: number, fcs: boolean): number {
  if (!b.has(at, 2)) {
    b.layer('wlan', 'IEEE 802.11', at, end - at);
    return end;
  }
  const fc = b.u8(at);
  const flags = b.u8(at + 1);
  const type = (fc >> 2) & 3;
  const name = frameName(fc);
  const header = wlanHeaderLength(b.data, at) || 2;
  const layer = b.layer('wlan', `IEEE 802.11 ${name}, Flags: ${flagText(flags, fcs)}`, at, header);
  b.field(layer, 'Type/Subtype', at, 1, () => `${name} (${hexOf((type << 4) | (fc >> 4), 4)})`);
  b.field(layer, 'Flags', at + 1, 1, () => hexOf(flags, 2));
  b.field(layer, 'Duration', at + 2, 2, () => u16le(b.data, at + 2));
  for (const [role, offset] of addressRoles(type, flags, header)) {
    if (offset + 6 <= header) b.field(layer, role, at + offset, 6, () => macAt(b.data, at + offset));
  }
  if (type !== WlanType.Control && header >= 24) {
    b.field(layer, 'Sequence number', at + 22, 2, () => u16le(b.data, at + 22) >> 4);
    b.field(layer, 'Fragment number', at + 22, 2, () => u16le(b.data, at + 22) & 15);
  }
  const qos = type === WlanType.Data && fc & 0x80 ? at + header - (flags & WlanFlag.Order ? 6 : 2) : -1;
  if (qos >= 0) b.field(layer, 'QoS control', qos, 2, () => hexOf(u16le(b.data, qos), 4));
  const bodyEnd = fcs ? end - 4 : end;
  if (fcs && b.has(bodyEnd, 4))
    b.field(layer, 'Frame check sequence', bodyEnd, 4, () => hexOf(u32le(b.data, bodyEnd), 8));
  if (flags & WlanFlag.Protected) b.note(layer, 'Protected', 'the body is encrypted');
  if (type === WlanType.Management) dissectManagement(b, at + header, bodyEnd, fc >> 4);
  // A data frame's network layer after LLC and SNAP (and any VLAN tags), as decodeWlan found it.
  const snap = packet.networkOffset - 8 - 4 * packet.vlanCount;
  if (type === WlanType.Data && packet.network !== NetworkLayer.Llc && snap >= at + header && isSnap(b, snap)) {
    return dissectSnap(b, packet, snap);
  }
  return packet.networkOffset >= at ? packet.networkOffset : at + header;
}

function isSnap(b: LayerBuilder, at: number): boolean {
  return b.has(at, 8) && b.u8(at) === 0xaa && b.u8(at + 1) === 0xaa && b.u8(at + 2) === 0x03;
}

/** LLC with SNAP before an EtherType (RFC 1042): its layer; returns where the network layer begins. */
function dissectSnap(b: LayerBuilder, packet: DecodedPacket, at: number): number {
  const llc = b.layer('llc', 'Logical-Link Control', at, 8);
  b.field(llc, 'DSAP', at, 1, () => hexOf(b.u8(at), 2));
  b.field(llc, 'SSAP', at + 1, 1, () => hexOf(b.u8(at + 1), 2));
  b.field(llc, 'Control field', at + 2, 1, () => hexOf(b.u8(at + 2), 2));
  b.field(llc, 'Organization code', at + 3, 3, () => hexOf((b.u8(at + 3) << 16) | b.u16(at + 4), 6));
  b.field(llc, 'Type', at + 6, 2, () => etherTypeText(b.u16(at + 6)));
  return at + 8 + 4 * packet.vlanCount;
}

function dissectManagement(b: LayerBuilder, at: number, end: number, subtype: number): void {
  const layer = b.layer('wlan.mgt', 'IEEE 802.11 Wireless Management', at, end - at);
  const fixed = FIXED[subtype]!;
  if (subtype === 5 || subtype === 8) {
    b.field(layer, 'Timestamp', at, 8, () => u32le(b.data, at) + u32le(b.data, at + 4) * 2 ** 32);
    b.field(layer, 'Beacon interval', at + 8, 2, () => u16le(b.data, at + 8));
    b.field(layer, 'Capabilities information', at + 10, 2, () => hexOf(u16le(b.data, at + 10), 4));
  } else if (fixed > 0) b.field(layer, 'Fixed parameters', at, fixed, () => `${fixed} bytes`);
  if (fixed < 0) return;
  let element = at + fixed;
  for (let listed = 0; b.has(element, 2) && listed < MAX_ELEMENTS; listed++) {
    const id = b.u8(element);
    const length = b.u8(element + 1);
    if (!b.has(element + 2, length) || element + 2 + length > end) break;
    addElement(b, layer, id, element + 2, length);
    element += 2 + length;
  }
}

function addElement(b: LayerBuilder, layer: PacketLayer, id: number, at: number, length: number): void {
  switch (id) {
    case SSID: {
      const ssid = utf8Text(b.data, at, at + length);
      b.field(layer, 'SSID', at - 2, length + 2, () => (ssid ? escapeControls(ssid) : 'Wildcard (Broadcast)'));
      return;
    }
    case RATES: {
      const rates = Array.from(
        b.data.subarray(at, at + length),
        (rate) => `${(rate & 0x7f) / 2}${rate & 0x80 ? '(B)' : ''}`,
      );
      b.field(layer, 'Supported rates', at - 2, length + 2, () => `${rates.join(' ')} [Mbit/sec]`);
      return;
    }
    case DS_PARAMETER:
      if (length === 1) b.field(layer, 'Current channel', at - 2, 3, () => b.u8(at));
      return;
    default:
      b.field(layer, `Tag ${id}`, at - 2, length + 2, () => `${length} bytes`);
  }
}
