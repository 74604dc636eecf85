import { u16le, u32le } from '../bytes';
import { LinkType } from '../linkType';
import type { DecodedPacket } from '../packet';
import type { LinkDissector } from './linkDissector';
import { linkPathId } from './linkPaths';
import { dissectRadiotap } from './radiotapFields';
import { dissectWlan, wlanColumns } from './wlanDetails';
import { decodeWlan } from './wlanFrame';

// Radiotap (radiotap.org): a little-endian header of its own length, present bitmaps (chained by
// bit 31) and the radio fields they announce, then the 802.11 frame. Only the Flags field matters
// to decoding: an FCS at the frame's end, and padding between the 802.11 header and its body.
const HEADER = 8;
/** Flags field bits */
const FLAG_DATA_PAD = 0x20;
const FLAG_FCS = 0x10;

/** Link paths of radiotap frames by WlanKind: tshark puts its radio summary `wlan_radio` between the two. */
const RADIOTAP_PATHS = [
  linkPathId(['radiotap', 'wlan_radio', 'wlan']),
  linkPathId(['radiotap', 'wlan_radio', 'wlan', 'llc']),
  linkPathId(['radiotap', 'wlan_radio', 'wlan'], ['radiotap', 'wlan_radio', 'wlan', 'wlan.mgt']),
  linkPathId(['radiotap', 'wlan_radio', 'wlan'], ['radiotap', 'wlan_radio', 'wlan', 'data']),
];

/**
 * The Flags field of the radiotap header at `offset` of `length` bytes, or 0 when it has none.
 * Flags is the second field of the first present word, after TSFT (8 bytes, 8-aligned): finding
 * it needs only the number of present words, not the other fields.
 */
function radiotapFlags(data: Uint8Array, offset: number, length: number): number {
  const present = u32le(data, offset + 4);
  if (!(present & 2)) return 0;
  let at = 8;
  while (at + 4 <= length && u32le(data, offset + at - 4) & (1 << 31)) at += 4;
  if (present & 1) at = ((at + 7) & ~7) + 8;
  return at < length ? data[offset + at]! : 0;
}

/** Where the 802.11 frame of a radiotap frame at `at` starts and ends (past an FCS), and whether it has one. */
function wlanBounds(packet: DecodedPacket, at: number): { start: number; end: number; fcs: boolean } | undefined {
  const end = packet.frameOffset + packet.capturedLength;
  if (end - at < HEADER) return undefined;
  const length = u16le(packet.data, at + 2);
  if (length < HEADER || at + length > end) return undefined;
  const fcs = (radiotapFlags(packet.data, at, length) & FLAG_FCS) !== 0 && end - at - length >= 4;
  return { start: at + length, end, fcs };
}

/** 802.11 with a radiotap header (LINKTYPE_IEEE802_11_RADIOTAP): what Wi-Fi monitor mode captures. */
export const radiotap: LinkDissector = {
  linkTypes: [LinkType.Ieee80211Radiotap],
  name: 'radiotap',
  decode(packet, data, offset, end) {
    if (end - offset < HEADER) {
      packet.truncated = true;
      return;
    }
    const length = u16le(data, offset + 2);
    if (data[offset] !== 0 || length < HEADER) {
      packet.malformed = true;
      return;
    }
    if (length > end - offset) {
      packet.truncated = true;
      return;
    }
    const flags = radiotapFlags(data, offset, length);
    const frameEnd = flags & FLAG_FCS && end - offset - length >= 4 ? end - 4 : end;
    packet.linkPath =
      RADIOTAP_PATHS[decodeWlan(packet, data, offset + length, frameEnd, (flags & FLAG_DATA_PAD) !== 0)]!;
  },
  dissect(b, packet, at) {
    const length = b.has(at, HEADER) ? u16le(b.data, at + 2) : 0;
    dissectRadiotap(b, at, length);
    const bounds = wlanBounds(packet, at);
    return bounds ? dissectWlan(b, packet, bounds.start, bounds.end, bounds.fcs) : at + length;
  },
  columns(packet, at) {
    const bounds = wlanBounds(packet, at);
    return bounds && wlanColumns(packet, bounds.start, bounds.end, bounds.fcs);
  },
};
