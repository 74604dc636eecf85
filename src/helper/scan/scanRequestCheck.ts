// `scan/run` at the protocol boundary: every field of the request checked before any work, so a
// wrong type or range is refused with its name instead of looping (a string timeout) or failing
// after the sweep (a DNS server the resolver refuses) and losing its results.
import { Resolver } from 'node:dns/promises';
import { ScanInputError } from './scanTarget';
import { HelperErrorCode } from '../../shared/helperProtocol';
import { SCAN_LIMITS } from '../../shared/model/scan';
import type { ScanRequest } from '../../shared/model/scan';

const METHODS: readonly string[] = ['auto', 'arp', 'connect'];
const MAX_TEXT = 256;

/** `raw` as a ScanRequest, or a ScanInputError (InvalidParams) naming the first wrong field. */
export function checkScanRequest(raw: unknown): ScanRequest {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw bad('scan/run needs an object of parameters.');
  const request = raw as Record<keyof ScanRequest, unknown>;
  if (typeof request.scanId !== 'string' || request.scanId === '' || request.scanId.length > MAX_TEXT) {
    throw bad(`scanId must be a non-empty string of at most ${MAX_TEXT} characters.`);
  }
  for (const name of ['cidr', 'interface'] as const) {
    const value = request[name];
    if (value !== undefined && (typeof value !== 'string' || value.length > MAX_TEXT)) {
      throw bad(`${name} must be a string of at most ${MAX_TEXT} characters, not ${describe(value)}.`);
    }
  }
  wholeNumber(request, 'timeoutMs', SCAN_LIMITS.timeoutMs);
  wholeNumber(request, 'retries', SCAN_LIMITS.retries);
  if (request.method !== undefined && !METHODS.includes(request.method as string)) {
    throw bad(`method must be auto, arp or connect, not ${describe(request.method)}.`);
  }
  for (const name of ['resolveNames', 'confirmed'] as const) {
    if (request[name] !== undefined && typeof request[name] !== 'boolean') {
      throw bad(`${name} must be true or false, not ${describe(request[name])}.`);
    }
  }
  checkDnsServers(request.dnsServers);
  return raw as ScanRequest;
}

function wholeNumber(request: Record<string, unknown>, name: string, { min, max }: { min: number; max: number }): void {
  const value = request[name];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw bad(`${name} must be a whole number from ${min} to ${max}, not ${describe(value)}.`);
  }
}

/** The resolver that will be asked judges the addresses, so what passes here cannot fail later. */
function checkDnsServers(value: unknown): void {
  if (value === undefined) return;
  const max = SCAN_LIMITS.dnsServers;
  if (!Array.isArray(value) || value.length > max || !value.every((item) => typeof item === 'string')) {
    throw bad(`dnsServers must be a list of at most ${max} addresses, not ${describe(value)}.`);
  }
  for (const server of value) {
    try {
      new Resolver().setServers([server]);
    } catch {
      throw bad(`dnsServers: ${describe(server)} is not an IP address (with an optional :port).`);
    }
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function bad(message: string): ScanInputError {
  return new ScanInputError(message, HelperErrorCode.InvalidParams);
}
