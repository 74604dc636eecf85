// Records real application traffic in a namespace lab into a pcap, for differential tests against
// tshark (decoders, protocol hierarchy, conversations). A server host runs dnsmasq (DNS records and
// DHCP), sshd and appServers.mjs (HTTP, HTTPS, FTP, SMTP, NTP, SSDP, NBNS, mDNS, LLMNR); a client
// host drives them with dig, curl, ssh and appClients.mjs; a third host takes a DHCP lease with
// busybox udhcpc. tcpdump records everything on the lab bridge. Nothing leaves the lab: every
// client is pointed at lab addresses, and the namespaces have no route anywhere else.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as dns } from 'node:dns';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from '../certificate';
import { run, runOk, runSync } from '../exec';
import { createLab, labSkipReason } from '../lab';
import type { Lab } from '../lab';

/** What a recording holds, so a test can check the capture against what was sent. */
export interface AppTrafficRecording {
  /** the pcap (LINKTYPE_ETHERNET, as tcpdump wrote it on the bridge) */
  file: string;
  serverIp: string;
  clientIp: string;
  /** the DHCP client's MAC (its lease comes from the dhcp range .100–.150) */
  dhcpClientMac: string;
  /** names and fields the clients used */
  expected: {
    /** names dig asked for (A, AAAA, CNAME, MX, TXT, a missing one) */
    dnsNames: string[];
    /** the Host of the HTTP requests */
    httpHost: string;
    /** SNI of the TLS connections */
    tlsServerNames: string[];
    dhcpHostname: string;
    dhcpVendorClass: string;
  };
}

export interface AppTrafficOptions {
  /** lab suite name (1-6 of [a-z0-9]); the lab is 10.213.X.0/24 from `bridgeIp` */
  suite: string;
  /** the bridge's address, e.g. 10.213.50.1; hosts are .11 (server), .12 (client), .13 (DHCP client) */
  bridgeIp: string;
  /** where to write the pcap */
  file: string;
  /** how many times the client sequence runs (default 1); DHCP runs once */
  rounds?: number;
}

const TOOLS = ['dnsmasq', 'tcpdump', 'dig', 'curl', 'openssl', 'ssh', 'ssh-keygen', 'busybox'];

/** Why the recording cannot run here, or undefined when it can. */
export function appTrafficSkipReason(): string | undefined {
  const lab = labSkipReason();
  if (lab) return lab;
  for (const tool of [...TOOLS, '/usr/sbin/sshd']) {
    if (runSync('sh', ['-c', `command -v ${tool}`]).code !== 0) return `${tool} is not installed (scripts/setup.sh)`;
  }
  return undefined;
}

const here = __dirname;
const DHCP_MAC = '02:13:32:00:00:13';
const DHCP_HOSTNAME = 'labphone';
const DHCP_VENDOR = 'LabVendor/1.0';

