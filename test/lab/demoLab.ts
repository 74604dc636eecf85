// The demo lab `npm start` serves VS Code with (as root): a small office of namespaced hosts on
// 10.213.250.0/24 whose names, MAC vendors (real OUIs) and services agree — a router with the
// office DNS (dnsmasq), SSH and its admin page; a Synology NAS with SMB; a Brother printer (web
// page, IPP, JetDirect); an Axis camera (web page, RTSP); the intranet server (HTTP and HTTPS); a
// Raspberry Pi with MQTT; and three people's machines making gentle background traffic (DNS,
// HTTP, HTTPS, mDNS). Behind the router, 10.213.251.0/24 holds a build server and a database VM,
// two hops away. Nothing is a real device; everything is removed on exit and nothing is sent
// anywhere but these namespaces.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from './certificate';
import type { Background } from './background';
import { startBackground } from './background';
import { runOk, runSync } from './exec';
import type { Lab, LabHost } from './lab';
import { createLab } from './lab';
import type { LabService, RunningServices } from './labServices';
import { startLabServices, waitForPort } from './labServices';
import { buildSideB } from './topologyLab';
import { vendorMac } from './vendors';

const A = '10.213.250';
const B = '10.213.251';
const DOMAIN = 'office.lan';

/** One office host: where it is, who made it, what it runs. */
interface OfficeHost {
  name: string;
  /** last octet, on the office LAN (`A`) or behind the router (`B`) */
  last: number;
  side: 'A' | 'B';
  /** IEEE OUI of its MAC, and the vendor it names */
  oui: string;
  vendor: string;
  /** Debian's daemons (test/lab/labServices.ts) */
  services?: LabService[];
  /** small Node servers (test/lab/officeServices.mjs specs) */
  pages?: string[];
  /** makes background traffic, and announces `name` by mDNS */
  client?: boolean;
}

const office: OfficeHost[] = [
  {
    name: 'gw',
    last: 254,
    side: 'A',
    oui: '24A43C',
    vendor: 'Ubiquiti',
    services: [{ kind: 'ssh', port: 22 }],
    pages: ['http:80:Office router'],
  },
  {
    name: 'nas',
    last: 20,
    side: 'A',
    oui: '001132',
    vendor: 'Synology',
    services: [
      { kind: 'smb', port: 445 },
      { kind: 'smb', port: 139 },
      { kind: 'ssh', port: 22 },
    ],
    pages: ['http:5000:Synology DiskStation - nas'],
  },
  {
    name: 'printer',
    last: 30,
    side: 'A',
    oui: '001BA9',
    vendor: 'Brother',
    pages: ['http:80:Brother HL-L2350DW', 'http:631:Brother HL-L2350DW IPP', 'jetdirect:9100'],
  },
  {
    name: 'camera',
    last: 40,
    side: 'A',
    oui: '00408C',
    vendor: 'Axis',
    pages: ['http:80:AXIS M3045-V Network Camera', 'rtsp:554'],
  },
  {
    name: 'intranet',
    last: 50,
    side: 'A',
    oui: '14FEB5',
    vendor: 'Dell',
    pages: ['http:80:Office intranet', 'https:443:Office intranet'],
  },
  {
    name: 'sensors',
    last: 60,
    side: 'A',
    oui: 'DCA632',
    vendor: 'Raspberry Pi',
    services: [
      { kind: 'mqtt', port: 1883 },
      { kind: 'ssh', port: 22 },
    ],
  },
  { name: 'laptop-anna', last: 101, side: 'A', oui: '809621', vendor: 'Lenovo', client: true },
  { name: 'desktop-ben', last: 102, side: 'A', oui: '14FEB5', vendor: 'Dell', client: true },
  { name: 'iphone-carla', last: 103, side: 'A', oui: '3C0754', vendor: 'Apple', client: true },
  {
    name: 'build',
    last: 10,
    side: 'B',
    oui: '0CC47A',
    vendor: 'Super Micro',
    services: [{ kind: 'ssh', port: 22 }],
    pages: ['http:8080:Build status'],
  },
  { name: 'db', last: 20, side: 'B', oui: '000C29', vendor: 'VMware', services: [{ kind: 'redis', port: 6379 }] },
];

const ipOf = (host: OfficeHost) => `${host.side === 'A' ? A : B}.${host.last}`;
const macOf = (host: OfficeHost) => vendorMac(host.oui, (host.side === 'A' ? 0xa00 : 0xb00) + host.last);
const fqdn = (host: OfficeHost) => `${host.name}.${DOMAIN}`;

/** The demo lab, running. */
export interface DemoLab {
  lab: Lab;
  /** the office LAN, and the subnet behind its router */
  cidr: string;
  routedCidr: string;
  bridge: string;
  bridgeIp: string;
  /** the router's address: the office DNS */
  dnsIp: string;
  /** every office host: its name in the office DNS, address, MAC and the vendor its OUI names */
  hosts: { name: string; fqdn: string; ip: string; mac: string; vendor: string; client: boolean }[];
  /** VS Code settings beyond the lab's own (the status bar's meter follows the lab bridge) */
  settings: Record<string, unknown>;
  /** what `npm start` prints about it */
  describe(): string;
  destroy(): void;
}

