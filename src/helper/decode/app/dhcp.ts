import type { PacketLayer } from '../../../shared/model/traffic';
import { ipv4Text, macAt } from '../addressText';
import { u32 } from '../bytes';
import type { LayerBuilder } from '../dissect/layerBuilder';
import { hexOf } from '../dissect/layerBuilder';
import type { DecodedPacket } from '../packet';
import type { AppStatus, FieldGroup, FieldKind } from './appDissector';
import { appDissector } from './appDissector';
import { latin1 } from './text';

/** Offset of the magic cookie in a BOOTP message (RFC 2131 section 3). */
const COOKIE_AT = 236;
const MAGIC_COOKIE = 0x63825363;

/** What a DHCP (BOOTP) message says about its client. */
export class DhcpFields implements FieldGroup {
  /** 1 request (client), 2 reply (server) */
  op = 0;
  transactionId = 0;
  /** option 53: 1 Discover, 2 Offer, 3 Request, 4 Decline, 5 ACK, 6 NAK, 7 Release, 8 Inform; 0 BOOTP */
  messageType = 0;
  /** chaddr offset (6 bytes when htype is Ethernet) */
  clientMacOffset = -1;
  /** ciaddr, yiaddr as unsigned 32-bit integers */
  clientIp = 0;
  yourIp = 0;
  /** option 50 */
  requestedIp = 0;
  /** option 54 */
  serverId = 0;
  /** option 12 (hostile) */
  hostname = '';
  /** option 60 (hostile) */
  vendorClass = '';

  reset(): void {
    this.op = 0;
    this.transactionId = 0;
    this.messageType = 0;
    this.clientMacOffset = -1;
    this.clientIp = 0;
    this.yourIp = 0;
    this.requestedIp = 0;
    this.serverId = 0;
    this.hostname = '';
    this.vendorClass = '';
  }
}

/** DHCP's field group (`app.fields.dhcp`). */
export const DHCP_FIELDS: FieldKind<'dhcp', DhcpFields> = { key: 'dhcp', create: () => new DhcpFields() };

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
export function decodeDhcp(out: DhcpFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  if (end - start < 1) {
    app.truncated = true;
    return;
  }
  out.op = data[start]!;
  if (end - start < 44) {
    app.truncated = true;
    if (end - start >= 8) out.transactionId = u32(data, start + 4);
    return;
  }
  out.transactionId = u32(data, start + 4);
  out.clientIp = u32(data, start + 12);
  out.yourIp = u32(data, start + 16);
  // chaddr holds an Ethernet address when htype is 1 and hlen 6.
  if (data[start + 1] === 1 && data[start + 2] === 6) out.clientMacOffset = start + 28;
  if (end - start < COOKIE_AT + 4) {
    app.truncated = true;
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
        if (length >= 1) out.messageType = data[value]!;
        break;
      case 12:
        out.hostname = latin1(data, value, valueEnd);
        break;
      case 60:
        out.vendorClass = latin1(data, value, valueEnd);
        break;
      case 50:
        if (length >= 4) out.requestedIp = u32(data, value);
        break;
      case 54:
        if (length >= 4) out.serverId = u32(data, value);
        break;
    }
    p = valueEnd;
  }
  app.truncated = true; // options ran past the end without an End option
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

function dhcpInfo(dhcp: DhcpFields): string {
  const name = DHCP_MESSAGE_TYPES[dhcp.messageType] ?? `Unknown Message Type (${dhcp.messageType})`;
  // Wireshark's Info column prints the id unpadded (0x%x), unlike its field in the tree.
  const xid = `Transaction ID 0x${dhcp.transactionId.toString(16)}`;
  if (!dhcp.messageType) return `Boot ${dhcp.op === 2 ? 'Reply' : 'Request'} - ${xid}`;
  return `DHCP ${name.padEnd(8)} - ${xid}`;
}

function dissectDhcp(b: LayerBuilder, layer: PacketLayer, packet: DecodedPacket, dhcp: DhcpFields): void {
  const start = packet.payloadOffset;
  b.field(layer, 'Message type', start, 1, () =>
    dhcp.op === 1 ? 'Boot Request (1)' : dhcp.op === 2 ? 'Boot Reply (2)' : dhcp.op,
  );
  b.field(layer, 'Transaction ID', start + 4, 4, () => hexOf(dhcp.transactionId, 8));
  b.field(layer, 'Client IP address', start + 12, 4, () => ipv4Text(dhcp.clientIp));
  b.field(layer, 'Your (client) IP address', start + 16, 4, () => ipv4Text(dhcp.yourIp));
  if (dhcp.clientMacOffset >= 0)
    b.field(layer, 'Client MAC address', dhcp.clientMacOffset, 6, () => macAt(packet.data, dhcp.clientMacOffset));
  b.notes(layer, [
    [
      'DHCP message type',
      dhcp.messageType ? `${DHCP_MESSAGE_TYPES[dhcp.messageType] ?? 'Unknown'} (${dhcp.messageType})` : '',
    ],
    ['Requested IP address', dhcp.requestedIp ? ipv4Text(dhcp.requestedIp) : ''],
    ['Server identifier', dhcp.serverId ? ipv4Text(dhcp.serverId) : ''],
    ['Host name', dhcp.hostname],
    ['Vendor class identifier', dhcp.vendorClass],
  ]);
}

/** DHCP (BOOTP): on its ports, and by op and magic cookie on any other UDP port. */
export const dhcp = appDissector({
  name: 'dhcp',
  title: 'Dynamic Host Configuration Protocol',
  fields: DHCP_FIELDS,
  udp: {
    ports: [67, 68, 4011],
    heuristic: {
      acceptsFirstByte: (byte) => byte === 1 || byte === 2,
      test: (_out, _app, data, start, end) => isDhcp(data, start, end),
      decode: decodeDhcp,
    },
    decode: decodeDhcp,
  },
  protocolColumn: () => 'DHCP',
  infoColumn: (_packet, out) => dhcpInfo(out),
  dissect: dissectDhcp,
});
