// Service identification of four lab hosts running real services (sshd, vsftpd, Python's
// http.server and smtpd, a Node HTTP server, openssl s_server, redis-server, mosquitto, Samba), LAN Lens
// (`lanlens identify` on the open ports) against `nmap -n -Pn -sV` on the same ports, in the same
// run, interleaved. Target: at least 5× faster than nmap, and the same names wherever nmap
// identifies a port. Prints a table; exits 1 when a target is missed.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceInfo } from '../src/shared/model/ports';
import { lanlens, repoRoot } from '../test/lab/cli';
import type { Lab } from '../test/lab/lab';
import { createLab, labSkipReason } from '../test/lab/lab';
import type { LabService, RunningServices } from '../test/lab/labServices';
import { labServicesSkipReason, startLabServices } from '../test/lab/labServices';
import type { NmapServicePort } from '../test/lab/oracles';
import { disagreement, nmapServiceScan } from '../test/lab/oracles';
import { labVendors, vendorMac } from '../test/lab/vendors';
import { median } from './median';

const RUNS = 3;
const SUBNET = '10.213.63';

/** The lab: SSH, FTP, HTTP on usual and unusual ports, TLS with self-signed certificates, Redis, SMTP, MQTT, SMB. */
const plan: LabService[][] = [
  [
    { kind: 'ssh', port: 22 },
    { kind: 'ftp', port: 21 },
    { kind: 'http-python', port: 8080 },
  ],
  [
    { kind: 'tls-openssl', port: 443 },
    { kind: 'http-node', port: 3000 },
    { kind: 'redis', port: 6379 },
  ],
  [
    { kind: 'ssh', port: 2222 },
    { kind: 'http-python', port: 80 },
    { kind: 'smtp-python', port: 25 },
    { kind: 'smb', port: 445 },
  ],
  [
    { kind: 'mqtt', port: 1883 },
    { kind: 'redis', port: 7777 },
    { kind: 'tls-openssl', port: 8443 },
  ],
];

interface Sample {
  ms: number;
  /** name per `ip:port` */
  services: Map<string, ServiceInfo | undefined>;
}

async function measureLanLens(endpoints: string[]): Promise<Sample> {
  const result = await lanlens(['identify', ...endpoints, '--json'], { timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`lanlens identify exited ${result.code}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { services: { ip: string; port: number; service?: ServiceInfo }[] };
  return {
    ms: result.ms,
    services: new Map(report.services.map((entry) => [`${entry.ip}:${entry.port}`, entry.service])),
  };
}

async function main(): Promise<number> {
  const skip = labSkipReason() ?? labServicesSkipReason(plan.flat().map((service) => service.kind));
  if (skip) {
    console.error(`bench: cannot build the service lab: ${skip}`);
    return 1;
  }
  const started = Date.now();
  const lab: Lab = await createLab({
    suite: 'svcb',
    bridgeIp: `${SUBNET}.1`,
    hosts: plan.map((_, i) => ({
      ip: `${SUBNET}.${11 + i}`,
      mac: vendorMac(labVendors[i % labVendors.length].oui, 0x630 + i),
    })),
  });
  const running: RunningServices[] = [];
  try {
    for (const [i, services] of plan.entries()) running.push(await startLabServices(lab.hosts[i], services));
    const endpoints = plan.flatMap((services, i) => services.map((service) => `${lab.hosts[i].ip}:${service.port}`));
    const ports = plan.flat().map((service) => service.port);
    console.log(
      `service lab: ${lab.hosts.length} hosts, ${endpoints.length} services on ${lab.cidr}, ready in ${Date.now() - started} ms`,
    );

    const ours: Sample[] = [];
    const theirs: { ms: number; ports: NmapServicePort[] }[] = [];
    for (let round = 1; round <= RUNS; round++) {
      ours.push(await measureLanLens(endpoints));
      const nmap = await nmapServiceScan(
        lab.bridge,
        lab.hosts.map((host) => host.ip),
        ports,
      );
      theirs.push({
        ms: nmap.run.ms,
        ports: nmap.ports.filter((port) => endpoints.includes(`${port.ip}:${port.port}`)),
      });
      process.stdout.write(`round ${round}/${RUNS} done\n`);
    }

    // Side by side, from the last round.
    const last = ours[ours.length - 1];
    const nmapLast = new Map(theirs[theirs.length - 1].ports.map((port) => [`${port.ip}:${port.port}`, port]));
    const describe = (service: { product?: string; version?: string } | undefined) =>
      [service?.product, service?.version].filter(Boolean).join(' ');
    console.log(`\n${'port'.padEnd(20)} ${'LAN Lens'.padEnd(44)} ${'nmap -sV'.padEnd(50)} agree`);
    let agreed = 0;
    let compared = 0;
    const disagreements: string[] = [];
    for (const endpoint of endpoints) {
      const service = last.services.get(endpoint);
      const nmap = nmapLast.get(endpoint);
      const theirName = nmap
        ? `${nmap.tunnel ? `${nmap.tunnel}/` : ''}${nmap.name ?? '?'}${nmap.method === 'probed' ? '' : '?'}`
        : '-';
      let verdict = 'n/a';
      if (nmap?.method === 'probed') {
        compared++;
        const why = disagreement(service, nmap);
        if (why) disagreements.push(`${endpoint}: ${why}`);
        else agreed++;
        verdict = why ? 'NO' : 'yes';
      }
      console.log(
        `${endpoint.padEnd(20)} ${`${service?.name ?? '-'} ${describe(service)}`.slice(0, 43).padEnd(44)} ${`${theirName} ${describe(nmap)}`.slice(0, 49).padEnd(50)} ${verdict}`,
      );
    }
    for (const line of disagreements) console.log(`  disagreement: ${line}`);

    const oursMs = median(ours.map((sample) => sample.ms));
    const nmapMs = median(theirs.map((sample) => sample.ms));
    const ratio = nmapMs / oursMs;
    console.log(`\n${'tool'.padEnd(10)} ${'median ms'.padStart(10)}  runs ms`);
    console.log(
      `${'LAN Lens'.padEnd(10)} ${oursMs.toFixed(0).padStart(10)}  ${ours.map((s) => Math.round(s.ms)).join(' ')}   lanlens identify IP:PORT… --json`,
    );
    console.log(
      `${'nmap'.padEnd(10)} ${nmapMs.toFixed(0).padStart(10)}  ${theirs.map((s) => Math.round(s.ms)).join(' ')}   nmap -n -Pn -sV -p PORTS -e BR IPS`,
    );
    const fastEnough = ratio >= 5;
    const allAgree = agreed === compared && compared > 0;
    console.log(
      `\ntarget: LAN Lens >= 5x faster than nmap -sV: ${fastEnough ? 'met' : 'MISSED'} (${ratio.toFixed(1)}x); ` +
        `names agree where nmap identifies: ${allAgree ? 'met' : 'MISSED'} (${agreed}/${compared})`,
    );
    const out = path.join(repoRoot, 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'bench-services.json'),
      JSON.stringify(
        {
          hosts: lab.hosts.length,
          services: endpoints.length,
          runs: RUNS,
          lanlens: { medianMs: oursMs, runsMs: ours.map((s) => s.ms) },
          nmap: { medianMs: nmapMs, runsMs: theirs.map((s) => s.ms) },
          agreed,
          compared,
          disagreements,
          targetMet: fastEnough && allAgree,
        },
        null,
        2,
      ) + '\n',
    );
    return fastEnough && allAgree ? 0 : 1;
  } finally {
    for (const services of running) services.stop();
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
