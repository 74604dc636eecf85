// Port-scan targets, the one parser of them: addresses, CIDRs and ranges. The extension checks
// what the user types with it and the helper validates requests with it, so the two cannot
// disagree.
import { CidrError, cidrContains, formatIpv4, parseCidr, parseIpv4 } from '../cidr';
import { formatCount } from '../format/displayFormat';

/** A target list that cannot be read; the message quotes the bad entry. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** More addresses than this in one request are refused outright (a /16 is 65,536). */
export const MAX_TARGET_ADDRESSES = 65_536;

const LOOPBACK = parseCidr('127.0.0.0/8');
// Scanned without asking: RFC 1918, link-local and this machine's loopback.
const LOCAL_BLOCKS = [LOOPBACK, ...['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'].map(parseCidr)];

/** The addresses one target entry stands for, and the entry's canonical text. */
export interface TargetEntry {
  /** `10.0.0.5`, `10.0.0.0/24`, `10.0.0.1-20`, or `10.0.0.250-10.0.1.5` across a /24 */
  text: string;
  /** first and last address as unsigned 32-bit integers */
  first: number;
  last: number;
}

/** Valid targets: the entries as given, their canonical texts, and the addresses they hold. */
export interface ParsedTargets {
  entries: TargetEntry[];
  /** each entry's canonical text once, in the order given: what `PortScanRequest.targets` takes */
  targets: string[];
  /** ascending unique addresses; a CIDR's network and broadcast addresses are left out */
  addresses: number[];
}

/**
 * Reads port-scan targets, one per entry: `10.0.0.5`, `10.0.0.0/24` (every address but network
 * and broadcast), `10.0.0.1-20` (last octet), `10.0.0.1-10.0.0.20`. Throws TargetError naming the
 * entry that is wrong, or when the targets hold more than MAX_TARGET_ADDRESSES addresses.
 */
export function parseTargets(targets: readonly string[]): ParsedTargets {
  if (targets.length === 0 || targets.every((target) => target.trim() === '')) {
    throw new TargetError('No target given: name an address, range or subnet such as 192.168.1.10 or 10.0.0.0/24.');
  }
  const entries = targets.filter((target) => target.trim() !== '').map(parseEntry);
  const total = entries.reduce((sum, entry) => sum + entry.last - entry.first + 1, 0);
  if (total > MAX_TARGET_ADDRESSES) {
    throw new TargetError(
      `The targets hold ${formatCount(total)} addresses; at most ${formatCount(MAX_TARGET_ADDRESSES)} (a /16) can be port-scanned at once.`,
    );
  }
  const unique = new Set<number>();
  for (const entry of entries) for (let ip = entry.first; ip <= entry.last; ip++) unique.add(ip);
  return {
    entries,
    targets: [...new Set(entries.map((entry) => entry.text))],
    addresses: [...unique].sort((a, b) => a - b),
  };
}

/** Targets as a user types them in one line, separated by spaces or commas: parseTargets on each. */
export function parseTargetText(input: string): ParsedTargets {
  return parseTargets(input.split(/[\s,]+/).filter(Boolean));
}

function parseEntry(raw: string): TargetEntry {
  const text = raw.trim();
  if (text.includes('/')) {
    let cidr;
    try {
      cidr = parseCidr(text);
    } catch (error) {
      if (error instanceof CidrError) throw new TargetError(error.message);
      throw error;
    }
    const edges = cidr.prefixLength >= 31 ? 0 : 1;
    return { text: cidr.text, first: cidr.network + edges, last: cidr.network + cidr.size - 1 - edges };
  }
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const startText = text.slice(0, dash).trim();
    const endText = text.slice(dash + 1).trim();
    const start = address(startText, text);
    let end: number | undefined;
    if (/^\d{1,3}$/.test(endText) && Number(endText) <= 255) end = ((start & 0xffffff00) >>> 0) + Number(endText);
    else end = parseIpv4(endText);
    if (end === undefined) {
      throw new TargetError(
        `"${text}": "${endText}" ends no range: give a last octet (10.0.0.1-20) or an address (10.0.0.1-10.0.0.20).`,
      );
    }
    if (end < start)
      throw new TargetError(`"${text}": a range must go upward (${formatIpv4(end)} is below its start).`);
    return { text: rangeText(start, end), first: start, last: end };
  }
  const ip = address(text, text);
  return { text: formatIpv4(ip), first: ip, last: ip };
}

/** The shortest text nmap reads too: `10.0.0.9`, `10.0.0.1-20`; across a /24 both addresses whole. */
function rangeText(start: number, end: number): string {
  if (start === end) return formatIpv4(start);
  if (start >>> 8 === end >>> 8) return `${formatIpv4(start)}-${end & 0xff}`;
  return `${formatIpv4(start)}-${formatIpv4(end)}`;
}

function address(text: string, whole: string): number {
  const ip = parseIpv4(text);
  if (ip === undefined) {
    const inWhole = text === whole ? '' : ` in "${whole}"`;
    throw new TargetError(
      `"${text}"${inWhole} is not an IPv4 address: expected four numbers 0-255 separated by dots (host names are not looked up).`,
    );
  }
  return ip;
}

/** Whether an address is this machine's loopback. */
export function isLoopback(ip: number): boolean {
  return cidrContains(LOOPBACK, ip);
}

/** Entries that leave private, link-local and loopback space, as sentences for a confirmation. */
export function outsidePrivateReasons(entries: readonly TargetEntry[]): string[] {
  const reasons: string[] = [];
  for (const entry of entries) {
    // Each local range is one block, so an entry lies inside when a block holds both its ends.
    const inside = LOCAL_BLOCKS.some((block) => cidrContains(block, entry.first) && cidrContains(block, entry.last));
    if (!inside) {
      reasons.push(`${entry.text} is outside private (10/8, 172.16/12, 192.168/16), link-local and loopback space`);
    }
  }
  return reasons;
}
