// Flow export (IPFIX) settings both sides check: the collector's HOST:PORT and the timeouts. The
// CLI, the extension's settings and the helper's `capture/start` validation call the same rules.
import { parseIpv4 } from '../cidr';

/** Timeouts as nfdump's own exporter (nfpcapd -e 300,60) has them by default, in seconds. */
export const FLOW_EXPORT_DEFAULTS = { activeTimeoutS: 300, idleTimeoutS: 60 } as const;

/** The range each timeout may take, in seconds (a week at most, as softflowd's maxlife). */
export const FLOW_EXPORT_LIMITS = {
  activeTimeoutS: { min: 1, max: 7 * 24 * 3600 },
  idleTimeoutS: { min: 1, max: 24 * 3600 },
} as const;

/** A collector's address: a host name, an IPv4 address or an IPv6 address (without brackets), and a UDP port. */
export interface CollectorAddress {
  host: string;
  port: number;
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const EXAMPLES = 'e.g. 127.0.0.1:9995, collector.example:4739 or [::1]:4739';

/**
 * Parses a collector given as HOST:PORT (an IPv6 address in brackets, `[::1]:4739`); returns the
 * address, or one sentence saying what is wrong with the text.
 */
export function parseCollectorAddress(text: string): CollectorAddress | string {
  const input = text.trim();
  if (!input) return `a collector is HOST:PORT (${EXAMPLES}), not an empty text`;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(input);
  const colon = input.lastIndexOf(':');
  if (!bracketed && input.indexOf(':') !== colon) {
    return `"${input}" has several colons: put an IPv6 address in brackets, e.g. [::1]:4739`;
  }
  const host = bracketed ? bracketed[1]! : colon < 0 ? input : input.slice(0, colon);
  const portText = bracketed ? bracketed[2] : colon < 0 ? undefined : input.slice(colon + 1);
  if (portText === undefined || portText === '') {
    return `"${input}" has no port: the collector is HOST:PORT (IPFIX's port is 4739; nfcapd listens on 9995 by default)`;
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return `"${portText}" in "${input}" is not a UDP port (1-65535)`;
  }
  if (bracketed ? !IPV6.test(host) || !host.includes(':') : !isHost(host)) {
    return `"${host}" in "${input}" is not a host name or an IP address (${EXAMPLES})`;
  }
  return { host, port: Number(portText) };
}

/** HOST:PORT again, with an IPv6 address in brackets. */
export function formatCollectorAddress(address: CollectorAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** a dotted IPv4 address, or a host name (digits and dots alone must be an IPv4 address) */
function isHost(host: string): boolean {
  if (/^[\d.]+$/.test(host)) return parseIpv4(host) !== undefined;
  return HOST_NAME.test(host);
}
