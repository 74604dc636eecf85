// The protocols a frame's link layer stands for, as tshark names them. Most link modules read one
// protocol named after themselves ('eth'); some read several (radiotap, then 802.11, then LLC) or
// wrap another link type (PKTAP), and tshark's `-z io,phs` does not always list what its
// `frame.protocols` does (it leaves NFLOG out and adds `wlan.mgt`). Each path has a small id, so a
// frame still names its link layer with one small integer and the hierarchy key stays a small integer.
import type { DecodedPacket } from '../packet';

/** The protocols of a link layer, outermost first. */
export interface LinkPath {
  /** as tshark's `frame.protocols` lists them (what protocolStack gives) */
  readonly protocols: readonly string[];
  /** as tshark's `-z io,phs` nests them */
  readonly hierarchy: readonly string[];
}

/** Link path ids fit in this many bits (the protocol hierarchy packs them into a small-integer key). */
export const LINK_ID_BITS = 5;
const SLOTS = 1 << LINK_ID_BITS;

/**
 * Paths by id: 1..N are the link modules' own (`packet.link`, set by linkRegistry.ts), the
 * variants modules declare are numbered down from the top, and the two must not meet.
 */
const PATHS: (LinkPath | undefined)[] = new Array<LinkPath | undefined>(SLOTS).fill(undefined);
let modules = 0;
let lowest = SLOTS;

/**
 * The id of a path a link module reads beyond its own name (`DecodedPacket.linkPath`), made on
 * first use; 0 once the ids run out (the frame is then named by its module alone). Cheap enough
 * for a module's load or a rare frame, not for every packet: callers keep the id.
 */
export function linkPathId(protocols: readonly string[], hierarchy: readonly string[] = protocols): number {
  for (let id = lowest; id < SLOTS; id++) {
    const path = PATHS[id]!;
    if (sameNames(path.protocols, protocols) && sameNames(path.hierarchy, hierarchy)) return id;
  }
  if (lowest - 1 <= modules) return 0;
  PATHS[--lowest] = { protocols, hierarchy };
  return lowest;
}

/** Gives the link modules, in registry order, ids 1..N and their paths (linkRegistry.ts does, once). */
export function setModulePaths(paths: readonly LinkPath[]): void {
  if (paths.length >= lowest) throw new Error('too many link-layer modules and paths for LINK_ID_BITS');
  paths.forEach((path, index) => (PATHS[index + 1] = path));
  modules = paths.length;
}

/** The id naming a decoded frame's link layer: its path's, or its module's (0: an unknown link type). */
export function linkPathIdOf(packet: DecodedPacket): number {
  return packet.linkPath || packet.link;
}

/** The path of a link path id (`linkPathIdOf`), undefined for 0. */
export function linkPath(id: number): LinkPath | undefined {
  return PATHS[id];
}

/** The protocols a decoded frame's link layer stands for, undefined for an unknown link type. */
export function linkPathOf(packet: DecodedPacket): LinkPath | undefined {
  return PATHS[packet.linkPath || packet.link];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
