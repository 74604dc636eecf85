// Host discovery on a 40-host /24 lab: LAN Lens's ARP sweep against nmap -sn and arp-scan, in
// the same run on the same lab. Target: LAN Lens takes at most a quarter of nmap's time and
// finds every host. Prints a table; exits 1 when the target is missed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lanlens, parseScan, repoRoot } from '../test/lab/cli';
import type { RunResult } from '../test/lab/exec';
import { run } from '../test/lab/exec';
import type { Lab } from '../test/lab/lab';
import { createLab, labSkipReason } from '../test/lab/lab';
import { arpScan, nmapPingSweep } from '../test/lab/oracles';
import { labVendors, vendorMac } from '../test/lab/vendors';
import { median } from './median';

const RUNS = 5;
const SUBNET = '10.213.40';

interface Measurement {
  /** wall time of the whole command, process start included */
  ms: number;
  ips: string[];
  /** the tool's own account of its scan time, where it gives one */
  selfMs?: number;
}

interface Tool {
  name: string;
  command: string;
  measure(lab: Lab): Promise<Measurement>;
}

const checked = (result: RunResult, what: string): RunResult => {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}: ${result.stderr}`);
  return result;
};

const tools: Tool[] = [
  {
    name: 'LAN Lens',
    command: 'node bin/lanlens.js scan CIDR --json --no-resolve',
    async measure(lab) {
      const result = checked(await lanlens(['scan', lab.cidr, '--json', '--no-resolve']), 'lanlens');
      const scan = parseScan(result);
      return { ms: result.ms, ips: scan.devices.map((device) => device.ip), selfMs: scan.durationMs };
    },
  },
  {
    name: 'nmap',
    command: 'nmap -sn -n -e BR CIDR',
    async measure(lab) {
      const { hosts, run: result } = await nmapPingSweep(lab.bridge, lab.cidr);
      return { ms: result.ms, ips: hosts.map((host) => host.ip) };
    },
  },
  {
    name: 'arp-scan',
    command: 'arp-scan -I BR CIDR',
    async measure(lab) {
      const { hosts, run: result } = await arpScan(lab.bridge, lab.cidr);
      return { ms: result.ms, ips: hosts.map((host) => host.ip) };
    },
  },
];

async function main(): Promise<number> {
  const skip = labSkipReason();
  if (skip) {
    console.error(`bench: cannot build the lab: ${skip}`);
    return 1;
  }
  const hosts = Array.from({ length: 40 }, (_, i) => ({
    ip: `${SUBNET}.${3 + i * 6}`,
    mac: vendorMac(labVendors[i % labVendors.length].oui, 0x200 + i),
    silent: i % 5 === 4, // drop all IP: discovery must rest on ARP alone
  }));
  const started = Date.now();
  const lab = await createLab({ suite: 'bench', bridgeIp: `${SUBNET}.1`, hosts });
  console.log(`lab: ${hosts.length} hosts on ${lab.cidr} via ${lab.bridge}, built in ${Date.now() - started} ms`);
  try {
    const labIps = new Set(lab.hosts.map((host) => host.ip));
    const samples = new Map(tools.map((tool) => [tool.name, [] as Measurement[]]));
    // Interleaved rounds, each from an empty neighbour cache, so drift and caching hit all tools alike.
    for (let round = 1; round <= RUNS; round++) {
      for (const tool of tools) {
        await run('ip', ['neigh', 'flush', 'dev', lab.bridge]);
        samples.get(tool.name)!.push(await tool.measure(lab));
      }
      process.stdout.write(`round ${round}/${RUNS} done\n`);
    }

    const rows = tools.map((tool) => {
      const runs = samples.get(tool.name)!;
      const found = Math.min(...runs.map((m) => m.ips.filter((ip) => labIps.has(ip)).length));
      const extra = Math.max(...runs.map((m) => m.ips.filter((ip) => !labIps.has(ip) && ip !== lab.bridgeIp).length));
      return { tool, medianMs: median(runs.map((m) => m.ms)), runs: runs.map((m) => Math.round(m.ms)), found, extra };
    });
    console.log(
      `\n${'tool'.padEnd(10)} ${'median ms'.padStart(10)}  ${'runs ms'.padEnd(28)} ${'lab hosts found (worst run)'}`,
    );
    for (const row of rows) {
      const found = `${row.found}/${labIps.size}${row.extra ? ` (+${row.extra} not in lab)` : ''}`;
      console.log(
        `${row.tool.name.padEnd(10)} ${row.medianMs.toFixed(0).padStart(10)}  ${row.runs.join(' ').padEnd(28)} ${found}   ${row.tool.command}`,
      );
    }
    const selfMs = samples.get('LAN Lens')!.map((m) => m.selfMs ?? NaN);
    console.log(`(LAN Lens's own durationMs, without Node start-up: median ${median(selfMs).toFixed(0)} ms)`);
    const ours = rows[0];
    const nmap = rows[1];
    const fastEnough = ours.medianMs <= nmap.medianMs / 4;
    const complete = ours.found === labIps.size && ours.extra === 0;
    const ratio = (nmap.medianMs / ours.medianMs).toFixed(1);
    console.log(
      `\ntarget: LAN Lens <= 1/4 of nmap's time (<= ${(nmap.medianMs / 4).toFixed(0)} ms): ` +
        `${fastEnough ? 'met' : 'MISSED'} (${ratio}x faster); every host found: ${complete ? 'met' : 'MISSED'}`,
    );
    const out = path.join(repoRoot, 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'bench-arpSweep.json'),
      JSON.stringify(
        {
          hosts: labIps.size,
          cidr: lab.cidr,
          runs: RUNS,
          results: rows.map((row) => ({
            tool: row.tool.name,
            medianMs: row.medianMs,
            runsMs: row.runs,
            found: row.found,
          })),
          targetMet: fastEnough && complete,
        },
        null,
        2,
      ) + '\n',
    );
    return fastEnough && complete ? 0 : 1;
  } finally {
    lab.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
