// The field's reference tools, run against a lab the same way LAN Lens is: their answers are
// what LAN Lens's must equal. Only ever pointed at a lab bridge and its subnet.
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
