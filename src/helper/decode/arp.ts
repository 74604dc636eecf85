import { formatMac } from '../../shared/mac';
import { u16, u32 } from './bytes';
import { NetworkLayer } from './packet';
import type { DecodedPacket } from './packet';

/** Length of an ARP-over-Ethernet frame without padding, in bytes. */
export const ARP_FRAME_LENGTH = 42;
const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_VLAN = 0x8100;

/** ARP operation codes (RFC 826). */
export enum ArpOperation {
  Request = 1,
  Reply = 2,
}

/** The fields of an Ethernet/IPv4 ARP packet that discovery needs. */
export interface ArpPacket {
  operation: number;
  /** lower-case colon-separated hardware address of the sender */
  senderMac: string;
  /** sender IPv4 address as an unsigned 32-bit integer */
  senderIp: number;
  targetMac: string;
  /** target IPv4 address as an unsigned 32-bit integer */
  targetIp: number;
}

/**
 * Writes a broadcast ARP request for `targetIp` into `frame` (which may be reused between calls)
 * and returns the frame's length.
 */
export function writeArpRequest(
  frame: Buffer,
  sourceMac: ArrayLike<number>,
  sourceIp: number,
  targetIp: number,
): number {
  frame.fill(0xff, 0, 6);
  for (let i = 0; i < 6; i++) frame[6 + i] = sourceMac[i] ?? 0;
  frame.writeUInt16BE(ETHERTYPE_ARP, 12);
  frame.writeUInt16BE(1, 14); // hardware type: Ethernet
  frame.writeUInt16BE(0x0800, 16); // protocol type: IPv4
  frame[18] = 6;
  frame[19] = 4;
  frame.writeUInt16BE(ArpOperation.Request, 20);
  for (let i = 0; i < 6; i++) frame[22 + i] = sourceMac[i] ?? 0;
  frame.writeUInt32BE(sourceIp >>> 0, 28);
  frame.fill(0, 32, 38); // target hardware address: unknown
  frame.writeUInt32BE(targetIp >>> 0, 38);
  return ARP_FRAME_LENGTH;
}

/**
 * Reads an Ethernet (optionally 802.1Q-tagged) frame holding an IPv4-over-Ethernet ARP packet.
 * Returns undefined for anything else, including truncated or hostile bytes; never throws.
 */
export function parseArpFrame(frame: Uint8Array, length = frame.length): ArpPacket | undefined {
  const end = Math.min(length, frame.length);
  if (end < 14) return undefined;
  let offset = 12;
  let etherType = (frame[offset]! << 8) | frame[offset + 1]!;
  if (etherType === ETHERTYPE_VLAN) {
    if (end < 18) return undefined;
    offset += 4;
    etherType = (frame[offset]! << 8) | frame[offset + 1]!;
  }
  const arp = offset + 2;
  if (etherType !== ETHERTYPE_ARP || end < arp + 28) return undefined;
  const hardwareType = (frame[arp]! << 8) | frame[arp + 1]!;
  const protocolType = (frame[arp + 2]! << 8) | frame[arp + 3]!;
  if (hardwareType !== 1 || protocolType !== 0x0800 || frame[arp + 4] !== 6 || frame[arp + 5] !== 4) return undefined;
  const readIp = (at: number) =>
    ((frame[at]! << 24) | (frame[at + 1]! << 16) | (frame[at + 2]! << 8) | frame[at + 3]!) >>> 0;
  return {
    operation: (frame[arp + 6]! << 8) | frame[arp + 7]!,
    senderMac: formatMac(frame, arp + 8),
    senderIp: readIp(arp + 14),
    targetMac: formatMac(frame, arp + 18),
    targetIp: readIp(arp + 24),
  };
}

/**
 * Decodes an ARP packet at `offset` into `packet` for the capture path: any hardware and protocol
 * type, with MAC offsets only for 6-byte hardware addresses and IPs only for 4-byte ones.
 */
export function decodeArp(packet: DecodedPacket, data: Uint8Array, offset: number, end: number): void {
  packet.network = NetworkLayer.Arp;
  packet.networkOffset = offset;
  if (end - offset < 8) {
    packet.truncated = true;
    return;
  }
  packet.arpOperation = u16(data, offset + 6);
  const hardwareLength = data[offset + 4]!;
  const protocolLength = data[offset + 5]!;
  if (end - offset < 8 + 2 * (hardwareLength + protocolLength)) {
    packet.truncated = true;
    return;
  }
  const sender = offset + 8;
  const target = sender + hardwareLength + protocolLength;
  if (hardwareLength === 6) {
    packet.arpSenderMacOffset = sender;
    packet.arpTargetMacOffset = target;
  }
  if (protocolLength === 4) {
    packet.arpSenderIp = u32(data, sender + hardwareLength);
    packet.arpTargetIp = u32(data, target + hardwareLength);
  }
}
