// The frames a traceroute looks at, read out of Ethernet frames in place: our own UDP probes as
// they leave (their IP id and TTL, so an answer can be matched to the TTL it was sent with) and
// the ICMP errors that quote them: time exceeded from a router on the way, port unreachable from
// the target itself (or another unreachable from a router that gives up).

const ETHERNET = 14;
const IPV4_MIN = 20;

/** What one frame was. */
export interface ProbeFrame {
  kind: 'probe' | 'time-exceeded' | 'unreachable';
  /** the probe's (or the quoted probe's) source port: which socket, so which target */
  sourcePort: number;
  /** the probe's destination, as a 32-bit number */
  target: number;
  /** the probe's IP identification field */
  ipId: number;
  /** probe: the TTL it left with */
  ttl: number;
  /** answers: who sent the ICMP error, as a 32-bit number */
  from: number;
  /** answers: ICMP code */
  code: number;
}

/** A reusable record for readProbeFrame. */
export function emptyProbeFrame(): ProbeFrame {
  return { kind: 'probe', sourcePort: 0, target: 0, ipId: 0, ttl: 0, from: 0, code: 0 };
}

/**
 * Reads a probe to `port` (UDP) or an ICMP error quoting one; fills `out` and returns true, or
 * returns false for anything else (other traffic, a quote too short to name the probe).
 */
export function readProbeFrame(frame: Uint8Array, length: number, port: number, out: ProbeFrame): boolean {
  let ip = ETHERNET;
  if (length >= ETHERNET + 4 && frame[12] === 0x81 && frame[13] === 0x00) ip += 4; // one 802.1Q tag
  if (length < ip + IPV4_MIN || frame[ip - 2] !== 0x08 || frame[ip - 1] !== 0x00) return false;
  if (frame[ip]! >> 4 !== 4) return false;
  const transport = ip + (frame[ip]! & 0x0f) * 4;
  const protocol = frame[ip + 9];
  if (protocol === 17) {
    if (length < transport + 8 || u16(frame, transport + 2) !== port) return false;
    out.kind = 'probe';
    out.sourcePort = u16(frame, transport);
    out.target = u32(frame, ip + 16);
    out.ipId = u16(frame, ip + 4);
    out.ttl = frame[ip + 8]!;
    out.from = 0;
    out.code = 0;
    return true;
  }
  if (protocol !== 1 || length < transport + 8) return false;
  const type = frame[transport]!;
  if (type !== 11 && type !== 3) return false;
  // Type, code, checksum, 4 unused bytes; then the probe's IP header and at least 8 bytes after it.
  const quoted = transport + 8;
  if (length < quoted + IPV4_MIN || frame[quoted]! >> 4 !== 4 || frame[quoted + 9] !== 17) return false;
  const quotedUdp = quoted + (frame[quoted]! & 0x0f) * 4;
  if (length < quotedUdp + 8 || u16(frame, quotedUdp + 2) !== port) return false;
  out.kind = type === 11 ? 'time-exceeded' : 'unreachable';
  out.sourcePort = u16(frame, quotedUdp);
  out.target = u32(frame, quoted + 16);
  out.ipId = u16(frame, quoted + 4);
  out.ttl = 0;
  out.from = u32(frame, ip + 12);
  out.code = frame[transport + 1]!;
  return true;
}

function u16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

function u32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}