/** Builds the office (a dozen seconds: Samba and sshd take a moment); removes it on any failure. */
export async function createDemoLab(): Promise<DemoLab> {
  const sideA = office.filter((host) => host.side === 'A');
  const lab = await createLab({
    suite: 'demo',
    bridgeIp: `${A}.1`,
    hosts: sideA.map((host) => ({ ip: ipOf(host), mac: macOf(host) })),
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-demo-'));
  const background: Background[] = [];
  const services: RunningServices[] = [];
  let destroyed = false;
  const destroy = () => {
    if (destroyed) return;
    destroyed = true;
    for (const child of background) child.child.kill('SIGKILL');
    for (const running of services) running.stop();
    runSync('ip', ['route', 'del', `${B}.0/24`]);
    lab.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', destroy);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, destroy);
  try {
    const hosts = new Map<OfficeHost, LabHost>(sideA.map((host, i) => [host, lab.hosts[i]]));
    const router = hosts.get(office[0])!;
    const far = office.filter((host) => host.side === 'B');
    const farHosts = far.map((host, i) => ({ ip: ipOf(host), mac: macOf(host), namespace: `lln-demo-b${i + 1}` }));
    await buildSideB(router.namespace, B, farHosts);
    far.forEach((host, i) => hosts.set(host, farHosts[i]));
    for (const host of sideA.slice(1)) {
      await runOk('ip', ['-n', hosts.get(host)!.namespace, 'route', 'add', 'default', 'via', router.ip]);
    }
    await runOk('ip', ['route', 'replace', `${B}.0/24`, 'via', router.ip]);
    background.push(await officeDns(router));
    for (const [host, labHost] of hosts) {
      if (host.services) services.push(await startLabServices(labHost, host.services));
      if (host.pages) background.push(await officePages(labHost, host.pages, dir, fqdn(host)));
    }
    for (const [host, labHost] of hosts)
      if (host.client) background.push(await officeClient(labHost, host.name, router.ip));
    return {
      lab,
      cidr: lab.cidr,
      routedCidr: `${B}.0/24`,
      bridge: lab.bridge,
      bridgeIp: lab.bridgeIp,
      dnsIp: router.ip,
      hosts: office.map((host) => ({
        name: host.name,
        fqdn: fqdn(host),
        ip: ipOf(host),
        mac: macOf(host),
        vendor: host.vendor,
        client: host.client ?? false,
      })),
      settings: { 'lanLens.traffic.interface': lab.bridge },
      describe: () => describeOffice(lab),
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}

/** dnsmasq in the router: every office name forward and reverse, nothing forwarded anywhere. */
async function officeDns(router: LabHost): Promise<Background> {
  const records = office.map((host) => `--host-record=${fqdn(host)},${host.name},${ipOf(host)}`);
  const child = startBackground('ip', [
    'netns',
    'exec',
    router.namespace,
    '/usr/sbin/dnsmasq',
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--pid-file=',
    '--no-resolv',
    '--no-hosts',
    `--local=/${DOMAIN}/`,
    `--domain=${DOMAIN}`,
    '--bogus-priv',
    `--listen-address=${router.ip}`,
    '--bind-interfaces',
    '--user=root',
    ...records,
  ]);
  await waitForPort(router.ip, 53, child.child, 'the office dnsmasq');
  return child;
}

/** A host's web pages and other small servers; HTTPS with a certificate for its name. */
async function officePages(host: LabHost, pages: string[], dir: string, name: string): Promise<Background> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (pages.some((page) => page.startsWith('https:'))) {
    env.CERT = path.join(dir, `${name}.crt`);
    env.KEY = path.join(dir, `${name}.key`);
    await selfSignedCertificate({
      key: env.KEY,
      cert: env.CERT,
      commonName: name,
      altNames: [`DNS:${name}`],
      days: 30,
    });
  }
  const script = path.join(__dirname, 'officeServices.mjs');
  const child = startBackground(
    'ip',
    ['netns', 'exec', host.namespace, process.execPath, script, host.ip, ...pages],
    env,
  );
  await child.waitFor(/ready/);
  return child;
}

/** One person's machine browsing the intranet, asking the office DNS, announcing itself. */
async function officeClient(host: LabHost, name: string, dns: string): Promise<Background> {
  const script = path.join(__dirname, 'officeClient.mjs');
  const names = office.map((entry) => fqdn(entry));
  const args = [host.ip, name, dns, `intranet.${DOMAIN}`, ...names];
  const child = startBackground('ip', ['netns', 'exec', host.namespace, process.execPath, script, ...args]);
  await child.waitFor(/ready/);
  return child;
}

/** The lab in a few lines, for the console. */
function describeOffice(lab: Lab): string {
  const lines = [
    `DEMO OFFICE: ${office.length} simulated hosts in network namespaces, removed on exit (none is a real device):`,
    `  ${lab.cidr} on bridge ${lab.bridge} (this machine is ${lab.bridgeIp}), and ${B}.0/24 behind the router gw (${A}.254).`,
  ];
  for (const host of office) {
    const what = [
      ...(host.services ?? []).map((service) => `${service.kind}/${service.port}`),
      ...(host.pages ?? []).map((page) => page.split(':').slice(0, 2).join('/')),
    ];
    lines.push(
      `  ${ipOf(host).padEnd(14)} ${fqdn(host).padEnd(26)} ${host.vendor.padEnd(13)} ${host.client ? 'background traffic' : what.join(' ')}`,
    );
  }
  return lines.join('\n');
}
