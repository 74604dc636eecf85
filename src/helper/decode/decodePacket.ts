import { decodeEthernet } from './ethernet';
import { LinkType } from './linkType';
import { decodeLinuxSll, decodeLinuxSll2 } from './linuxCooked';
import { decodeNull } from './nullLoopback';
import type { DecodedPacket } from './packet';
import { decodeRawIp } from './rawIp';

/**
 * Decodes the frame of `capturedLength` bytes at `offset` in `data` into `packet` (reset first)
 * and returns it. Pure and lax: truncated or hostile bytes only set `truncated`/`malformed`, it
 * never throws, and it allocates nothing, so it can run inside the capture callback.
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
  switch (linkType) {
    case LinkType.Ethernet:
      decodeEthernet(packet, data, offset, end);
      break;
    case LinkType.LinuxSll:
      decodeLinuxSll(packet, data, offset, end);
      break;
    case LinkType.LinuxSll2:
      decodeLinuxSll2(packet, data, offset, end);
      break;
    case LinkType.Null:
      decodeNull(packet, data, offset, end, false);
      break;
    case LinkType.Loop:
      decodeNull(packet, data, offset, end, true);
      break;
    case LinkType.Raw:
    case LinkType.RawBsd12:
    case LinkType.RawBsd14:
      decodeRawIp(packet, data, offset, end, 0);
      break;
    case LinkType.Ipv4:
      decodeRawIp(packet, data, offset, end, 4);
      break;
    case LinkType.Ipv6:
      decodeRawIp(packet, data, offset, end, 6);
      break;
  }
  return packet;
}
