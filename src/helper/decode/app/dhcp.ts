import { u32 } from '../bytes';
import type { AppInfo } from './appInfo';
import { latin1 } from './text';

/** Offset of the magic cookie in a BOOTP message (RFC 2131 section 3). */
const COOKIE_AT = 236;
const MAGIC_COOKIE = 0x63825363;

/** The payload is a BOOTP/DHCP message: op 1 or 2 and the magic cookie in place (RFC 2131). */
export function isDhcp(data: Uint8Array, start: number, end: number): boolean {
  return (
    end - start >= COOKIE_AT + 4 &&
    (data[start] === 1 || data[start] === 2) &&
    u32(data, start + COOKIE_AT) === MAGIC_COOKIE
  );
}

/**
 * Reads a DHCP message (RFC 2131, options RFC 2132): op, xid, ciaddr/yiaddr, chaddr, and the
 * options a device names itself with: 53 message type, 12 host name, 60 vendor class, 50 requested
 * address, 54 server identifier.
 */
export function decodeDhcp(out: AppInfo, data: Uint8Array, start: number, end: number): void {
  if (end - start < 1) {
    out.truncated = true;
    return;
  }
  out.dhcpOp = data[start]!;
  if (end - start < 44) {
    out.truncated = true;
    if (end - start >= 8) out.dhcpTransactionId = u32(data, start + 4);
    return;
  }
  out.dhcpTransactionId = u32(data, start + 4);
  out.dhcpClientIp = u32(data, start + 12);
  out.dhcpYourIp = u32(data, start + 16);
  // chaddr holds an Ethernet address when htype is 1 and hlen 6.
  if (data[start + 1] === 1 && data[start + 2] === 6) out.dhcpClientMacOffset = start + 28;
  if (end - start < COOKIE_AT + 4) {
    out.truncated = true;
    return;
  }
  if (u32(data, start + COOKIE_AT) !== MAGIC_COOKIE) return; // plain BOOTP
  let p = start + COOKIE_AT + 4;
  while (p < end) {
    const code = data[p]!;
    if (code === 255) return;
    if (code === 0) {
      p++;
      continue;
    }
    if (p + 2 > end) break;
    const length = data[p + 1]!;
    const value = p + 2;
    const valueEnd = value + length;
    if (valueEnd > end) break;
    switch (code) {
      case 53:
        if (length >= 1) out.dhcpMessageType = data[value]!;
        break;
      case 12:
        out.dhcpHostname = latin1(data, value, valueEnd);
        break;
      case 60:
        out.dhcpVendorClass = latin1(data, value, valueEnd);
        break;
      case 50:
        if (length >= 4) out.dhcpRequestedIp = u32(data, value);
        break;
      case 54:
        if (length >= 4) out.dhcpServerId = u32(data, value);
        break;
    }
    p = valueEnd;
  }
  out.truncated = true; // options ran past the end without an End option
}

/** DHCP message type names as Wireshark's Info column writes them. */
export const DHCP_MESSAGE_TYPES: readonly string[] = [
  '',
  'Discover',
  'Offer',
  'Request',
  'Decline',
  'ACK',
  'NAK',
  'Release',
  'Inform',
  'Force Renew',
  'Lease query',
  'Lease Unassigned',
  'Lease Unknown',
  'Lease Active',
];
