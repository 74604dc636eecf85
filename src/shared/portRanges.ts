/** The highest TCP/UDP port number. */
export const MAX_PORT = 65535;

/** A port list that is not valid nmap `-p` syntax; the message quotes the bad part. */
export class PortRangeError extends Error {
  override readonly name = 'PortRangeError';
}

/** Ports per protocol, each list ascending and without duplicates. */
export interface PortLists {
  tcp: number[];
  udp: number[];
  /** the UDP ports named after a `U:` prefix: scanned over UDP even when UDP was not asked for */
  udpNamed: number[];
}

const PROTOCOL_PREFIX = /^([TUS]):/i;

/**
 * Parses nmap's `-p` syntax: `22`, `1-1024`, `-100` (from 1), `60000-` (to 65535), `-` (all),
 * comma-separated, with `T:` and `U:` switching the protocol of the parts that follow. Parts before
 * any prefix count for both protocols, as in nmap. Throws PortRangeError naming the bad part.
 */
export function parsePortRanges(text: string): PortLists {
  const tcp = new Set<number>();
  const udp = new Set<number>();
  const udpNamed = new Set<number>();
  let current: 'both' | 'tcp' | 'udp' = 'both';
  const trimmed = text.trim();
  if (trimmed === '') throw new PortRangeError('The port list is empty: give ports such as 22,80,8000-8100.');
  for (const rawPart of trimmed.split(',')) {
    let part = rawPart.trim();
    const prefix = PROTOCOL_PREFIX.exec(part);
    if (prefix) {
      const letter = prefix[1]!.toUpperCase();
      if (letter === 'S')
        throw new PortRangeError(`"${rawPart.trim()}": SCTP ports (S:) are not supported; use T: or U:.`);
      current = letter === 'T' ? 'tcp' : 'udp';
      part = part.slice(2).trim();
    }
    if (part === '') {
      throw new PortRangeError(
        `"${rawPart.trim() || rawPart}" in "${trimmed}" names no port: remove the extra comma or add a port.`,
      );
    }
    const [first, last] = parseRange(part, trimmed);
    for (let port = first; port <= last; port++) {
      if (current !== 'udp') tcp.add(port);
      if (current !== 'tcp') udp.add(port);
      if (current === 'udp') udpNamed.add(port);
    }
  }
  const ascending = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return { tcp: ascending(tcp), udp: ascending(udp), udpNamed: ascending(udpNamed) };
}

function parseRange(part: string, whole: string): [number, number] {
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

/** Compresses ascending ports into nmap syntax: [22, 80, 81, 82] → '22,80-82'. */
export function formatPortRanges(ports: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ports.length;) {
    let j = i;
    while (j + 1 < ports.length && ports[j + 1] === ports[j]! + 1) j++;
    parts.push(j === i ? `${ports[i]}` : `${ports[i]}-${ports[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
