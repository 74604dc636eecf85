// The one check of a trace request, for `topology/trace` and `lanlens topology --traceroute` alike:
// IPv4 targets only, a bounded number of them and of TTLs, and nothing outside private and
// link-local space without the user's confirmation.
import { confirmationReasons, parseCidr, parseIpv4 } from '../../shared/cidr';
import { HelperErrorCode, MAX_TRACE_TARGETS } from '../../shared/helperProtocol';
import type { TraceParams } from '../../shared/helperProtocol';
import { ScanInputError } from '../scan/scanTarget';

/** A checked trace request. */
export interface CheckedTrace {
  targets: string[];
  maxTtl: number;
}

/** Checks `params` before anything is sent; throws ScanInputError naming what is wrong. */
export function checkTraceParams(params: TraceParams | undefined): CheckedTrace {
  const bad = (message: string) => new ScanInputError(message, HelperErrorCode.InvalidParams);
  if (!params || typeof params !== 'object') throw bad('topology/trace needs parameters.');
  const { targets, maxTtl = 8, confirmed = false } = params;
  if (!Array.isArray(targets) || targets.some((target) => typeof target !== 'string')) {
    throw bad('targets must be a list of IPv4 addresses.');
  }
  if (targets.length === 0 || targets.length > MAX_TRACE_TARGETS) {
    throw bad(`targets must hold 1 to ${MAX_TRACE_TARGETS} addresses, not ${targets.length}.`);
  }
  const wrong = targets.find((target) => parseIpv4(target) === undefined);
  if (wrong !== undefined) throw bad(`"${wrong}" is not an IPv4 address.`);
  if (!Number.isInteger(maxTtl) || maxTtl < 1 || maxTtl > 30) {
    throw bad(`maxTtl must be a whole number from 1 to 30, not ${JSON.stringify(maxTtl)}.`);
  }
  const reasons = [...new Set(targets.flatMap((target) => confirmationReasons(parseCidr(`${target}/32`))))];
  if (reasons.length > 0 && confirmed !== true) {
    throw new ScanInputError(
      `Tracing needs confirmation: ${reasons.join('; ')}.`,
      HelperErrorCode.NeedsConfirmation,
      reasons,
    );
  }
  return { targets: [...new Set(targets)], maxTtl };
}
