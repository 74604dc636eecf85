// nmap's `-p` syntax, checked before anything is sent: '22,80,8000-8100', 'U:53,T:80-90', '-' for
// every port, '1024-' and '-1023' for open ends. Port 0 is refused: nothing listens there.

/** The highest TCP or UDP port. */
export const MAX_PORT = 65_535;

/** A valid port spec: its canonical text and how many ports it names per protocol. */
export interface ParsedPortSpec {
  /**
   * canonical text ('22,80,8000-8100', '22,U:53', 'T:80,U:53'): ports before any prefix stay
   * unprefixed, since they count for UDP too when a scan adds UDP (as in nmap)
   */
  text: string;
  /** TCP ports: the unprefixed and the `T:` ones */
  tcpPorts: number;
  /** ports named for UDP with `U:` */
  udpPorts: number;
  /** ports before any prefix (also scanned over UDP when a scan adds UDP) */
  unprefixedPorts: number;
}

/** Thrown for a malformed spec; the message quotes the bad part and says what is expected. */
export class PortSpecError extends Error {
  override readonly name = 'PortSpecError';
}

const NUMBER = /^\d{1,5}$/;

/** Parses and checks a spec; ranges are merged per protocol so counts are exact. */
export function parsePortSpec(input: string): ParsedPortSpec {
  const text = input.replace(/\s+/g, '');
  if (text === '') throw new PortSpecError('No ports given: expected e.g. 22,80,443 or 8000-8100.');
  const ranges: Record<'' | 'T' | 'U', Array<[number, number]>> = { '': [], T: [], U: [] };
  let protocol: '' | 'T' | 'U' = '';
  for (const rawItem of text.split(',')) {
    let item = rawItem;
    const prefix = /^([TtUu]):/.exec(item);
    if (prefix) {
      protocol = prefix[1]!.toUpperCase() as 'T' | 'U';
      item = item.slice(2);
    }
    if (item === '') throw new PortSpecError(`"${input.trim()}" has an empty item: remove the extra comma.`);
    ranges[protocol].push(parseItem(item));
  }
  const both = mergeRanges(ranges['']);
  const tcpOnly = mergeRanges(ranges.T);
  const udp = mergeRanges(ranges.U);
  const format = (list: Array<[number, number]>) => list.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
  const parts = [format(both), tcpOnly.length ? `T:${format(tcpOnly)}` : '', udp.length ? `U:${format(udp)}` : ''];
  return {
    text: parts.filter(Boolean).join(','),
    tcpPorts: count(mergeRanges([...ranges[''], ...ranges.T])),
    udpPorts: count(udp),
    unprefixedPorts: count(both),
  };
}

/** `'80'`, `'80-90'`, `'-1023'`, `'1024-'`, `'-'` → an inclusive range. */
function parseItem(item: string): [number, number] {
  const dash = item.indexOf('-');
  if (dash === -1) {
    const port = portNumber(item, item);
    return [port, port];
  }
  if (item.indexOf('-', dash + 1) !== -1) throw new PortSpecError(`"${item}" is not a range: expected e.g. 8000-8100.`);
  const low = dash === 0 ? 1 : portNumber(item.slice(0, dash), item);
  const high = dash === item.length - 1 ? MAX_PORT : portNumber(item.slice(dash + 1), item);
  if (low > high) throw new PortSpecError(`"${item}": the range ends before it starts.`);
  return [low, high];
}

function portNumber(text: string, item: string): number {
  if (!NUMBER.test(text)) {
    throw new PortSpecError(`"${item}" is not a port or range: expected numbers such as 80 or 8000-8100.`);
  }
  const port = Number(text);
  if (port < 1 || port > MAX_PORT)
    throw new PortSpecError(`"${text}" is out of range: ports go from 1 to ${MAX_PORT}.`);
  return port;
}

function mergeRanges(list: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [low, high] of sorted) {
    const last = merged[merged.length - 1];
    if (last && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

function count(list: Array<[number, number]>): number {
  return list.reduce((sum, [low, high]) => sum + high - low + 1, 0);
}
