// nmap's `-p` syntax, the one parser of it: the extension checks what the user types with it and
// the helper validates requests with it, so the two cannot disagree. '22,80,8000-8100',
// 'U:53,T:80-90', '-' for every port, '1024-' and '-1023' for open ends. Port 0 is refused:
// nothing listens there.

/** The highest TCP or UDP port. */
export const MAX_PORT = 65_535;

/** A port list that is not valid nmap `-p` syntax; the message quotes the bad part. */
export class PortRangeError extends Error {
  override readonly name = 'PortRangeError';
}

/** An inclusive run of ports, first ≤ last. */
export type PortRange = [first: number, last: number];

/** A valid port spec: its ranges per protocol class, merged and ascending, and its canonical text. */
export interface ParsedPortSpec {
  /**
   * canonical text ('22,80,8000-8100', '22,U:53', 'T:80,U:53'): ports before any prefix stay
   * unprefixed, since they count for UDP too when a scan adds UDP (as in nmap)
   */
  text: string;
  /** ports before any prefix: TCP, and UDP too when a scan adds UDP */
  unprefixed: PortRange[];
  /** ports after `T:` */
  tcpOnly: PortRange[];
  /** ports after `U:`: scanned over UDP even when UDP was not asked for */
  udpOnly: PortRange[];
  /** TCP ports: the unprefixed and the `T:` ones */
  tcpPorts: number;
  /** ports named for UDP with `U:` */
  udpPorts: number;
  /** ports before any prefix */
  unprefixedPorts: number;
}

/** Ports per protocol, each list ascending and without duplicates. */
export interface PortLists {
  tcp: number[];
  /** the unprefixed and the `U:` ports */
  udp: number[];
  /** the UDP ports named after a `U:` prefix: scanned over UDP even when UDP was not asked for */
  udpNamed: number[];
}

type Protocol = 'unprefixed' | 'tcpOnly' | 'udpOnly';

const PROTOCOL_PREFIX = /^([TUS]):/i;

/**
 * Parses nmap's `-p` syntax: `22`, `1-1024`, `-100` (from 1), `60000-` (to 65535), `-` (all),
 * comma-separated, with `T:` and `U:` switching the protocol of the parts that follow. Parts before
 * any prefix count for both protocols, as in nmap. Throws PortRangeError naming the bad part.
 */
export function parsePortSpec(input: string): ParsedPortSpec {
  const whole = input.trim();
  if (whole === '') throw new PortRangeError('The port list is empty: give ports such as 22,80,8000-8100.');
  const ranges: Record<Protocol, PortRange[]> = { unprefixed: [], tcpOnly: [], udpOnly: [] };
  let protocol: Protocol = 'unprefixed';
  for (const rawPart of whole.split(',')) {
    let part = rawPart.trim();
    const prefix = PROTOCOL_PREFIX.exec(part);
    if (prefix) {
      const letter = prefix[1]!.toUpperCase();
      if (letter === 'S') throw new PortRangeError(`"${part}": SCTP ports (S:) are not supported; use T: or U:.`);
      protocol = letter === 'T' ? 'tcpOnly' : 'udpOnly';
      part = part.slice(2).trim();
    }
    if (part === '') {
      throw new PortRangeError(
        `"${rawPart.trim() || rawPart}" in "${whole}" names no port: remove the extra comma or add a port.`,
      );
    }
    ranges[protocol].push(parseRange(part, whole));
  }
  const unprefixed = mergeRanges(ranges.unprefixed);
  const tcpOnly = mergeRanges(ranges.tcpOnly);
  const udpOnly = mergeRanges(ranges.udpOnly);
  const text = [
    rangesText(unprefixed),
    tcpOnly.length ? `T:${rangesText(tcpOnly)}` : '',
    udpOnly.length ? `U:${rangesText(udpOnly)}` : '',
  ];
  return {
    text: text.filter(Boolean).join(','),
    unprefixed,
    tcpOnly,
    udpOnly,
    tcpPorts: count(mergeRanges([...unprefixed, ...tcpOnly])),
    udpPorts: count(udpOnly),
    unprefixedPorts: count(unprefixed),
  };
}

/** The ports a parsed spec names, per protocol, as the helper probes them. */
export function portLists(spec: ParsedPortSpec): PortLists {
  return {
    tcp: expand(mergeRanges([...spec.unprefixed, ...spec.tcpOnly])),
    udp: expand(mergeRanges([...spec.unprefixed, ...spec.udpOnly])),
    udpNamed: expand(spec.udpOnly),
  };
}

/** Compresses ascending ports into nmap syntax: [22, 80, 81, 82] → '22,80-82'. */
export function formatPortRanges(ports: readonly number[]): string {
  const ranges: PortRange[] = [];
  for (const port of ports) {
    const last = ranges[ranges.length - 1];
    if (last && port === last[1] + 1) last[1] = port;
    else ranges.push([port, port]);
  }
  return rangesText(ranges);
}

/** `'80'`, `'80-90'`, `'-1023'`, `'1024-'`, `'-'` → an inclusive range. */
function parseRange(part: string, whole: string): PortRange {
  const where = part === whole ? `"${part}"` : `"${part}" in "${whole}"`;
  const match = /^(\d*)\s*-\s*(\d*)$/.exec(part);
  if (match) {
    const first = match[1] === '' ? 1 : portNumber(match[1]!, where);
    const last = match[2] === '' ? MAX_PORT : portNumber(match[2]!, where);
    if (first > last) throw new PortRangeError(`${where}: a range must go upward (${first} is above ${last}).`);
    return [first, last];
  }
  if (/^\d+$/.test(part)) {
    const port = portNumber(part, where);
    return [port, port];
  }
  throw new PortRangeError(
    `${where} is not a port or range: use numbers such as 22, 8000-8100, -1024 or 60000- (service names are not accepted).`,
  );
}

function portNumber(digits: string, where: string): number {
  const value = Number(digits);
  if (digits.length > 6 || value < 1 || value > MAX_PORT) {
    throw new PortRangeError(`${where}: port ${digits} is out of range; ports go from 1 to ${MAX_PORT}.`);
  }
  return value;
}

function mergeRanges(list: readonly PortRange[]): PortRange[] {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const merged: PortRange[] = [];
  for (const [first, last] of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

function rangesText(ranges: readonly PortRange[]): string {
  return ranges.map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`)).join(',');
}

function count(ranges: readonly PortRange[]): number {
  return ranges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
}

function expand(ranges: readonly PortRange[]): number[] {
  const ports: number[] = [];
  for (const [first, last] of ranges) for (let port = first; port <= last; port++) ports.push(port);
  return ports;
}
