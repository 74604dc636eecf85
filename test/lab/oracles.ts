// The field's reference tools, run against a lab the same way LAN Lens is: their answers are
// what LAN Lens's must equal. Only ever pointed at a lab bridge and its subnet.
import type { ServiceInfo } from '../../src/shared/model/ports';
import { tunnelledName } from '../../src/shared/ports/serviceNames';
import type { RunResult } from './exec';
import { runOk } from './exec';

export interface OracleHost {
  ip: string;
  /** lower case with colons; absent for the scanning machine itself */
  mac?: string;
  vendor?: string;
}

/** `nmap -sn -n -e BRIDGE CIDR -oX -`: an ARP ping sweep with no name resolution. */
export async function nmapPingSweep(bridge: string, cidr: string): Promise<{ hosts: OracleHost[]; run: RunResult }> {
  const result = await runOk('nmap', ['-sn', '-n', '-e', bridge, cidr, '-oX', '-'], { timeoutMs: 120_000 });
  return { hosts: parseNmapXml(result.stdout), run: result };
}

/** Hosts nmap reported up, from its XML output. */
export function parseNmapXml(xml: string): OracleHost[] {
  const hosts: OracleHost[] = [];
  for (const [block] of xml.matchAll(/<host\b[\s\S]*?<\/host>/g)) {
    if (!/<status state="up"/.test(block)) continue;
    const ip = /<address addr="([^"]+)" addrtype="ipv4"/.exec(block)?.[1];
    if (!ip) continue;
    const mac = /<address addr="([^"]+)" addrtype="mac"(?: vendor="([^"]*)")?/.exec(block);
    hosts.push({ ip, mac: mac?.[1].toLowerCase(), vendor: mac?.[2] });
  }
  return hosts;
}

/** `arp-scan -I BRIDGE CIDR`: hosts that answered, without the scanning machine itself. */
export async function arpScan(bridge: string, cidr: string): Promise<{ hosts: OracleHost[]; run: RunResult }> {
  const result = await runOk('arp-scan', ['-q', '-x', '-I', bridge, cidr], { timeoutMs: 120_000 });
  const hosts = result.stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([ip, mac]) => /^\d+\.\d+\.\d+\.\d+$/.test(ip) && mac)
    .map(([ip, mac]) => ({ ip, mac: mac.toLowerCase() }));
  return { hosts, run: result };
}

/** One port of `nmap -sV`'s XML: its state and what nmap made of the service. */
export interface NmapServicePort {
  ip: string;
  port: number;
  protocol: 'tcp' | 'udp';
  state: string;
  /** nmap's service name ('http'), with `tunnel` 'ssl' when it ran inside TLS */
  name?: string;
  tunnel?: string;
  product?: string;
  version?: string;
  extraInfo?: string;
  /** 'probed' when an answer matched, 'table' when only the port number named it */
  method?: string;
  conf?: number;
}

const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[entity]) return named[entity];
    return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });

/** Every port of every host in nmap's XML output, with its service element's attributes. */
export function parseNmapServices(xml: string): NmapServicePort[] {
  const ports: NmapServicePort[] = [];
  for (const [host] of xml.matchAll(/<host\b[\s\S]*?<\/host>/g)) {
    const ip = /<address addr="([^"]+)" addrtype="ipv4"/.exec(host)?.[1];
    if (!ip) continue;
    for (const [, protocol, port, body] of host.matchAll(
      /<port protocol="(tcp|udp)" portid="(\d+)">([\s\S]*?)<\/port>/g,
    )) {
      const attribute = (element: string | undefined, name: string) => {
        const value = element ? new RegExp(`\\b${name}="([^"]*)"`).exec(element)?.[1] : undefined;
        return value === undefined ? undefined : unescapeXml(value);
      };
      const service = /<service\b[^>]*>/.exec(body)?.[0];
      const conf = attribute(service, 'conf');
      ports.push({
        ip,
        port: Number(port),
        protocol: protocol as 'tcp' | 'udp',
        state: attribute(/<state\b[^>]*>/.exec(body)?.[0], 'state') ?? 'unknown',
        name: attribute(service, 'name'),
        tunnel: attribute(service, 'tunnel'),
        product: attribute(service, 'product'),
        version: attribute(service, 'version'),
        extraInfo: attribute(service, 'extrainfo'),
        method: attribute(service, 'method'),
        conf: conf === undefined ? undefined : Number(conf),
      });
    }
  }
  return ports;
}

/** `nmap -n -Pn -sV -p PORTS -e BRIDGE IPS -oX -`: service detection on exactly the given lab ports. */
export async function nmapServiceScan(
  bridge: string,
  ips: string[],
  ports: number[],
): Promise<{ ports: NmapServicePort[]; run: RunResult }> {
  const args = [
    '-n',
    '-Pn',
    '-sV',
    '-p',
    [...new Set(ports)].sort((a, b) => a - b).join(','),
    '-e',
    bridge,
    ...ips,
    '-oX',
    '-',
  ];
  const result = await runOk('nmap', args, { timeoutMs: 300_000 });
  return { ports: parseNmapServices(result.stdout), run: result };
}

/**
 * Whether LAN Lens's service agrees with nmap's for one port nmap identified by a probe: the same
 * name (a service inside TLS spelt as LAN Lens does, 'ssl/http' → 'https'), the same product
 * wherever nmap gives one, and the same version wherever both give one (nmap also prints versions
 * the answer does not tell, such as '4.6.2' for every Samba since 4.6.2). Undefined when they
 * agree, else why not.
 */
export function disagreement(ours: ServiceInfo | undefined, nmap: NmapServicePort): string | undefined {
  if (!ours) return `LAN Lens has nothing where nmap has ${nmap.name}`;
  // nmap's mqtt-subscribe script (a "version" script -sV runs) writes the broker's
  // `$SYS/broker/version` text where the name goes ('mosquitto version 2.0.11'); LAN Lens reads
  // the same topic into product and version and keeps the name 'mqtt'.
  const quirk = /^(\S+) version (\S+)$/.exec(nmap.name ?? '');
  if (quirk) {
    const same = ours.name === 'mqtt' && ours.product === quirk[1] && ours.version === quirk[2];
    return same ? undefined : `nmap's MQTT broker "${nmap.name}" vs ${ours.name} ${ours.product} ${ours.version}`;
  }
  const name = nmap.tunnel === 'ssl' ? tunnelledName(nmap.name) : nmap.name;
  if (ours.name !== name) return `name ${ours.name} vs nmap's ${name}`;
  if (nmap.product && ours.product !== nmap.product) return `product ${ours.product} vs nmap's ${nmap.product}`;
  if (nmap.version && ours.version && ours.version !== nmap.version)
    return `version ${ours.version} vs nmap's ${nmap.version}`;
  return undefined;
}
