import { topPorts } from './portTable';
import { ScanInputError } from '../scan/scanTarget';
import { formatCount } from '../../shared/format/displayFormat';
import { HelperErrorCode } from '../../shared/helperProtocol';
import { MAX_PORT, PortRangeError, parsePortSpec, portLists } from '../../shared/ports/portSpec';
import { TargetError, outsidePrivateReasons, parseTargets } from '../../shared/ports/portTargets';
import { UDP_SERVICE_PORTS } from '../../shared/ports/udpServicePorts';
import type { PortScanRequest } from '../../shared/model/ports';

/** Host×port pairs above which a scan needs the user's confirmation. */
export const MAX_UNCONFIRMED_PAIRS = 65_536;

/** A validated port scan: what to probe. */
export interface PortScanPlan {
  /** ascending IPv4 addresses as unsigned integers */
  addresses: number[];
  /** ascending ports */
  tcpPorts: number[];
  udpPorts: number[];
}

const ALL_PORTS = Array.from({ length: MAX_PORT }, (_, i) => i + 1);

/**
 * Checks a port-scan request before anything is sent; throws ScanInputError (InvalidParams) naming
 * the bad part, or (NeedsConfirmation) with the reasons when targets leave private space or the
 * scan holds more than 65,536 host×port pairs and `confirmed` is not set.
 */
export function planPortScan(request: PortScanRequest): PortScanPlan {
  if (!request || !Array.isArray(request.targets) || !request.targets.every((t) => typeof t === 'string')) {
    throw new ScanInputError('targets must be a list of addresses, ranges or subnets.', HelperErrorCode.InvalidParams);
  }
  let parsed;
  try {
    parsed = parseTargets(request.targets);
  } catch (error) {
    if (error instanceof TargetError) throw new ScanInputError(error.message, HelperErrorCode.InvalidParams);
    throw error;
  }
  const { tcpPorts, udpPorts } = portsOf(request);
  if (tcpPorts.length + udpPorts.length === 0) {
    throw new ScanInputError(
      'No ports to scan: the port list names none for TCP or UDP.',
      HelperErrorCode.InvalidParams,
    );
  }
  const reasons = outsidePrivateReasons(parsed.entries);
  const pairs = parsed.addresses.length * (tcpPorts.length + udpPorts.length);
  if (pairs > MAX_UNCONFIRMED_PAIRS) {
    reasons.push(
      `${formatCount(parsed.addresses.length)} hosts × ${formatCount(tcpPorts.length + udpPorts.length)} ports make ${formatCount(pairs)} probes' worth, more than ${formatCount(MAX_UNCONFIRMED_PAIRS)}`,
    );
  }
  if (reasons.length > 0 && !request.confirmed) {
    throw new ScanInputError(
      `This port scan needs confirmation: ${reasons.join('; ')}.`,
      HelperErrorCode.NeedsConfirmation,
      reasons,
    );
  }
  return { addresses: parsed.addresses, tcpPorts, udpPorts };
}

function portsOf(request: PortScanRequest): { tcpPorts: number[]; udpPorts: number[] } {
  const spec = request.tcp as PortScanRequest['tcp'] | undefined;
  switch (spec?.set) {
    case 'top100':
    case 'top1000': {
      const tcpPorts = topPorts('tcp', spec.set === 'top100' ? 100 : 1000).sort((a, b) => a - b);
      return { tcpPorts, udpPorts: request.udp ? [...UDP_SERVICE_PORTS] : [] };
    }
    case 'all':
      return { tcpPorts: ALL_PORTS, udpPorts: request.udp ? [...UDP_SERVICE_PORTS] : [] };
    case 'custom': {
      if (typeof spec.ranges !== 'string') {
        throw new ScanInputError(
          'A custom port set needs ranges such as "22,80,8000-8100".',
          HelperErrorCode.InvalidParams,
        );
      }
      try {
        const lists = portLists(parsePortSpec(spec.ranges));
        return { tcpPorts: lists.tcp, udpPorts: request.udp ? lists.udp : lists.udpNamed };
      } catch (error) {
        if (error instanceof PortRangeError) throw new ScanInputError(error.message, HelperErrorCode.InvalidParams);
        throw error;
      }
    }
    default:
      throw new ScanInputError(
        `Unknown port set "${String(spec?.set)}": use top100, top1000, all or custom.`,
        HelperErrorCode.InvalidParams,
      );
  }
}
