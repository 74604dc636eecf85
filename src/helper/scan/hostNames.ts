import { Resolver } from 'node:dns/promises';
import { runLimited } from './connectProbe';
import { mdnsNames } from './mdnsNames';
import { cleanHostname, unescapeDnsName } from './reverseName';
import type { HostnameSource } from '../../shared/model/device';

/** How to look names up. */
export interface HostNameOptions {
  /** DNS servers to ask instead of the system's */
  dnsServers?: string[];
  /** address of the scanned interface, for mDNS; no mDNS without it */
  interfaceAddress?: string;
  /** the whole lookup's budget, in milliseconds */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Reverse DNS and mDNS at once; DNS wins where both answer, as it is what the network admin set. */
export async function lookupHostNames(
  ips: string[],
  options: HostNameOptions,
): Promise<Map<string, { name: string; source: HostnameSource }>> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.dnsServers?.length) resolver.setServers(options.dnsServers);
  const dnsNames = new Map<string, string>();
  const dnsLookups = runLimited(
    ips.map((ip) => async () => {
      try {
        const [first] = await resolver.reverse(ip);
        const name = first ? cleanHostname(unescapeDnsName(first)) : undefined;
        if (name) dnsNames.set(ip, name);
      } catch {
        // No PTR record, or no server: the host simply has no DNS name.
      }
    }),
    32,
    options.signal,
  );
  const abort = () => resolver.cancel();
  options.signal?.addEventListener('abort', abort);
  const [, mdns] = await Promise.all([
    dnsLookups,
    options.interfaceAddress
      ? mdnsNames(ips, options.interfaceAddress, Math.min(options.timeoutMs, 600), options.signal).catch(
          () => new Map<string, string>(),
        )
      : Promise.resolve(new Map<string, string>()),
  ]);
  options.signal?.removeEventListener('abort', abort);
  const result = new Map<string, { name: string; source: HostnameSource }>();
  for (const [ip, name] of mdns) result.set(ip, { name, source: 'mdns' });
  for (const [ip, name] of dnsNames) result.set(ip, { name, source: 'dns' });
  return result;
}
