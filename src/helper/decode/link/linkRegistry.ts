// The link-layer modules. Adding a link type is one module (see linkDissector.ts and
// docs/addingADecoder.md) and one line in LINK_DISSECTORS.
import type { DecodedPacket } from '../packet';
import { ethernet } from './ethernet';
import { ieee80211 } from './ieee80211';
import type { LinkDissector } from './linkDissector';
import { LINK_ID_BITS, setModulePaths } from './linkPaths';
import { linuxSll } from './linuxSll';
import { linuxSll2 } from './linuxSll2';
import { nflog } from './nflog';
import { nullLoopback } from './nullLoopback';
import { pktapDissector } from './pktap';
import { radiotap } from './radiotap';
import { rawIp } from './rawIp';

/** Every link-layer module; a frame's `packet.link` is its index here plus 1 (0: a link type none decodes). */
export const LINK_DISSECTORS: readonly LinkDissector[] = [
  ethernet,
  linuxSll,
  linuxSll2,
  nullLoopback,
  rawIp,
  nflog,
  ieee80211,
  radiotap,
  // PKTAP reads the frame it wraps with that frame's module, found through this table.
  pktapDissector((linkType) => linkEntry(linkType)),
];

/** `packet.link` of a frame whose link type no module decodes. */
export const UNKNOWN_LINK = 0;
/** Link types are looked up in a dense array this long (LINKTYPE_* values in use are below 300). */
const LINK_TYPE_SLOTS = 512;

/** A link type's id (`packet.link`) and module: what decodePacket needs, in one load. */
export interface LinkEntry {
  readonly id: number;
  readonly dissector: LinkDissector | undefined;
}
const NO_LINK: LinkEntry = { id: UNKNOWN_LINK, dissector: undefined };

if (LINK_DISSECTORS.length >= 1 << LINK_ID_BITS) throw new Error('too many link-layer modules for LINK_ID_BITS');
// Each module's own path has its link id; the paths some modules read beyond it have ids of their own.
setModulePaths(LINK_DISSECTORS.map((d) => ({ protocols: [d.name], hierarchy: d.hierarchy ?? [d.name] })));
/**
 * The entry of every link type, by LINKTYPE_* number: a packed array of objects of one shape, so
 * the lookup each frame makes is one load without hashing, holes or a second table.
 */
const BY_LINK_TYPE: readonly LinkEntry[] = Array.from({ length: LINK_TYPE_SLOTS }, (_, linkType) => {
  const index = LINK_DISSECTORS.findIndex((dissector) => dissector.linkTypes.includes(linkType));
  return index < 0 ? NO_LINK : { id: index + 1, dissector: LINK_DISSECTORS[index] };
});
for (const dissector of LINK_DISSECTORS) {
  for (const linkType of dissector.linkTypes) {
    if (!(linkType >= 0 && linkType < LINK_TYPE_SLOTS) || BY_LINK_TYPE[linkType]!.dissector !== dissector) {
      throw new Error(`link type ${linkType} of ${dissector.name} is out of range or registered twice`);
    }
  }
}

/** The id and module of `linkType` (id 0 and no module when none decodes it). */
export function linkEntry(linkType: number): LinkEntry {
  return linkType >= 0 && linkType < LINK_TYPE_SLOTS ? BY_LINK_TYPE[linkType]! : NO_LINK;
}

/** The module a decoded frame's link layer was read by, or undefined. */
export function linkDissectorOf(packet: DecodedPacket): LinkDissector | undefined {
  return LINK_DISSECTORS[packet.link - 1];
}
