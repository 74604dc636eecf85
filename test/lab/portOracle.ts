// Port states as nmap reports them and as LAN Lens does, in one shape ('22/tcp' → state per host)
// so that tests and benchmarks can ask for equality port by port.
import type { HostPorts, PortScanResult } from '../../src/shared/model/ports';
import { parsePortSpec, portLists } from '../../src/shared/ports/portSpec';
import type { RunResult } from './exec';
import { run } from './exec';

/** Per host that is up: 'port/protocol' → state. */
export type PortStates = Map<string, Map<string, string>>;

/** Runs nmap with XML on stdout; throws with its stderr when it fails. */
export async function nmapPorts(args: string[], timeoutMs = 300_000): Promise<{ states: PortStates; run: RunResult }> {
  if (!args.includes('-n')) throw new Error('nmap must run with -n in tests: no name resolution');
  const result = await run('nmap', [...args, '-oX', '-'], { timeoutMs });
  if (result.code !== 0) throw new Error(`nmap ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return { states: parseNmapPorts(result.stdout), run: result };
}

/** Every port state of every up host in nmap's XML, extraports included (nmap ≥ 7.80 lists their ports). */
export function parseNmapPorts(xml: string): PortStates {
  const states: PortStates = new Map();
  for (const [block] of xml.matchAll(/<host\b[\s\S]*?<\/host>/g)) {
    if (!/<status state="up"/.test(block)) continue;
    const ip = /<address addr="([^"]+)" addrtype="ipv4"/.exec(block)?.[1];
    if (!ip) continue;
    const ports = new Map<string, string>();
    for (const match of block.matchAll(/<port protocol="(\w+)" portid="(\d+)"><state state="([^"]+)"/g)) {
      ports.set(`${match[2]}/${match[1]}`, match[3]);
    }
    for (const extra of block.matchAll(/<extraports state="([^"]+)"[^>]*>([\s\S]*?)<\/extraports>/g)) {
      for (const reason of extra[2].matchAll(/<extrareasons [^>]*proto="(\w+)" ports="([^"]+)"/g)) {
        const lists = portLists(parsePortSpec(reason[2]));
        for (const port of reason[1] === 'udp' ? lists.udp : lists.tcp) ports.set(`${port}/${reason[1]}`, extra[1]);
      }
    }
    states.set(ip, ports);
  }
  return states;
}

/** The same shape from a LAN Lens result: listed ports plus the ranges counted in notShown. */
export function lanLensPorts(result: PortScanResult): PortStates {
  const states: PortStates = new Map();
  for (const host of result.hosts.filter((entry) => entry.up)) states.set(host.ip, hostStates(host));
  return states;
}

function hostStates(host: HostPorts): Map<string, string> {
  const ports = new Map<string, string>();
  for (const port of host.ports) ports.set(`${port.port}/${port.protocol}`, port.state);
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const [state, ranges] of Object.entries(host.notShownPorts?.[protocol] ?? {})) {
      // The ranges carry no T:/U: prefix, so both lists of the parse hold the same ports.
      for (const port of portLists(parsePortSpec(ranges)).tcp) ports.set(`${port}/${protocol}`, state);
    }
  }
  return ports;
}

/** Lines naming every difference between two results ('10.0.0.5 22/tcp: open vs filtered'), empty when equal. */
export function portDifferences(ours: PortStates, theirs: PortStates, names = ['LAN Lens', 'nmap']): string[] {
  const differences: string[] = [];
  for (const ip of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = ours.get(ip);
    const b = theirs.get(ip);
    if (!a || !b) {
      differences.push(`${ip}: up for ${a ? names[0] : names[1]} only`);
      continue;
    }
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(key) !== b.get(key))
        differences.push(`${ip} ${key}: ${a.get(key) ?? 'unscanned'} vs ${b.get(key) ?? 'unscanned'}`);
    }
  }
  return differences.sort();
}

/** How many ports of each state a result holds, e.g. 'open 5, closed 1013, filtered 2'. */
export function stateCounts(states: PortStates): string {
  const counts = new Map<string, number>();
  for (const ports of states.values())
    for (const state of ports.values()) counts.set(state, (counts.get(state) ?? 0) + 1);
  return [...counts].map(([state, count]) => `${state} ${count}`).join(', ');
}
