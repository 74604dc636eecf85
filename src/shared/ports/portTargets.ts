// Typed port-scan targets: addresses, CIDRs and last-octet ranges, checked before anything is sent.
import { CidrError, formatIpv4, parseCidr, parseIpv4 } from '../cidr';

/** Valid targets in the form `PortScanRequest.targets` takes, and how many addresses they hold. */
export interface ParsedTargets {
  targets: string[];
  /** addresses in all (a CIDR counts every address in it, as nmap does) */
  hosts: number;
}

/** Thrown for a malformed target; the message quotes it and says what is expected. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** Parses targets separated by spaces or commas: `10.0.0.5`, `10.0.0.0/24`, `10.0.0.1-20`, `10.0.0.1-10.0.0.20`. */
export function parsePortTargets(input: string): ParsedTargets {
  const items = input.split(/[\s,]+/).filter(Boolean);
  if (items.length === 0)
    throw new TargetError('No target given: expected an address, a range or a CIDR, e.g. 10.0.0.5.');
  const targets: string[] = [];
  let hosts = 0;
  for (const item of items) {
    const target = parseTarget(item);
    if (targets.includes(target.text)) continue;
    targets.push(target.text);
    hosts += target.hosts;
  }
  return { targets, hosts };
}

function parseTarget(item: string): { text: string; hosts: number } {
  if (item.includes('/')) {
    try {
      const cidr = parseCidr(item);
      return { text: cidr.text, hosts: cidr.size };
    } catch (error) {
      if (error instanceof CidrError) throw new TargetError(error.message);
      throw error;
    }
  }
  const dash = item.indexOf('-');
  if (dash === -1) {
    if (parseIpv4(item) === undefined) throw notAnAddress(item);
    return { text: formatIpv4(parseIpv4(item)!), hosts: 1 };
  }
  const start = parseIpv4(item.slice(0, dash));
  if (start === undefined) throw notAnAddress(item);
  const endText = item.slice(dash + 1);
  let end: number | undefined;
  if (/^\d{1,3}$/.test(endText)) {
    end = Number(endText) <= 255 ? ((start & 0xffffff00) | Number(endText)) >>> 0 : undefined;
  } else {
    end = parseIpv4(endText);
    if (end !== undefined && end >>> 8 !== start >>> 8) {
      throw new TargetError(`"${item}": a range must stay within one /24 (e.g. 10.0.0.1-254); use a CIDR for more.`);
    }
  }
  if (end === undefined) throw notAnAddress(item);
  if (end < start) throw new TargetError(`"${item}": the range ends before it starts.`);
  const first = formatIpv4(start);
  return { text: start === end ? first : `${first}-${end & 0xff}`, hosts: end - start + 1 };
}

function notAnAddress(item: string): TargetError {
  return new TargetError(
    `"${item}" is not a target: expected an IPv4 address (10.0.0.5), a range (10.0.0.1-20) or a CIDR (10.0.0.0/24).`,
  );
}
