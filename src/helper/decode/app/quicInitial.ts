// Reading the ClientHello inside a QUIC Initial packet, as Wireshark does to name QUIC hosts.
// Initial packets are protected with keys derived from the client's Destination Connection ID
// alone (RFC 9001 section 5.2), so any observer can remove the protection: HKDF from the
// version's salt, header protection with AES-ECB, payload with AES-128-GCM (node:crypto).
// Only Initial packets take this path (a handful per connection), so it may allocate.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import type { AppStatus } from './appDissector';
import type { QuicFields } from './quicFields';
import { readHandshake } from './tls';
import type { TlsFields } from './tlsFields';

const V1 = 0x00000001;
const V2 = 0x6b3343cf;
const SALTS: Record<number, Buffer> = {
  [V1]: Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex'),
  [V2]: Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex'),
};
/** Most CRYPTO bytes reassembled from one packet (a ClientHello fits in far less). */
const MAX_CRYPTO = 16384;

/** The client's Initial keys for a version and DCID (RFC 9001 section 5.2; RFC 9369 section 3.3 for v2). */
export function clientInitialKeys(
  version: number,
  dcid: Uint8Array,
): { key: Buffer; iv: Buffer; hp: Buffer } | undefined {
  const salt = SALTS[version];
  if (!salt) return undefined;
  const prefix = version === V2 ? 'quicv2 ' : 'quic ';
  const initial = createHmac('sha256', salt).update(dcid).digest();
  const client = expandLabel(initial, 'client in', 32);
  return {
    key: expandLabel(client, `${prefix}key`, 16),
    iv: expandLabel(client, `${prefix}iv`, 12),
    hp: expandLabel(client, `${prefix}hp`, 16),
  };
}

/** HKDF-Expand-Label (RFC 8446 section 7.1) with an empty context, for outputs of at most 32 bytes. */
function expandLabel(secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0, 1])]);
  return createHmac('sha256', secret).update(info).digest().subarray(0, length);
}

/** A QUIC variable-length integer (RFC 9000 section 16) at `at`, or -1 when cut; `varintEnd` says where it ends. */
let varintEnd = 0;
function varint(data: Uint8Array, at: number, end: number): number {
  if (at >= end) return -1;
  const length = 1 << (data[at]! >> 6);
  if (at + length > end) return -1;
  let value = data[at]! & 0x3f;
  for (let i = 1; i < length; i++) value = value * 256 + data[at + i]!;
  varintEnd = at + length;
  return value;
}

/**
 * Removes the Initial protection of the long-header packet at `start` (its DCID as `out` found it,
 * its SCID ending at `afterScid`) and reads the ClientHello from its CRYPTO frames into
 * `out.hello`. Returns false when the packet is not a client Initial these keys open (a server's
 * Initial, a cut one).
 */
export function readQuicInitial(
  out: QuicFields,
  app: AppStatus,
  data: Uint8Array,
  start: number,
  end: number,
  version: number,
  afterScid: number,
): boolean {
  const keys = clientInitialKeys(version, data.subarray(out.dcidOffset, out.dcidOffset + out.dcidLength));
  if (!keys) return false;
  const tokenLength = varint(data, afterScid, end);
  if (tokenLength < 0) return false;
  const length = varint(data, varintEnd + tokenLength, end);
  if (length < 0) return false;
  const pnAt = varintEnd;
  const payloadEnd = pnAt + length;
  if (pnAt + 4 + 16 > end || payloadEnd > end || length < 20) return false;
  try {
    const ecb = createCipheriv('aes-128-ecb', keys.hp, null);
    const mask = ecb.update(data.subarray(pnAt + 4, pnAt + 20));
    const header = Buffer.from(data.subarray(start, pnAt + 4));
    header[0] = header[0]! ^ (mask[0]! & 0x0f);
    const pnLength = (header[0] & 3) + 1;
    const nonce = Buffer.from(keys.iv);
    for (let i = 0; i < pnLength; i++) {
      header[pnAt - start + i] = header[pnAt - start + i]! ^ mask[1 + i]!;
      nonce[12 - pnLength + i] = nonce[12 - pnLength + i]! ^ header[pnAt - start + i]!;
    }
    const aad = header.subarray(0, pnAt - start + pnLength);
    const decipher = createDecipheriv('aes-128-gcm', keys.key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(data.subarray(payloadEnd - 16, payloadEnd)));
    const plain = Buffer.concat([decipher.update(data.subarray(pnAt + pnLength, payloadEnd - 16)), decipher.final()]);
    out.decrypted = true;
    readCryptoFrames(out.hello, app, plain);
    return true;
  } catch {
    return false; // authentication failed: not a client Initial, or damaged
  }
}

/** Collects the CRYPTO frames (RFC 9000 section 19.6) by offset and reads the handshake message they hold. */
function readCryptoFrames(out: TlsFields, app: AppStatus, plain: Buffer): void {
  const crypto = Buffer.alloc(MAX_CRYPTO);
  let filled = 0;
  const have = new Uint8Array(MAX_CRYPTO);
  let p = 0;
  while (p < plain.length) {
    const type = plain[p]!;
    if (type === 0x00 || type === 0x01) {
      p++; // PADDING, PING
    } else if (type === 0x02 || type === 0x03) {
      // ACK: largest, delay, range count, first range, then count pairs (and three ECN counts for 0x03)
      let q = p + 1;
      const fields: number[] = [];
      for (let i = 0; i < 4; i++) {
        const value = varint(plain, q, plain.length);
        if (value < 0) return finish(out, app, crypto, have, filled);
        fields.push(value);
        q = varintEnd;
      }
      const more = fields[2]! * 2 + (type === 0x03 ? 3 : 0);
      for (let i = 0; i < more && i < 512; i++) {
        if (varint(plain, q, plain.length) < 0) return finish(out, app, crypto, have, filled);
        q = varintEnd;
      }
      p = q;
    } else if (type === 0x06) {
      const offset = varint(plain, p + 1, plain.length);
      if (offset < 0) break;
      const length = varint(plain, varintEnd, plain.length);
      if (length < 0) break;
      const at = varintEnd;
      const stop = Math.min(at + length, plain.length);
      for (let i = at; i < stop && offset + i - at < MAX_CRYPTO; i++) {
        crypto[offset + i - at] = plain[i]!;
        have[offset + i - at] = 1;
      }
      filled = Math.max(filled, Math.min(offset + stop - at, MAX_CRYPTO));
      p = at + length;
    } else {
      break; // a frame an Initial does not carry, or one we do not walk
    }
  }
  finish(out, app, crypto, have, filled);
}

function finish(out: TlsFields, app: AppStatus, crypto: Buffer, have: Uint8Array, filled: number): void {
  let contiguous = 0;
  while (contiguous < filled && have[contiguous]) contiguous++;
  if (contiguous >= 4) readHandshake(out, app, crypto, 0, contiguous);
}
