import { CidrError, cidrContains, confirmationReasons, parseCidr, parseIpv4 } from '../../shared/cidr';
import { formatCount } from '../../shared/format/displayFormat';
import { HelperErrorCode } from '../../shared/helperProtocol';
import { SCAN_LIMITS } from '../../shared/model/scan';
import type { Ipv4Cidr } from '../../shared/cidr';
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type { ScanRequest } from '../../shared/model/scan';

/** A scan request the user must correct (or confirm) before anything is sent. */
export class ScanInputError extends Error {
  override readonly name = 'ScanInputError';
  constructor(
    message: string,
    readonly code: HelperErrorCode,
    /** for NeedsConfirmation: each reason, one sentence */
    readonly reasons: string[] = [],
  ) {
    super(message);
  }
}

/** A validated scan target: where to send from and what to sweep. */
export interface ScanTarget {
  cidr: Ipv4Cidr;
  interface: NetworkInterfaceInfo;
  /** this machine's address on the scanned subnet, used as the ARP sender */
  sourceAddress: string;
  /** the subnet is directly attached, so ARP and the neighbour table apply */
  onLink: boolean;
}

function findInterface(name: string, interfaces: NetworkInterfaceInfo[]): NetworkInterfaceInfo {
  const found = interfaces.find((entry) => entry.name === name);
  if (!found) {
    const known = interfaces.map((entry) => entry.name).join(', ');
    throw new ScanInputError(
      `Unknown interface "${name}". Known interfaces: ${known || 'none'}.`,
      HelperErrorCode.UnknownInterface,
    );
  }
  return found;
}

function attachedAddress(entry: NetworkInterfaceInfo, cidr: Ipv4Cidr) {
  // On link when the scanned range lies inside one of the interface's own subnets.
  return entry.ipv4.find((address) => {
    const own = parseCidr(address.cidr);
    return own.prefixLength <= cidr.prefixLength && cidrContains(own, cidr.network);
  });
}

/** Checks a request against the machine's interfaces; throws ScanInputError with a clear message. */
export function resolveScanTarget(
  request: ScanRequest,
  interfaces: NetworkInterfaceInfo[],
  defaultInterface?: string,
): ScanTarget {
  let cidr: Ipv4Cidr | undefined;
  if (request.cidr !== undefined && request.cidr.trim() !== '') {
    try {
      cidr = parseCidr(request.cidr);
    } catch (error) {
      if (error instanceof CidrError) throw new ScanInputError(error.message, HelperErrorCode.InvalidParams);
      throw error;
    }
  }
  let chosen = request.interface ? findInterface(request.interface, interfaces) : undefined;
  if (!cidr) {
    chosen ??= interfaces.find((entry) => entry.name === defaultInterface && entry.ipv4.length > 0);
    const first = chosen?.ipv4[0];
    if (!chosen || !first) {
      const which = chosen ? `Interface "${chosen.name}" has` : 'There is no default interface with';
      throw new ScanInputError(
        `${which} no IPv4 subnet to scan. Give a subnet such as 192.168.1.0/24.`,
        HelperErrorCode.UnknownInterface,
      );
    }
    cidr = parseCidr(first.cidr);
  }
  if (cidr.prefixLength < SCAN_LIMITS.widestPrefix) {
    // Even confirmed, a wider range is an array of millions of addresses and hours of probes.
    throw new ScanInputError(
      `${cidr.text} holds ${formatCount(cidr.size)} addresses; at most a /${SCAN_LIMITS.widestPrefix} is swept at once. Scan its subnets one by one.`,
      HelperErrorCode.InvalidParams,
    );
  }
  const reasons = confirmationReasons(cidr);
  if (reasons.length > 0 && !request.confirmed) {
    throw new ScanInputError(
      `Scanning ${cidr.text} needs confirmation: ${reasons.join('; ')}.`,
      HelperErrorCode.NeedsConfirmation,
      reasons,
    );
  }
  const candidates = chosen ? [chosen] : interfaces.filter((entry) => entry.up);
  for (const entry of candidates) {
    const address = attachedAddress(entry, cidr);
    if (address) return { cidr, interface: entry, sourceAddress: address.address, onLink: true };
  }
  if (chosen) {
    // Naming an interface means "sweep its link": a range it does not hold is a mistake, not a route.
    const own = chosen.ipv4.map((address) => address.cidr).join(', ') || 'no IPv4 subnet';
    throw new ScanInputError(
      `${cidr.text} is not on ${chosen.name} (${own}). Scan one of its subnets, or leave out the interface to reach ${cidr.text} by routing.`,
      HelperErrorCode.InvalidParams,
    );
  }
  // Off-link: reachable only through routing, so only connect probes can see it.
  const via = interfaces.find((entry) => entry.name === defaultInterface);
  const source = via?.ipv4[0];
  if (!via || !source || parseIpv4(source.address) === undefined) {
    throw new ScanInputError(`No interface can reach ${cidr.text}.`, HelperErrorCode.UnknownInterface);
  }
  return { cidr, interface: via, sourceAddress: source.address, onLink: false };
}
