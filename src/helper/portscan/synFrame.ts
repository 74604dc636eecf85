// Ethernet + IPv4 + TCP SYN frames built in place, and the replies to them read in place: a SYN
// scan of all ports sends 65,535 of these, so nothing here allocates per frame.

const ETHERNET = 14;
const IP_HEADER = 20;
/**
 * TCP header with the options a Linux SYN carries (MSS, SACK permitted, timestamps, NOP, window
 * scale): a SYN-ACK only echoes options the SYN offered, so this lets it show the host's own
 * option order, window scale and timestamps for the OS guess. nmap's scan SYNs carry MSS alone.
 */
const SYN_OPTIONS = [2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7];
const TCP_HEADER = 20 + SYN_OPTIONS.length;
export const SYN_FRAME_LENGTH = ETHERNET + IP_HEADER + TCP_HEADER;
const TCP = ETHERNET + IP_HEADER;

/** ones'-complement sum of 16-bit words, not yet folded */
function sum16(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  let sum = initial;
  for (let i = 0; i < length - 1; i += 2) sum += (bytes[offset + i]! << 8) | bytes[offset + i + 1]!;
  if (length & 1) sum += bytes[offset + length - 1]! << 8;
  return sum;
}

function fold(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** One target's SYN template: addresses and IP header fixed, port and sequence written per probe. */
export class SynTemplate {
  readonly frame = Buffer.alloc(SYN_FRAME_LENGTH);
  /** checksum of the TCP pseudo-header plus the fixed part of the TCP header, unfolded */
  private readonly partial: number;
  /** sum of the IP header without its id and checksum, unfolded */
  private readonly ipPartial: number;

  constructor(
    dstMac: ArrayLike<number>,
    srcMac: ArrayLike<number>,
    srcIp: number,
    dstIp: number,
    readonly sourcePort: number,
    timestamp = Math.floor(performance.now()),
  ) {
    const f = this.frame;
    f.set(Array.from(dstMac), 0);
    f.set(Array.from(srcMac), 6);
    f.writeUInt16BE(0x0800, 12);
    f[14] = 0x45;
    f.writeUInt16BE(IP_HEADER + TCP_HEADER, 16);
    f.writeUInt16BE(0x4000, 20); // don't fragment
    f[22] = 64; // TTL
    f[23] = 6; // TCP
    f.writeUInt32BE(srcIp >>> 0, 26);
    f.writeUInt32BE(dstIp >>> 0, 30);
    f.writeUInt16BE(sourcePort, TCP);
    f[TCP + 12] = (TCP_HEADER / 4) << 4;
    f[TCP + 13] = 0x02; // SYN
    f.writeUInt16BE(1024, TCP + 14); // window, as nmap
    f.set(SYN_OPTIONS, TCP + 20);
    f.writeUInt32BE(timestamp >>> 0, TCP + 28); // TSval; TSecr stays 0
    // Pseudo-header (addresses, protocol, TCP length) plus every TCP field that never changes; the
    // port and sequence words are added per probe.
    const partial = sum16(f, 26, 8) + 6 + TCP_HEADER + sum16(f, TCP, TCP_HEADER);
    this.partial = partial;
    this.ipPartial = sum16(f, 14, IP_HEADER);
  }

  /** Writes port, sequence number, IP id and both checksums; returns the frame length. */
  write(port: number, sequence: number, ipId: number): number {
    const f = this.frame;
    f.writeUInt16BE(ipId & 0xffff, 18);
    f.writeUInt16BE(~fold(this.ipPartial + (ipId & 0xffff)) & 0xffff, 24);
    f.writeUInt16BE(port, TCP + 2);
    f.writeUInt32BE(sequence >>> 0, TCP + 4);
    const sum = this.partial + port + (sequence >>> 16) + (sequence & 0xffff);
    f.writeUInt16BE(~fold(sum) & 0xffff, TCP + 16);
    return SYN_FRAME_LENGTH;
  }
}

/** What came back for one of our SYNs. */
export interface SynReply {
  /** the scanned host */
  ip: number;
  /** the scanned port */
  port: number;
  kind: 'syn-ack' | 'reset' | 'icmp';
  /** our sequence number it answers (TCP: ack − 1; ICMP: the quoted SYN's) */
  sequence: number;
  ttl: number;
  /** ICMP type and code (kind 'icmp') */
  icmpType: number;
  icmpCode: number;
  /** IP header flags word (DF bit 0x4000), window, offset of TCP options and their length */
  ipFlags: number;
  window: number;
  optionsOffset: number;
  optionsLength: number;
}

/**
 * Reads a reply to one of our SYNs out of an Ethernet frame: a SYN-ACK or RST to `sourcePort`, or
 * an ICMP error quoting a SYN from `sourcePort`. Writes into `out` and returns true, or false for
 * anything else.
 */
export function readSynReply(frame: Uint8Array, length: number, sourcePort: number, out: SynReply): boolean {
  if (length < ETHERNET + IP_HEADER || frame[12] !== 0x08 || frame[13] !== 0x00) return false;
  const ip = ETHERNET;
  if (frame[ip]! >> 4 !== 4) return false;
  const ihl = (frame[ip]! & 0x0f) * 4;
  const protocol = frame[ip + 9];
  const transport = ip + ihl;
  out.ttl = frame[ip + 8]!;
  out.ipFlags = (frame[ip + 6]! << 8) | frame[ip + 7]!;
  if (protocol === 6) {
    if (length < transport + 20) return false;
    if (((frame[transport + 2]! << 8) | frame[transport + 3]!) !== sourcePort) return false;
    const flags = frame[transport + 13]!;
    const syn = (flags & 0x02) !== 0;
    const ack = (flags & 0x10) !== 0;
    const rst = (flags & 0x04) !== 0;
    if (syn && ack) out.kind = 'syn-ack';
    else if (rst) out.kind = 'reset';
    else return false;
    out.ip = u32(frame, ip + 12);
    out.port = (frame[transport]! << 8) | frame[transport + 1]!;
    out.sequence = (u32(frame, transport + 8) - 1) >>> 0;
    out.window = (frame[transport + 14]! << 8) | frame[transport + 15]!;
    const dataOffset = (frame[transport + 12]! >> 4) * 4;
    out.optionsOffset = transport + 20;
    out.optionsLength = Math.max(0, Math.min(dataOffset, length - transport) - 20);
    out.icmpType = -1;
    out.icmpCode = -1;
    return true;
  }
  if (protocol === 1) {
    // ICMP error: type, code, 4 unused bytes, then our IP header and the first 8 bytes of our SYN.
    const quoted = transport + 8;
    if (length < quoted + 20) return false;
    const type = frame[transport]!;
    if (type !== 3) return false;
    const quotedIhl = (frame[quoted]! & 0x0f) * 4;
    const quotedTcp = quoted + quotedIhl;
    if (frame[quoted + 9] !== 6 || length < quotedTcp + 8) return false;
    if (((frame[quotedTcp]! << 8) | frame[quotedTcp + 1]!) !== sourcePort) return false;
    out.kind = 'icmp';
    out.icmpType = type;
    out.icmpCode = frame[transport + 1]!;
    out.ip = u32(frame, quoted + 16);
    out.port = (frame[quotedTcp + 2]! << 8) | frame[quotedTcp + 3]!;
    out.sequence = u32(frame, quotedTcp + 4);
    out.window = 0;
    out.optionsOffset = 0;
    out.optionsLength = 0;
    return true;
  }
  return false;
}

function u32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/** nmap's reason words for ICMP destination-unreachable codes (all of which mean filtered for TCP). */
export function icmpReason(code: number): string {
  switch (code) {
    case 0:
      return 'net-unreach';
    case 1:
      return 'host-unreach';
    case 2:
      return 'proto-unreach';
    case 3:
      return 'port-unreach';
    case 9:
      return 'net-prohibited';
    case 10:
      return 'host-prohibited';
    case 13:
      return 'admin-prohibited';
    default:
      return 'unreach';
  }
}

const OPTION_NAMES: Record<number, string> = { 0: 'EOL', 1: 'NOP', 2: 'MSS', 3: 'WS', 4: 'SACK', 8: 'TS' };

/** A SYN-ACK's TCP options in the order sent ('MSS', 'NOP', 'WS', 'SACK', 'TS', 'EOL', else the kind number), with MSS and WS. */
export function readTcpOptionOrder(
  frame: Uint8Array,
  offset: number,
  length: number,
): { options: string[]; mss?: number; windowScale?: number } {
  const options: string[] = [];
  let mss: number | undefined;
  let windowScale: number | undefined;
  const end = offset + length;
  while (offset < end) {
    const kind = frame[offset]!;
    options.push(OPTION_NAMES[kind] ?? String(kind));
    if (kind === 0) break;
    if (kind === 1) {
      offset++;
      continue;
    }
    const size = frame[offset + 1] ?? 0;
    if (size < 2 || offset + size > end) break;
    if (kind === 2 && size === 4) mss = (frame[offset + 2]! << 8) | frame[offset + 3]!;
    else if (kind === 3 && size === 3) windowScale = frame[offset + 2]!;
    offset += size;
  }
  return { options, mss, windowScale };
}
