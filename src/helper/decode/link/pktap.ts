import { u32le } from '../bytes';
import type { LayerBuilder } from '../dissect/layerBuilder';
import { LinkType } from '../linkType';
import { utf8Text } from '../app/text';
import type { LinkDissector, LinkLookup } from './linkDissector';
import { linkPath, linkPathId } from './linkPaths';

// Apple's PKTAP header (libpcap's pcap/pktap.h, little-endian as macOS writes it): its length,
// a record type, the DLT of the frame that follows, the interface, then the process that sent or
// received the frame. The frame itself starts `length` bytes in and is read by its own link module.
/** The header as macOS 10.9 and later write it; a longer one may follow (the length says) */
const MIN_HEADER = 108;
/** Record type: a packet follows the header */
const PKT_REC_PACKET = 1;

/** Link path ids of PKTAP around each inner link path id, made on first use (0: not yet), for 258 then for 149. */
const PATH_OVER = new Uint8Array(2 << 5);

/** The path of a PKTAP frame around an inner link layer of path `inner` (`linkPathIdOf` of the inner frame). */
function pathOver(linkType: number, inner: number): number {
  const slot = (linkType === LinkType.User2 ? 32 : 0) + (inner & 31);
  let id = PATH_OVER[slot]!;
  if (id === 0) {
    const innerPath = linkPath(inner);
    // tshark reads LINKTYPE_USER2 files as PKTAP inside its user-DLT dissector.
    const outer = linkType === LinkType.User2 ? ['user_dlt', 'pktap'] : ['pktap'];
    id = linkPathId([...outer, ...(innerPath?.protocols ?? [])], [...outer, ...(innerPath?.hierarchy ?? [])]);
    PATH_OVER[slot] = id;
  }
  return id;
}

/**
 * macOS's PKTAP (LINKTYPE_PKTAP; `tcpdump -k` and captures on `pktap` interfaces), and files macOS
 * 10.9 wrote with LINKTYPE_USER2, which tshark reads as PKTAP too. `lookup` finds the module of the
 * link type the header names (linkRegistry's `linkEntry`, passed in so the two files do not import
 * each other).
 */
export function pktapDissector(lookup: LinkLookup): LinkDissector {
  const inner = (data: Uint8Array, at: number) => {
    const entry = lookup(u32le(data, at + 8));
    return entry.dissector === pktap ? undefined : entry;
  };
  const pktap: LinkDissector = {
    linkTypes: [LinkType.Pktap, LinkType.User2],
    name: 'pktap',
    decode(packet, data, offset, end, linkType) {
      if (linkType === LinkType.User2) packet.linkPath = pathOver(linkType, 0);
      if (end - offset < MIN_HEADER) {
        packet.truncated = true;
        return;
      }
      const length = u32le(data, offset);
      if (length < MIN_HEADER) {
        packet.malformed = true;
        return;
      }
      if (u32le(data, offset + 4) !== PKT_REC_PACKET) return;
      if (length > end - offset) {
        packet.truncated = true;
        return;
      }
      // The frame's own module reads it; PKTAP inside PKTAP is not followed (the nesting could go on).
      const entry = inner(data, offset);
      if (!entry?.dissector) return;
      packet.linkPath = 0;
      entry.dissector.decode(packet, data, offset + length, end, u32le(data, offset + 8));
      packet.linkPath = pathOver(linkType, packet.linkPath || entry.id);
    },
    dissect(b, packet, at) {
      // tshark shows LINKTYPE_USER2 as its user-DLT item, with PKTAP inside.
      if (packet.linkType === LinkType.User2) b.layer('user_dlt', `DLT: ${LinkType.User2}`, at, 0);
      const length = b.has(at, 4) ? u32le(b.data, at) : 0;
      dissectHeader(b, at, length);
      const entry = length >= MIN_HEADER && b.has(at, MIN_HEADER) ? inner(b.data, at) : undefined;
      if (!entry?.dissector || u32le(b.data, at + 4) !== PKT_REC_PACKET) return at + length;
      return entry.dissector.dissect(b, packet, at + length);
    },
    columns(packet, at) {
      const whole = packet.frameOffset + packet.capturedLength - at >= MIN_HEADER;
      const length = whole ? u32le(packet.data, at) : 0;
      const packetFollows = length >= MIN_HEADER && u32le(packet.data, at + 4) === PKT_REC_PACKET;
      const entry = packetFollows ? inner(packet.data, at) : undefined;
      return (
        entry?.dissector?.columns?.(packet, at + length) ?? { protocol: 'PKTAP', info: `PKTAP, ${length} byte header` }
      );
    },
  };
  return pktap;
}

function dissectHeader(b: LayerBuilder, at: number, length: number): void {
  const layer = b.layer('pktap', 'PKTAP packet header', at, Math.max(length, 4));
  const le = (offset: number) => u32le(b.data, at + offset);
  const text = (offset: number, size: number) => utf8Text(b.data, at + offset, at + offset + size);
  b.field(layer, 'Header length', at, 4, () => le(0));
  if (length < MIN_HEADER) return;
  b.field(layer, 'Record type', at + 4, 4, () => le(4));
  b.field(layer, 'DLT', at + 8, 4, () => le(8));
  b.field(layer, 'Interface name', at + 12, 24, () => text(12, 24));
  b.field(layer, 'Flags', at + 36, 4, () => `0x${le(36).toString(16).padStart(8, '0')}`);
  b.field(layer, 'Protocol family', at + 40, 4, () => le(40));
  b.field(layer, 'Link-layer header length', at + 44, 4, () => le(44));
  b.field(layer, 'Link-layer trailer length', at + 48, 4, () => le(48));
  b.field(layer, 'Process ID', at + 52, 4, () => le(52));
  b.field(layer, 'Command name', at + 56, 20, () => text(56, 20));
  b.field(layer, 'Service class', at + 76, 4, () => le(76));
  b.field(layer, 'Interface type', at + 80, 2, () => b.data[at + 80]! | (b.data[at + 81]! << 8));
  b.field(layer, 'Interface unit', at + 82, 2, () => b.data[at + 82]! | (b.data[at + 83]! << 8));
  b.field(layer, 'Effective process ID', at + 84, 4, () => le(84));
  b.field(layer, 'Effective command name', at + 88, 20, () => text(88, 20));
}
