// Port scans on a namespace lab, LAN Lens against nmap in the same run: all 65,535 TCP ports of one
// host (SYN vs nmap -sS -p-, connect vs nmap -sT -p-) and the top 1000 ports of 40 hosts (SYN and
// connect). Targets: every port state equal to nmap's, and each scan no slower than nmap's (wall
// time of the whole command, process start included). Prints a table; exits 1 when a target is missed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PortScanResult } from '../src/shared/model/ports';
import { lanlens, repoRoot } from '../test/lab/cli';
import { run } from '../test/lab/exec';
import type { Lab, LabHostSpec } from '../test/lab/lab';
import { createLab, labSkipReason } from '../test/lab/lab';
import type { PortStates } from '../test/lab/portOracle';
import { lanLensPorts, nmapPorts, portDifferences, stateCounts } from '../test/lab/portOracle';
import { labVendors, vendorMac } from '../test/lab/vendors';
import { median } from './median';

const RUNS = 3;
const SUBNET = '10.213.61'; // the port-scan bench's own /24

interface Scan {
  name: string;
  targets: (lab: Lab) => string[];
  ours: string[];
  nmap: string[];
}

const single = (lab: Lab) => [lab.hosts[0].ip];
const forty = (lab: Lab) => lab.hosts.slice(1).map((host) => host.ip);

const scans: Scan[] = [
  { name: 'all TCP ports, 1 host, SYN', targets: single, ours: ['-p-', '--syn'], nmap: ['-sS', '-p-'] },
  { name: 'all TCP ports, 1 host, connect', targets: single, ours: ['-p-', '--connect'], nmap: ['-sT', '-p-'] },
  {
    name: 'top 1000, 40 hosts, SYN',
    targets: forty,
    ours: ['--top-ports', '1000', '--syn'],
    nmap: ['-sS', '--top-ports', '1000'],
  },
  {
    name: 'top 1000, 40 hosts, connect',
    targets: forty,
    ours: ['--top-ports', '1000', '--connect'],
    nmap: ['-sT', '--top-ports', '1000'],
  },
];

interface Sample {
  ms: number;
  states: PortStates;
  selfMs?: number;
}

/** One scanned host with listeners on ports spread over the whole range, then 40 hosts, some silent. */
function plan(): LabHostSpec[] {
  const hosts: LabHostSpec[] = [
    {
      ip: `${SUBNET}.2`,
      mac: vendorMac(labVendors[0].oui, 0x300),
      tcpPorts: [22, 80, 443, 3306, 8080, 31337, 50000, 65535],
    },
  ];
  const common = [[22], [80, 443], [22, 80, 8080], [139, 445], [3389], [5900, 8000], []];
  for (let i = 0; i < 40; i++) {
    hosts.push({
      ip: `${SUBNET}.${10 + i * 5}`,
      mac: vendorMac(labVendors[(i + 1) % labVendors.length].oui, 0x301 + i),
      silent: i % 10 === 9, // drops all IP (still answers ARP): every port filtered
      tcpPorts: common[i % common.length].length ? common[i % common.length] : undefined,
    });
  }
  return hosts;
}

async function main(): Promise<number> {
  const skip = labSkipReason();
  if (skip) {
    console.error(`bench: cannot build the lab: ${skip}`);
    return 1;
  }
  const started = Date.now();
  const lab = await createLab({ suite: 'pbench', bridgeIp: `${SUBNET}.1`, hosts: plan() });
  console.log(
    `port-scan lab: ${lab.hosts.length} hosts on ${lab.cidr} via ${lab.bridge}, built in ${Date.now() - started} ms`,
  );
  try {
    const rows = [];
    for (const scan of scans) {
      const targets = scan.targets(lab);
      const ours: Sample[] = [];
      const theirs: Sample[] = [];
      // Interleaved, each from an empty neighbour cache, so drift and caching hit both alike.
      for (let round = 0; round < RUNS; round++) {
        await run('ip', ['neigh', 'flush', 'dev', lab.bridge]);
        const result = await lanlens(['ports', ...targets, ...scan.ours, '--json'], { timeoutMs: 600_000 });
        if (result.code !== 0)
          throw new Error(`lanlens ${scan.ours.join(' ')} exited ${result.code}: ${result.stderr}`);
        const parsed = JSON.parse(result.stdout) as PortScanResult;
        ours.push({ ms: result.ms, states: lanLensPorts(parsed), selfMs: parsed.durationMs });
        await run('ip', ['neigh', 'flush', 'dev', lab.bridge]);
        const nmap = await nmapPorts(['-n', ...scan.nmap, ...targets], 600_000);
        theirs.push({ ms: nmap.run.ms, states: nmap.states });
      }
      const differences = ours.flatMap((sample, i) => portDifferences(sample.states, theirs[i].states));
      const row = {
        scan: scan.name,
        command: `lanlens ports ${scan.ours.join(' ')} | nmap -n ${scan.nmap.join(' ')}`,
        oursMs: median(ours.map((s) => s.ms)),
        oursSelfMs: median(ours.map((s) => s.selfMs ?? NaN)),
        nmapMs: median(theirs.map((s) => s.ms)),
        oursRuns: ours.map((s) => Math.round(s.ms)),
        nmapRuns: theirs.map((s) => Math.round(s.ms)),
        statesEqual: differences.length === 0,
        differences: differences.slice(0, 10),
        states: stateCounts(ours[0].states),
      };
      rows.push(row);
      console.log(
        `${row.scan}: LAN Lens ${row.oursRuns.join('/')} ms, nmap ${row.nmapRuns.join('/')} ms; states ${row.statesEqual ? 'equal' : `DIFFER (${differences.length}): ${row.differences.join('; ')}`}`,
      );
    }
    console.log(
      `\n${'scan'.padEnd(30)} ${'LAN Lens ms'.padStart(11)} ${'nmap ms'.padStart(9)} ${'speed-up'.padStart(8)}  every state equal   states`,
    );
    for (const row of rows) {
      console.log(
        `${row.scan.padEnd(30)} ${row.oursMs.toFixed(0).padStart(11)} ${row.nmapMs.toFixed(0).padStart(9)} ${`${(row.nmapMs / row.oursMs).toFixed(2)}x`.padStart(8)}  ${(row.statesEqual ? 'yes' : 'NO').padEnd(18)} ${row.states}`,
      );
    }
    console.log('(medians of 3 interleaved runs; wall time of each whole command, Node or nmap start-up included)');
    const fast = rows.every((row) => row.oursMs <= row.nmapMs);
    const equal = rows.every((row) => row.statesEqual);
    console.log(
      `\ntarget: every port state equal to nmap's: ${equal ? 'met' : 'MISSED'}; each scan no slower than nmap: ${fast ? 'met' : 'MISSED'}`,
    );
    const out = path.join(repoRoot, 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'bench-portScan.json'),
      JSON.stringify({ runs: RUNS, rows, targetMet: fast && equal }, null, 2) + '\n',
    );
    return fast && equal ? 0 : 1;
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
