import { LinkType } from '../linkType';
import type { LinkDissector } from './linkDissector';
import { linkPathId } from './linkPaths';
import { dissectWlan, wlanColumns } from './wlanDetails';
import { decodeWlan } from './wlanFrame';

/** Link paths of plain 802.11 frames by WlanKind (the plain one is the module's own). */
const WLAN_PATHS = [
  0,
  linkPathId(['wlan', 'llc']),
  linkPathId(['wlan'], ['wlan', 'wlan.mgt']),
  linkPathId(['wlan'], ['wlan', 'data']),
];

/** 802.11 without a radio header (LINKTYPE_IEEE802_11): frames as an access point or a driver hands them over. */
export const ieee80211: LinkDissector = {
  linkTypes: [LinkType.Ieee80211],
  name: 'wlan',
  decode(packet, data, offset, end) {
    packet.linkPath = WLAN_PATHS[decodeWlan(packet, data, offset, end)]!;
  },
  dissect: (b, packet, at) => dissectWlan(b, packet, at, packet.frameOffset + packet.capturedLength, false),
  columns: (packet, at) => wlanColumns(packet, at, packet.frameOffset + packet.capturedLength, false),
};
