import type { PacketLayer } from '../../../shared/model/traffic';
import { u32 } from '../bytes';
import type { LayerBuilder } from '../dissect/layerBuilder';
import { hexBytes, hexOf } from '../dissect/layerBuilder';
import type { DecodedPacket } from '../packet';
import type { AppStatus } from './appDissector';
import { appDissector } from './appDissector';
import { QUIC_FIELDS } from './quicFields';
import type { QuicFields } from './quicFields';
import { readQuicInitial } from './quicInitial';

/** QUIC versions whose Initial packets can be read (RFC 9000, RFC 9369). */
export const QuicVersion = { V1: 0x00000001, V2: 0x6b3343cf } as const;
/** Longest connection ID (RFC 9000 section 17.2). */
const MAX_CID = 20;

/** The bytes begin a QUIC long-header packet of a version we know (or version negotiation). */
export function isQuicLongHeader(data: Uint8Array, start: number, end: number): boolean {
  if (end - start < 7 || (data[start]! & 0x80) === 0) return false;
  const version = u32(data, start + 1);
  const known =
    version === QuicVersion.V1 ||
    version === QuicVersion.V2 ||
    version === 0 || // version negotiation
    (version & 0xffffff00) === 0xff000000; // IETF drafts
  if (!known || data[start + 5]! > MAX_CID) return false;
  // Every version but negotiation sets the fixed bit.
  return version === 0 || (data[start]! & 0x40) !== 0;
}

/**
 * Reads a QUIC packet's invariant header (RFC 8999, RFC 9000 section 17): for a long header the
 * version, packet type and connection IDs. Short headers carry nothing readable without the
 * connection's state.
 */
export function decodeQuic(out: QuicFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  if (end - start < 1) {
    app.truncated = true;
    return;
  }
  const first = data[start]!;
  if ((first & 0x80) === 0) return;
  out.longHeader = true;
  if (end - start < 6) {
    app.truncated = true;
    return;
  }
  const version = u32(data, start + 1);
  out.version = version;
  const type = (first >> 4) & 3;
  // Version 2 rotates the type numbers (RFC 9369 section 3.2): map them back to version 1's.
  if (version !== 0) out.packetType = version === QuicVersion.V2 ? (type + 3) & 3 : type;
  let p = start + 5;
  const dcidLength = data[p]!;
  if (dcidLength > MAX_CID && version !== 0) {
    app.malformed = true;
    return;
  }
  if (p + 1 + dcidLength > end) {
    app.truncated = true;
    return;
  }
  out.dcidOffset = p + 1;
  out.dcidLength = dcidLength;
  p += 1 + dcidLength;
  if (p >= end) {
    app.truncated = true;
    return;
  }
  const scidLength = data[p]!;
  if (p + 1 + scidLength > end) {
    app.truncated = true;
    return;
  }
  out.scidOffset = p + 1;
  out.scidLength = scidLength;
  if (out.packetType === 0 && (version === QuicVersion.V1 || version === QuicVersion.V2)) {
    readQuicInitial(out, app, data, start, end, version, p + 1 + scidLength);
  }
}

const QUIC_TYPES = ['Initial', '0-RTT', 'Handshake', 'Retry'];

function quicInfo(packet: DecodedPacket, quic: QuicFields): string {
  if (!quic.longHeader) return 'Protected Payload';
  if (quic.version === 0) return 'Version Negotiation';
  let text = QUIC_TYPES[quic.packetType] ?? 'Long Header';
  if (quic.dcidOffset >= 0) text += `, DCID=${hexBytes(packet.data, quic.dcidOffset, quic.dcidLength)}`;
  if (quic.scidOffset >= 0 && quic.scidLength > 0) {
    text += `, SCID=${hexBytes(packet.data, quic.scidOffset, quic.scidLength)}`;
  }
  const hello = quic.hello;
  if (hello.clientHello) text += hello.sni ? `, Client Hello (SNI=${hello.sni})` : ', Client Hello';
  return text;
}

function dissectQuic(b: LayerBuilder, layer: PacketLayer, quic: QuicFields): void {
  b.notes(layer, [
    ['Header form', quic.longHeader ? 'Long' : 'Short'],
    ['Version', quic.longHeader ? hexOf(quic.version, 8) : ''],
    ['Packet type', quic.packetType >= 0 ? (QUIC_TYPES[quic.packetType] ?? '') : ''],
    ['Initial decrypted', quic.decrypted ? 'yes (RFC 9001 initial keys)' : ''],
    ['Server Name Indication', quic.hello.sni],
    ['ALPN', quic.hello.alpn],
  ]);
}

/** QUIC (RFC 9000): long headers of known versions by content on any UDP port; UDP 443 by port. */
export const quic = appDissector({
  name: 'quic',
  title: 'QUIC IETF',
  fields: QUIC_FIELDS,
  udp: {
    // Not a registration in Wireshark (its QUIC dissector is heuristic and follows connections), but
    // short-header packets carry nothing else to go by: UDP 443 is QUIC in practice.
    ports: [443],
    heuristic: {
      acceptsFirstByte: (byte) => (byte & 0x80) !== 0,
      test: (_out, _app, data, start, end) => isQuicLongHeader(data, start, end),
      decode: decodeQuic,
    },
    decode: decodeQuic,
  },
  protocolColumn: () => 'QUIC',
  infoColumn: (packet, out) => quicInfo(packet, out),
  dissect: (b, layer, _packet, out) => dissectQuic(b, layer, out),
});