/** Builds the lab, records the traffic into `options.file`, and removes the lab again (also on failure). */
export async function recordAppTraffic(options: AppTrafficOptions): Promise<AppTrafficRecording> {
  const prefix = options.bridgeIp.split('.').slice(0, 3).join('.');
  const [serverIp, clientIp, dhcpIp] = [`${prefix}.11`, `${prefix}.12`, `${prefix}.13`];
  const work = mkdtempSync(path.join(tmpdir(), 'lanlens-apptraffic-'));
  const children: ChildProcess[] = [];
  let lab: Lab | undefined;
  try {
    lab = await createLab({
      suite: options.suite,
      bridgeIp: options.bridgeIp,
      hosts: [
        { ip: serverIp, mac: '02:13:32:00:00:11' },
        { ip: clientIp, mac: '02:13:32:00:00:12' },
        { ip: dhcpIp, mac: DHCP_MAC },
      ],
    });
    const [server, client, dhcpClient] = lab.hosts;
    const inServer = (command: string, args: string[]) => spawnIn(server.namespace, command, args, children);
    await makeKeys(work);

    const dnsmasq = inServer('dnsmasq', dnsmasqArgs(serverIp, prefix, work));
    children.push(dnsmasq);
    await waitForDns(serverIp, dnsmasq);
    const servers = inServer(process.execPath, [
      path.join(here, 'appServers.mjs'),
      serverIp,
      path.join(work, 'cert.pem'),
      path.join(work, 'key.pem'),
    ]);
    await whenSays(servers, 'ready', 'appServers.mjs');
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation directory
    const sshd = inServer('/usr/sbin/sshd', [
      '-D',
      '-e',
      '-f',
      '/dev/null',
      '-h',
      path.join(work, 'ssh_host_ed25519_key'),
      '-o',
      `ListenAddress=${serverIp}`,
      '-o',
      'PidFile=none',
      '-o',
      'UsePAM=no',
    ]);
    await whenSays(sshd, 'listening', 'sshd', 'stderr');

    const tcpdump = spawn(
      'tcpdump',
      ['-Z', 'root', '--immediate-mode', '-n', '-U', '-s', '0', '-i', lab.bridge, '-w', options.file],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(tcpdump);
    await whenSays(tcpdump, 'listening on', 'tcpdump', 'stderr');

    for (let round = 0; round < (options.rounds ?? 1); round++) {
      await clientSequence(client.namespace, clientIp, serverIp, prefix, work);
    }
    await runIn(dhcpClient.namespace, 'busybox', [
      'udhcpc',
      '-i',
      'eth0',
      '-f',
      '-q',
      '-n',
      '-t',
      '3',
      '-T',
      '2',
      '-s',
      '/bin/true',
      '-x',
      `hostname:${DHCP_HOSTNAME}`,
      '-V',
      DHCP_VENDOR,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await new Promise((resolve) => {
      tcpdump.on('exit', resolve);
      tcpdump.kill('SIGINT');
    });
    return {
      file: options.file,
      serverIp,
      clientIp,
      dhcpClientMac: DHCP_MAC,
      expected: {
        dnsNames: DNS_QUESTIONS.map(([name]) => name),
        httpHost: 'www.lab.test',
        tlsServerNames: ['www.lab.test', 'secure.lab.test'],
        dhcpHostname: DHCP_HOSTNAME,
        dhcpVendorClass: DHCP_VENDOR,
      },
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    lab?.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

const DNS_QUESTIONS: [string, string][] = [
  ['www.lab.test', 'A'],
  ['www.lab.test', 'AAAA'],
  ['alias.lab.test', 'A'],
  ['lab.test', 'MX'],
  ['lab.test', 'TXT'],
  ['missing.lab.test', 'A'],
];

function dnsmasqArgs(serverIp: string, prefix: string, work: string): string[] {
  return [
    '--keep-in-foreground',
    '--conf-file=/dev/null', // ignore the machine's /etc/dnsmasq.conf
    '--pid-file=',
    '--no-resolv', // never forward: the lab answers alone
    '--no-hosts',
    '--local=/lab.test/',
    '--interface=eth0',
    '--bind-interfaces',
    '--port=53',
    '--user=root',
    `--host-record=www.lab.test,${serverIp},fd13:32::11`,
    '--cname=alias.lab.test,www.lab.test',
    '--mx-host=lab.test,mail.lab.test,10',
    '--txt-record=lab.test,"v=lab1"',
    `--dhcp-range=${prefix}.100,${prefix}.150,255.255.255.0,1h`,
    `--dhcp-leasefile=${path.join(work, 'leases')}`,
    '--dhcp-authoritative',
    '--domain=lab.test',
  ];
}

/** One pass of every client against the server. */
async function clientSequence(
  namespace: string,
  clientIp: string,
  serverIp: string,
  prefix: string,
  work: string,
): Promise<void> {
  for (const [name, type] of DNS_QUESTIONS) {
    await runIn(namespace, 'dig', [`@${serverIp}`, '+tries=1', '+time=2', name, type]);
  }
  await runIn(namespace, 'dig', [`@${serverIp}`, '+tries=1', '+time=2', '-x', serverIp]);
  await runIn(namespace, 'dig', [`@${serverIp}`, '+tcp', '+tries=1', '+time=2', 'www.lab.test', 'A']);
  const curl = ['-s', '-o', '/dev/null', '--max-time', '5', '--noproxy', '*'];
  await runIn(namespace, 'curl', [
    ...curl,
    '--resolve',
    `www.lab.test:80:${serverIp}`,
    'http://www.lab.test/index.html',
  ]);
  await runIn(namespace, 'curl', [...curl, '--resolve', `www.lab.test:80:${serverIp}`, 'http://www.lab.test/missing']);
  await runIn(namespace, 'curl', [...curl, '-d', 'field=1', `http://${serverIp}:8080/form`]);
  await runIn(namespace, 'curl', [...curl, `http://${serverIp}:8000/other-port`]);
  await runIn(namespace, 'curl', [...curl, '-k', '--resolve', `www.lab.test:443:${serverIp}`, 'https://www.lab.test/']);
  await runIn(namespace, 'curl', [
    ...curl,
    '-k',
    '--tls-max',
    '1.2',
    '--resolve',
    `secure.lab.test:443:${serverIp}`,
    'https://secure.lab.test/',
  ]);
  await runIn(
    namespace,
    'ssh',
    [
      '-F',
      '/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'ConnectTimeout=5',
      `lab@${serverIp}`,
      'true',
    ],
    true,
  );
  await runIn(namespace, 'curl', [...curl, '--user', 'lab:secret', `ftp://${serverIp}/`]);
  await runIn(namespace, 'curl', [
    ...curl,
    '--mail-from',
    'anna@lab.test',
    '--mail-rcpt',
    'ben@lab.test',
    '-T',
    path.join(work, 'mail.txt'),
    `smtp://${serverIp}`,
  ]);
  await runIn(namespace, process.execPath, [path.join(here, 'appClients.mjs'), clientIp, serverIp, `${prefix}.255`]);
}

async function makeKeys(work: string): Promise<void> {
  await selfSignedCertificate({
    key: path.join(work, 'key.pem'),
    cert: path.join(work, 'cert.pem'),
    commonName: 'www.lab.test',
  });
  await runOk('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(work, 'ssh_host_ed25519_key')]);
  writeFileSync(path.join(work, 'mail.txt'), 'Subject: lab\r\n\r\nHello from the lab.\r\n');
}

// Clients run with a clean environment: no proxy variables, no user configuration.
const cleanEnv = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), LANG: 'C' });

function spawnIn(namespace: string, command: string, args: string[], children: ChildProcess[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', namespace, command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: cleanEnv(),
  });
  children.push(child);
  return child;
}

/** Runs a client to completion in `namespace`; its own failure (an SSH login refused…) is part of the traffic. */
async function runIn(namespace: string, command: string, args: string[], mayStall = false): Promise<void> {
  const result = await run('ip', ['netns', 'exec', namespace, command, ...args], {
    timeoutMs: 30_000,
    env: cleanEnv(),
  });
  // A client that stalls after its part of the traffic (ssh on a loaded machine) may be cut short.
  if (result.signal && !mayStall)
    throw new Error(`${command} ${args.join(' ')} was killed after 30 s: ${result.stderr}`);
}

function whenSays(child: ChildProcess, text: string, what: string, stream: 'stdout' | 'stderr' = 'stdout') {
  return new Promise<void>((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`${what} not ready after 10 s: ${said}`)), 10_000);
    child[stream]?.setEncoding('utf8').on('data', (chunk: string) => {
      said += chunk;
      if (said.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited ${code}: ${said}`));
    });
  });
}

async function waitForDns(server: string, dnsmasq: ChildProcess): Promise<void> {
  let stderr = '';
  dnsmasq.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const resolver = new dns.Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([server]);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (dnsmasq.exitCode !== null) throw new Error(`dnsmasq exited ${dnsmasq.exitCode}: ${stderr}`);
    try {
      await resolver.resolve4('www.lab.test');
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`lab dnsmasq on ${server} does not answer: ${String(error)} ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
