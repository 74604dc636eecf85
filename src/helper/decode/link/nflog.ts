import { macAt } from '../addressText';
import { u16, u16le, u32 } from '../bytes';
import { hexOf } from '../dissect/layerBuilder';
import type { LayerBuilder } from '../dissect/layerBuilder';
import { EtherType, decodeEtherType } from '../etherType';
import { decodeIpv4 } from '../ipv4';
import { decodeIpv6 } from '../ipv6';
import { LinkType } from '../linkType';
import { NetworkLayer } from '../packet';
import type { DecodedPacket } from '../packet';
import { utf8Text } from '../app/text';
import type { LinkDissector } from './linkDissector';

// Linux netfilter's NFLOG (libpcap's `nflog:N` device; linux/netfilter/nfnetlink_log.h): a 4-byte
// header (address family, version, resource id = the log group), then netlink TLVs, each a
// length and type in the capturing host's byte order (little-endian on every host that logs in
// practice, and what tshark assumes), padded to 4 bytes. The packet is the NFULA_PAYLOAD TLV.
const HEADER = 4;
const NFULA_PACKET_HDR = 1;
const NFULA_PAYLOAD = 9;
const AF_INET = 2;
const AF_INET6 = 10;
/** TLVs listed in the details pane at most (a hostile frame could hold thousands) */
const MAX_LISTED = 64;

/** Linux NFLOG (LINKTYPE_NFLOG): what an nftables/iptables `log group N` rule hands to a capture. */
export const nflog: LinkDissector = {
  linkTypes: [LinkType.Nflog],
  name: 'nflog',
  // tshark's -z io,phs leaves NFLOG out: its dissector adds its tree item only when the tree is shown.
  hierarchy: [],
  decode: decodeNflog,
  dissect: dissectNflog,
};

/** Where the TLV walk found the packet: its bytes and the hardware protocol (0: none), in module state (no allocation). */
const found = { payload: -1, payloadEnd: -1, hardwareProtocol: 0 };

/**
 * Walks the TLVs as tshark does: a length below 4 ends the walk, and a TLV running past the
 * captured bytes cuts it (a cut payload is still read as far as it goes). Every step moves on at
 * least 4 bytes, so a frame of zero-length or zero-type TLVs costs at most one step per 4 bytes.
 */
function walkTlvs(data: Uint8Array, offset: number, end: number): boolean {
  found.payload = -1;
  found.payloadEnd = -1;
  found.hardwareProtocol = 0;
  let at = offset + HEADER;
  while (end - at >= 4) {
    const length = u16le(data, at);
    if (length < 4) return true;
    const type = u16le(data, at + 2) & 0x7fff;
    const valueEnd = at + length;
    if (type === NFULA_PAYLOAD) {
      found.payload = at + 4;
      found.payloadEnd = valueEnd < end ? valueEnd : end;
    } else if (type === NFULA_PACKET_HDR && length >= 6 && valueEnd <= end) {
      found.hardwareProtocol = u16(data, at + 4);
    }
    if (valueEnd > end) return type === NFULA_PAYLOAD;
    at += (length + 3) & ~3;
  }
  // Bytes left over that cannot hold a TLV header: the frame was cut inside one.
  return at >= end;
}

function decodeNflog(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  if (end - offset < HEADER) {
    packet.truncated = true;
    return;
  }
  if (!walkTlvs(data, offset, end)) packet.truncated = true;
  const start = found.payload;
  if (start < 0) return;
  const family = data[offset]!;
  if (family === AF_INET) {
    packet.etherType = EtherType.Ipv4;
    decodeIpv4(packet, data, start, found.payloadEnd);
  } else if (family === AF_INET6) {
    packet.etherType = EtherType.Ipv6;
    decodeIpv6(packet, data, start, found.payloadEnd);
  } else if (found.hardwareProtocol !== 0) {
    // Bridge and ARP logging: the hardware protocol is an EtherType.
    decodeEtherType(packet, data, found.hardwareProtocol, start, found.payloadEnd);
  } else {
    packet.network = NetworkLayer.Other;
    packet.networkOffset = start;
  }
}

const FAMILIES: Record<number, string> = { 0: 'Unspecified', 2: 'IPv4', 7: 'Bridge', 10: 'IPv6' };
const HOOKS = ['Pre-routing', 'Local in', 'Forward', 'Local out', 'Post-routing'];
/** TLV types whose value is one 32-bit big-endian number, with their names. */
const NUMBERS: Record<number, string> = {
  2: 'Mark',
  4: 'Input interface index',
  5: 'Output interface index',
  6: 'Physical input interface index',
  7: 'Physical output interface index',
  11: 'UID',
  12: 'Sequence',
  13: 'Global sequence',
  14: 'GID',
};

function dissectNflog(b: LayerBuilder, packet: DecodedPacket, at: number): number {
  const family = b.u8(at);
  const layer = b.layer('nflog', 'Linux Netfilter NFLOG', at, packet.capturedLength - (at - packet.frameOffset));
  b.field(layer, 'Family', at, 1, () => `${FAMILIES[family] ?? 'Unknown'} (${family})`);
  b.field(layer, 'Version', at + 1, 1, () => b.u8(at + 1));
  b.field(layer, 'Resource id', at + 2, 2, () => b.u16(at + 2));
  let next = at + HEADER;
  let listed = 0;
  let payload = -1;
  for (; b.has(next, 4) && listed < MAX_LISTED; listed++) {
    const length = u16le(b.data, next);
    if (length < 4) break;
    const type = u16le(b.data, next + 2) & 0x7fff;
    if (type === NFULA_PAYLOAD) payload = next + 4;
    nflogTlv(b, layer, type, next + 4, length - 4);
    next += (length + 3) & ~3;
  }
  if (listed === MAX_LISTED && b.has(next, 4)) b.note(layer, 'More TLVs', 'not listed');
  return (payload >= 0 ? payload : next) + 4 * packet.vlanCount;
}

function nflogTlv(b: LayerBuilder, layer: ReturnType<LayerBuilder['layer']>, type: number, at: number, length: number) {
  const data = b.data;
  if (NUMBERS[type] && length === 4) {
    b.field(layer, NUMBERS[type], at, 4, () => u32(data, at));
    return;
  }
  switch (type) {
    case NFULA_PACKET_HDR:
      b.field(layer, 'Hardware protocol', at, 2, () => hexOf(u16(data, at), 4));
      b.field(layer, 'Netfilter hook', at + 2, 1, () => `${HOOKS[data[at + 2]!] ?? 'Unknown'} (${data[at + 2]!})`);
      return;
    case NFULA_PAYLOAD:
      b.note(layer, 'Payload', `${length} bytes`);
      return;
    case 8: // NFULA_HWADDR: a 16-bit length, 2 bytes of padding, then the address
      if (u16(data, at) === 6) b.field(layer, 'Hardware address', at + 4, 6, () => macAt(data, at + 4));
      return;
    case 10: // NFULA_PREFIX: the rule's log prefix, NUL-terminated (hostile)
      b.field(layer, 'Prefix', at, length, () => utf8Text(data, at, at + length));
      return;
    case 15: // NFULA_HWTYPE
    case 17: // NFULA_HWLEN
      b.field(layer, type === 15 ? 'Hardware type' : 'Hardware header length', at, 2, () => u16(data, at));
      return;
    default:
      b.field(layer, `TLV ${type}`, at, Math.max(0, length), () => `${length} bytes`);
  }
}
