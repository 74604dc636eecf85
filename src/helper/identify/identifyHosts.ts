import { guessOs } from './os/guessOs';
import { netbiosStatuses } from './os/netbiosStatus';
import type { IdentifyCounters, ServiceTarget } from './services/identifyServices';
import { identifyServices, serviceKey } from './services/identifyServices';
import { lookupHostNames } from '../scan/hostNames';
import type { HostPorts, PortResult, TcpFingerprint } from '../../shared/model/ports';

/** What the port scan learnt that identification can use, and how to report. */
export interface IdentifyHostsOptions {
  serviceDetection: boolean;
  osDetection: boolean;
  signal?: AbortSignal;
  /** the longest wait for any one answer, in ms; default 2000 */
  timeoutMs?: number;
  /** SYN-ACK fingerprints the SYN scan recorded, by IP */
  fingerprints?: Map<string, TcpFingerprint>;
  /** TTLs seen in any answer of a host (connect scans), by IP */
  ttls?: Map<string, number>;
  /** payloads UDP probes got back, by `serviceKey` (`10.0.0.5:53/udp`) */
  udpAnswers?: Map<string, Uint8Array>;
  /** the subnet's default gateway, a clue for routers */
  gatewayIp?: string;
  /** look names up by reverse DNS and mDNS too (mDNS needs the interface's address) */
  resolveNames?: { dnsServers?: string[]; interfaceAddress?: string };
  /** called once per host when its services (and OS guess) are filled in */
  onHost?: (host: HostPorts) => void;
}

function addName(
  host: HostPorts,
  name: string | undefined,
  source: NonNullable<HostPorts['names']>[number]['source'],
): void {
  if (!name) return;
  host.names ??= [];
  if (!host.names.some((entry) => entry.name === name && entry.source === source)) host.names.push({ name, source });
}

/** The DNS names a certificate gives: its subject CN and DNS SANs, without wildcards. */
function certificateNames(subject: string, altNames: string[]): string[] {
  const names = altNames.filter((entry) => entry.startsWith('DNS:')).map((entry) => entry.slice(4));
  const common = /(?:^|, )CN=([^,]+)/.exec(subject)?.[1];
  if (common) names.unshift(common);
  return [...new Set(names)].filter((name) => /^[A-Za-z0-9.-]{1,253}$/.test(name) && !name.startsWith('*'));
}

/** Whether service detection probes this port: open TCP, open or open|filtered UDP. */
export function isToIdentify(port: PortResult): boolean {
  return port.state === 'open' || (port.protocol === 'udp' && port.state === 'open|filtered');
}

/**
 * Fills the services of each host's open ports, its names (NetBIOS, TLS, DNS, mDNS) and its OS
 * guess in place: the entry point the port scan calls when the request asks for service or OS detection.
 * Resolves to the number of probes it sent (connections, datagrams), for the scan's `probesSent`,
 * and how many ports a deadline cut short.
 */
export async function identifyHosts(
  hosts: HostPorts[],
  options: IdentifyHostsOptions,
): Promise<{ probesSent: number; cutShort: number }> {
  const counters: IdentifyCounters = { probes: 0 };
  const up = hosts.filter((host) => host.up);
  const byIp = new Map(up.map((host) => [host.ip, host]));
  counters.probes += up.length * 2; // a NetBIOS node-status query and its repeat per host
  const netbiosLookup = netbiosStatuses(
    up.map((host) => host.ip),
    { signal: options.signal, timeoutMs: Math.min(options.timeoutMs ?? 2000, 600) },
  );
  const namesLookup = options.resolveNames
    ? lookupHostNames(
        up.map((host) => host.ip),
        { ...options.resolveNames, timeoutMs: Math.min(options.timeoutMs ?? 2000, 1000), signal: options.signal },
      )
    : Promise.resolve(undefined);
  const [netbios, dnsNames] = await Promise.all([netbiosLookup, namesLookup]);
  for (const [ip, status] of netbios) addName(byIp.get(ip)!, status.name, 'netbios');
  for (const [ip, found] of dnsNames ?? []) addName(byIp.get(ip)!, found.name, found.source);

  if (options.serviceDetection) {
    const targets: ServiceTarget[] = [];
    for (const host of up) {
      const hostName = host.names?.find((entry) => entry.source === 'dns' || entry.source === 'mdns')?.name;
      for (const port of host.ports) {
        if (!isToIdentify(port)) continue;
        const answer = options.udpAnswers?.get(serviceKey({ ip: host.ip, port: port.port, protocol: port.protocol }));
        targets.push({
          ip: host.ip,
          port: port.port,
          protocol: port.protocol,
          ...(hostName ? { hostName } : {}),
          ...(answer ? { answer } : {}),
        });
      }
    }
    const services = await identifyServices(targets, {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      counters,
    });
    for (const host of up) {
      for (const port of host.ports) {
        const service = services.get(serviceKey({ ip: host.ip, port: port.port, protocol: port.protocol }));
        if (!service) continue;
        port.service = service;
        if (service.tls)
          for (const name of certificateNames(service.tls.subject, service.tls.subjectAltNames))
            addName(host, name, 'tls');
      }
    }
  }

  for (const host of up) {
    if (options.osDetection) {
      const open = host.ports.filter((port) => port.state === 'open');
      host.os = guessOs({
        tcp: options.fingerprints?.get(host.ip),
        ttl: options.ttls?.get(host.ip),
        openTcpPorts: open.filter((port) => port.protocol === 'tcp').map((port) => port.port),
        openUdpPorts: open.filter((port) => port.protocol === 'udp').map((port) => port.port),
        mac: host.mac,
        services: host.ports.flatMap((port) => (port.service ? [port.service] : [])),
        names: host.names?.map((entry) => entry.name),
        netbios: netbios.has(host.ip),
        isGateway: options.gatewayIp === host.ip,
      });
    }
    options.onHost?.(host);
  }
  return { probesSent: counters.probes, cutShort: counters.cutShort ?? 0 };
}
