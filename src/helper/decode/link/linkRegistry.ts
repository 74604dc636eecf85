// The link-layer modules. Adding a link type is one module (see linkDissector.ts and
// docs/addingADecoder.md) and one line in LINK_DISSECTORS.
import type { DecodedPacket } from '../packet';
import { ethernet } from './ethernet';
import type { LinkDissector } from './linkDissector';
import { linuxSll } from './linuxSll';
import { linuxSll2 } from './linuxSll2';
import { nullLoopback } from './nullLoopback';
import { rawIp } from './rawIp';

/** Every link-layer module; a frame's `packet.link` is its index here plus 1 (0: a link type none decodes). */
export const LINK_DISSECTORS: readonly LinkDissector[] = [ethernet, linuxSll, linuxSll2, nullLoopback, rawIp];

/** `packet.link` of a frame whose link type no module decodes. */
export const UNKNOWN_LINK = 0;
/** Link ids fit in this many bits (the protocol hierarchy packs them into a small-integer key). */
export const LINK_ID_BITS = 5;
/** Link types are looked up in a dense array this long (LINKTYPE_* values in use are below 300). */
const LINK_TYPE_SLOTS = 512;

/** The module of each link type, by LINKTYPE_* number: one array load per frame, no hashing. */
const BY_LINK_TYPE: (LinkDissector | undefined)[] = new Array<LinkDissector | undefined>(LINK_TYPE_SLOTS).fill(
  undefined,
);
/** The link id of each link type (index in LINK_DISSECTORS plus 1), 0 when unknown. */
const ID_BY_LINK_TYPE = new Uint8Array(LINK_TYPE_SLOTS);

if (LINK_DISSECTORS.length >= 1 << LINK_ID_BITS) throw new Error('too many link-layer modules for LINK_ID_BITS');
LINK_DISSECTORS.forEach((dissector, index) => {
  for (const linkType of dissector.linkTypes) {
    if (linkType < 0 || linkType >= LINK_TYPE_SLOTS || BY_LINK_TYPE[linkType]) {
      throw new Error(`link type ${linkType} of ${dissector.name} is out of range or registered twice`);
    }
    BY_LINK_TYPE[linkType] = dissector;
    ID_BY_LINK_TYPE[linkType] = index + 1;
  }
});

/** The module that decodes `linkType`, or undefined. */
export function linkDissectorFor(linkType: number): LinkDissector | undefined {
  return linkType >= 0 && linkType < LINK_TYPE_SLOTS ? BY_LINK_TYPE[linkType] : undefined;
}

/** The link id (`packet.link`) frames of `linkType` get, 0 when no module decodes it. */
export function linkIdFor(linkType: number): number {
  return linkType >= 0 && linkType < LINK_TYPE_SLOTS ? ID_BY_LINK_TYPE[linkType]! : UNKNOWN_LINK;
}

/** The module a decoded frame's link layer was read by, or undefined. */
export function linkDissectorOf(packet: DecodedPacket): LinkDissector | undefined {
  return LINK_DISSECTORS[packet.link - 1];
}

/** `frame.protocols` names by link id (`LINK_NAMES[packet.link]`), undefined for an unknown link. */
export const LINK_NAMES: readonly (string | undefined)[] = [undefined, ...LINK_DISSECTORS.map((d) => d.name)];
