import { u32 } from '../bytes';
import type { AppInfo } from './appInfo';
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
export function decodeQuic(out: AppInfo, data: Uint8Array, start: number, end: number): void {
  if (end - start < 1) {
    out.truncated = true;
    return;
  }
  const first = data[start]!;
  if ((first & 0x80) === 0) return;
  out.quicLongHeader = true;
  if (end - start < 6) {
    out.truncated = true;
    return;
  }
  const version = u32(data, start + 1);
  out.quicVersion = version;
  const type = (first >> 4) & 3;
  // Version 2 rotates the type numbers (RFC 9369 section 3.2): map them back to version 1's.
  if (version !== 0) out.quicPacketType = version === QuicVersion.V2 ? (type + 3) & 3 : type;
  let p = start + 5;
  const dcidLength = data[p]!;
  if (dcidLength > MAX_CID && version !== 0) {
    out.malformed = true;
    return;
  }
  if (p + 1 + dcidLength > end) {
    out.truncated = true;
    return;
  }
  out.quicDcidOffset = p + 1;
  out.quicDcidLength = dcidLength;
  p += 1 + dcidLength;
  if (p >= end) {
    out.truncated = true;
    return;
  }
  const scidLength = data[p]!;
  if (p + 1 + scidLength > end) {
    out.truncated = true;
    return;
  }
  out.quicScidOffset = p + 1;
  out.quicScidLength = scidLength;
  if (out.quicPacketType === 0 && (version === QuicVersion.V1 || version === QuicVersion.V2)) {
    readQuicInitial(out, data, start, end, version, out.quicDcidOffset, dcidLength, p + 1 + scidLength);
  }
}
