import { u16 } from '../bytes';
import { decodeEtherType } from '../etherType';
import { NetworkLayer } from '../packet';
import type { DecodedPacket } from '../packet';

// IEEE 802.11 MAC frames (IEEE Std 802.11-2020 clause 9): a frame control field naming the frame's
// type and subtype and its flags, then addresses whose roles depend on the To DS and From DS
// flags; data frames carry 802.2 LLC (with SNAP, an EtherType), unless they are protected.

/** Frame types (frame control bits 2-3). */
export const WlanType = { Management: 0, Control: 1, Data: 2, Extension: 3 } as const;
/** Frame control flags (its second byte). */
export const WlanFlag = {
  ToDs: 0x01,
  FromDs: 0x02,
  MoreFragments: 0x04,
  Retry: 0x08,
  PowerManagement: 0x10,
  MoreData: 0x20,
  Protected: 0x40,
  /** +HTC/Order: QoS data and management frames carry a 4-byte HT control field */
  Order: 0x80,
} as const;

/** What follows the MAC header, which names the frame's path in tshark's terms. */
export const WlanKind = {
  /** nothing (control frames, null data) or LLC that decodePacket reads as NetworkLayer.Llc: `wlan` */
  Plain: 0,
  /** LLC and SNAP with an EtherType, then the network layer: `wlan:llc` */
  Llc: 1,
  /** a management body (beacon, probe): `wlan` in frame.protocols, `wlan:wlan.mgt` in io,phs */
  Management: 2,
  /** a body nothing reads (protected, or an A-MSDU): `wlan` then `data` in io,phs */
  Data: 3,
} as const;

/** Length of the header of a management frame, and of a data frame without address 4 or QoS */
const BASE_HEADER = 24;
/** LLC (DSAP 0xaa, SSAP 0xaa, UI) and SNAP (OUI, then the EtherType) */
const LLC_SNAP = 8;
/** Fixed fields of beacons and probe responses before their elements: timestamp, interval, capabilities */
const BEACON_FIXED = 12;

/** The length of the MAC header of the frame at `offset` (frame control read), or 0 when its type has none known. */
export function wlanHeaderLength(data: Uint8Array, offset: number): number {
  const fc = data[offset]!;
  const flags = data[offset + 1]!;
  const type = (fc >> 2) & 3;
  const subtype = fc >> 4;
  if (type === WlanType.Management) return BASE_HEADER + (flags & WlanFlag.Order ? 4 : 0);
  if (type === WlanType.Control) {
    // ACK and CTS name only the receiver; the others (RTS, PS-Poll, Block Ack…) the transmitter too.
    return subtype === 12 || subtype === 13 ? 10 : 16;
  }
  if (type === WlanType.Data) {
    let length = BASE_HEADER;
    if ((flags & (WlanFlag.ToDs | WlanFlag.FromDs)) === (WlanFlag.ToDs | WlanFlag.FromDs)) length += 6;
    if (subtype & 8) length += flags & WlanFlag.Order ? 6 : 2;
    return length;
  }
  return 0;
}

/**
 * Decodes the 802.11 frame at `offset..end` and returns its `WlanKind`. `padded`: radiotap said the
 * header is padded to a 4-byte boundary. Sets the MAC offsets as Ethernet's (source address and
 * destination address by the DS flags; for control frames receiver and transmitter) and hands a
 * data frame's LLC/SNAP payload to the network layer.
 */
export function decodeWlan(
  packet: DecodedPacket,
  data: Uint8Array,
  offset: number,
  end: number,
  padded = false,
): number {
  if (end - offset < 2) {
    packet.truncated = true;
    return WlanKind.Plain;
  }
  const fc = data[offset]!;
  // Protocol version 0 is the only one; type 3 frames (DMG beacons, S1G) are not read further.
  if ((fc & 3) !== 0) return WlanKind.Plain;
  const type = (fc >> 2) & 3;
  const header = wlanHeaderLength(data, offset);
  if (header === 0) return WlanKind.Plain;
  if (end - offset < header) {
    packet.truncated = true;
    return type === WlanType.Management ? WlanKind.Management : WlanKind.Plain;
  }
  const flags = data[offset + 1]!;
  if (type === WlanType.Control) {
    packet.dstMacOffset = offset + 4;
    if (header === 16) packet.srcMacOffset = offset + 10;
    return WlanKind.Plain;
  }
  setAddresses(packet, offset, type === WlanType.Data ? flags & 3 : 0);
  const body = offset + (padded ? (header + 3) & ~3 : header);
  if (type === WlanType.Management) {
    const subtype = fc >> 4;
    if ((subtype === 5 || subtype === 8) && end - body < BEACON_FIXED) packet.truncated = true;
    return WlanKind.Management;
  }
  const subtype = fc >> 4;
  // Subtypes with bit 2 set carry no data (null function, CF-Ack and CF-Poll without data).
  if (subtype & 4) return WlanKind.Plain;
  if (body >= end) {
    // A data subtype that carries data, cut before its LLC header.
    packet.truncated = true;
    return WlanKind.Plain;
  }
  if (flags & WlanFlag.Protected) return WlanKind.Data;
  // An A-MSDU (QoS control bit 7) holds subframes of their own: not read.
  if (subtype & 8 && data[offset + header - (flags & WlanFlag.Order ? 6 : 2)]! & 0x80) return WlanKind.Data;
  return decodeLlc(packet, data, body, end);
}

/** DA and SA by the DS bits (0: DA SA BSSID; 1 To DS: BSSID SA DA; 2 From DS: DA BSSID SA; 3: RA TA DA SA). */
function setAddresses(packet: DecodedPacket, offset: number, ds: number): void {
  packet.dstMacOffset = offset + (ds & 1 ? 16 : 4);
  packet.srcMacOffset = offset + (ds === 2 ? 16 : ds === 3 ? 24 : 10);
}

/** 802.2 LLC: with SNAP and an RFC 1042 or bridge-tunnel OUI, the EtherType's network layer; otherwise LLC itself. */
function decodeLlc(packet: DecodedPacket, data: Uint8Array, body: number, end: number): number {
  if (
    end - body >= LLC_SNAP &&
    data[body] === 0xaa &&
    data[body + 1] === 0xaa &&
    data[body + 2] === 0x03 &&
    data[body + 3] === 0 &&
    data[body + 4] === 0 &&
    (data[body + 5] === 0 || data[body + 5] === 0xf8)
  ) {
    decodeEtherType(packet, data, u16(data, body + 6), body + LLC_SNAP, end);
    return WlanKind.Llc;
  }
  if (end - body < LLC_SNAP && data[body] === 0xaa) {
    // SNAP announced (DSAP 0xaa) but cut.
    packet.truncated = true;
    return WlanKind.Plain;
  }
  // Other LLC (spanning tree, SNAP with another OUI such as Cisco's): read as on Ethernet.
  packet.network = NetworkLayer.Llc;
  packet.networkOffset = body;
  return WlanKind.Plain;
}
