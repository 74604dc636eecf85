import { linkEntry } from './link/linkRegistry';
import type { DecodedPacket } from './packet';
// Registers the tunnel modules in the tables IP, UDP, Ethernet and GRE consult (tunnelTables.ts).
import './tunnel/tunnelRegistry';

/**
 * Decodes the frame of `capturedLength` bytes at `offset` in `data` into `packet` (reset first)
 * and returns it. Pure and lax: truncated or hostile bytes only set `truncated`/`malformed`, it
 * never throws, and it allocates nothing, so it can run inside the capture callback. The link
 * type's module (linkRegistry.ts) reads the link header and hands the rest to the network layer.
 */
export function decodePacket(
  packet: DecodedPacket,
  linkType: number,
  data: Uint8Array,
  offset: number,
  capturedLength: number,
): DecodedPacket {
  packet.reset();
  // Lengths come from files and native code: clamp them to the buffer instead of trusting them.
  if (!(offset >= 0)) offset = 0;
  else if (offset > data.length) offset = data.length;
  let end = offset + capturedLength;
  if (!(end <= data.length)) end = data.length;
  if (end < offset) end = offset;
  packet.data = data;
  packet.linkType = linkType;
  packet.frameOffset = offset;
  packet.capturedLength = end - offset;
  const link = linkEntry(linkType);
  if (link.dissector !== undefined) {
    packet.link = link.id;
    link.dissector.decode(packet, data, offset, end, linkType);
  }
  return packet;
}
