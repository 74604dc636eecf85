// A throw-away network built from Linux namespaces: one bridge on the scanner's side and one
// namespace per host, joined by veth pairs. Hosts can run TCP listeners, drop every IP packet
// (while still answering ARP), or serve PTR records with dnsmasq. Everything is named after the
// suite (`llb-<suite>`, `lln-<suite>-<n>`, `llv-<suite>-<n>`) so leftovers can be found and removed.
//
// Each suite takes its own 10.213.X.0/24 so suites can never collide. Taken: 10 scan test,
// 20 mDNS test, 30 e2e in VS Code, 31 extension-host suite in code-server, 32 the same in desktop
// VS Code (test:desktop), 33 capture and port-scan tests in the extension host (excap), 34 the
// same in VS Code e2e (e2ecap), 35 VS Code on a machine without Node (nonode), 40 bench, 50 (and
// 49) app-protocol decoders (appf), 51 stats (aggregate differential tests), 52 live capture test
// (live), 53 live capture bench (lbench), 54 live capture over the helper protocol (capsrv), 56
// real kernel tunnels (tun; 58 their overlays), 57 LLDP/CDP neighbours from lldpd (lldp),
// 60 port scans (ports), 61 port-scan bench (pbench), 62 service identification (svc),
// 70 and 71 topology (topo), 72 and 73 topology in VS Code e2e (topoe),
// 63 service-identification bench (svcb), 36 traffic dashboard in VS Code (dashe), 74 IPFIX export
// to nfdump (ipfix), 86 alerts with lanlens watch (alrt), 87 the Alerts view in VS Code e2e
// (alrte), 93 the history across a SIGKILL (crash), 94 offline devices in VS Code (data only, no traffic),
// 97 the alert engine on a live capture bench (aelive), 120 connects refused between socket ticks
// (shortc), 250 demo (npm start).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as dns } from 'node:dns';
import { run, runOk, runSync } from './exec';

export interface LabHostSpec {
  ip: string;
  /** lower case with colons */
  mac: string;
  /** TCP ports with a listener bound to `ip` */
  tcpPorts?: number[];
  /** drop every IP packet (nft input policy drop); ARP is still answered */
  silent?: boolean;
  /** reverse DNS name served by the lab's dnsmasq */
  ptrName?: string;
  /** run the lab's dnsmasq in this host (at most one host) */
  dnsServer?: boolean;
}

export interface LabSpec {
  /** short lower-case name, at most 6 characters: link names are limited to 15 */
  suite: string;
  /** the bridge's address; the lab is its /24 */
  bridgeIp: string;
  hosts: LabHostSpec[];
}

export interface LabHost extends LabHostSpec {
  namespace: string;
}

export interface Lab {
  bridge: string;
  bridgeIp: string;
  bridgeMac: string;
  cidr: string;
  hosts: LabHost[];
  /** address of the host running dnsmasq, if any */
  dnsIp?: string;
  /**
   * A namespace joined to nothing, holding an interface `dum0` with these addresses (CIDR form):
   * whatever a misbehaving scanner sends there goes nowhere, and is counted (see `sentPackets`).
   */
  addSandbox(addresses: string[]): Promise<string>;
  /** removes namespaces, links and processes; safe to call more than once */
  destroy(): void;
}

/** Packets transmitted so far by the sandbox's `dum0`. */
export async function sentPackets(sandbox: string): Promise<number> {
  const { stdout } = await runOk('ip', ['-n', sandbox, '-s', '-j', 'link', 'show', 'dum0']);
  const [link] = JSON.parse(stdout) as { stats64: { tx: { packets: number } } }[];
  return link.stats64.tx.packets;
}

const names = (suite: string) => ({
  bridge: `llb-${suite}`,
  namespace: (index: number) => `lln-${suite}-${index}`,
  veth: (index: number) => `llv-${suite}-${index}`,
});

/** The /24 containing an address, in CIDR notation. */
export function subnetOf(ip: string): string {
  return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
}

/** Removes every namespace, link and process a previous (possibly killed) run of `suite` left. */
export function cleanupStale(suite: string): void {
  const { bridge } = names(suite);
  const namespaces = runSync('ip', ['netns', 'list'])
    .stdout.split('\n')
    .map((line) => line.split(' ')[0])
    .filter((name) => name.startsWith(`lln-${suite}-`));
  // A namespace outlives `ip netns del` while a process still runs in it, so kill those first.
  for (const namespace of namespaces) {
    for (const pid of runSync('ip', ['netns', 'pids', namespace]).stdout.split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  const links = runSync('ip', ['-o', 'link', 'show'])
    .stdout.split('\n')
    .map((line) => line.split(': ')[1]?.split('@')[0])
    .filter((name): name is string => !!name && (name === bridge || name.startsWith(`llv-${suite}-`)));
  const batch = [...namespaces.map((ns) => `netns del ${ns}`), ...links.map((link) => `link del ${link}`)];
  if (batch.length) runSync('ip', ['-force', '-batch', '-'], batch.join('\n') + '\n');
}

/** Why lab tests cannot run here, or undefined when they can. */
export function labSkipReason(): string | undefined {
  if (process.platform !== 'linux') return 'network-namespace labs need Linux';
  if (process.getuid?.() !== 0) return 'network-namespace labs need root (CI runs as root)';
  const probe = `lln-probe-${process.pid}`;
  const added = runSync('ip', ['netns', 'add', probe]);
  if (added.code !== 0) return `cannot create a network namespace: ${added.stderr.trim() || 'ip netns add failed'}`;
  runSync('ip', ['netns', 'del', probe]);
  return undefined;
}

/** Resolves once a child prints `ready` on stdout; rejects on exit or after `timeoutMs`. */
function whenReady(child: ChildProcess, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`${what} not ready after ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited ${code}: ${stderr}`));
    });
  });
}

// One Node process per host listens on all of its ports; each connection is closed at once.
const listenerScript = `
const net = require('node:net');
const [ip, ...ports] = process.argv.slice(1);
let listening = 0;
for (const port of ports) {
  const server = net.createServer((socket) => { socket.on('error', () => {}); socket.end(); });
  server.listen(Number(port), ip, () => { if (++listening === ports.length) console.log('ready'); });
}`;

function startListener(host: LabHost): ChildProcess {
  const child = spawn(
    'ip',
    ['netns', 'exec', host.namespace, process.execPath, '-e', listenerScript, host.ip, ...host.tcpPorts!.map(String)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return child;
}

function startDnsmasq(server: LabHost, hosts: LabHost[]): ChildProcess {
  const records = hosts.filter((host) => host.ptrName).map((host) => `--ptr-record=${ptrOf(host.ip)},${host.ptrName}`);
  return spawn(
    'ip',
    [
      'netns',
      'exec',
      server.namespace,
      'dnsmasq',
      '--keep-in-foreground',
      '--conf-file=/dev/null', // ignore the machine's /etc/dnsmasq.conf
      '--pid-file=', // and write no pid file
      '--no-resolv', // never forward: the lab answers alone
      '--no-hosts',
      '--bogus-priv', // unknown private PTRs get NXDOMAIN at once
      `--listen-address=${server.ip}`,
      '--bind-interfaces',
      '--port=53',
      '--user=root',
      ...records,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function ptrOf(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** Waits until dnsmasq answers a PTR query it knows, through the lab bridge. */
async function waitForDns(server: string, probe: LabHost | undefined, timeoutMs = 10_000): Promise<void> {
  const resolver = new dns.Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([server]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (probe) await resolver.reverse(probe.ip);
      else
        await resolver.resolve4('lab.invalid').catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOTFOUND' && error.code !== 'ENODATA') throw error;
        });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`lab dnsmasq on ${server} does not answer: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const dropAllIp = `table inet f {
  chain in {
    type filter hook input priority 0; policy drop;
  }
}
`;

/** Runs `tasks` with at most `limit` in flight. */
async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

const liveLabs = new Set<Lab>();
let handlersInstalled = false;

// Labs must vanish on a normal end, on an uncaught failure and on Ctrl+C / kill: `exit` handlers
// may only do synchronous work, which is why cleanup uses spawnSync throughout.
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const destroyAll = () => {
    for (const lab of liveLabs) lab.destroy();
  };
  process.on('exit', destroyAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      destroyAll();
      process.kill(process.pid, signal); // die of the same signal, as the caller expects
    });
  }
}

/** Builds the lab described by `spec`, replacing anything a previous run of the suite left. */
export async function createLab(spec: LabSpec): Promise<Lab> {
  if (!/^[a-z0-9]{1,6}$/.test(spec.suite)) throw new Error(`suite name must be 1-6 of [a-z0-9]: ${spec.suite}`);
  if (spec.hosts.filter((host) => host.dnsServer).length > 1) throw new Error('at most one dnsmasq host');
  const n = names(spec.suite);
  cleanupStale(spec.suite);
  installHandlers();

  const octets = spec.bridgeIp.split('.').map(Number);
  // A bridge takes the lowest MAC of its ports unless given one: fix it so the scanner's own MAC is known.
  const bridgeMac = `02:13:${octets[2].toString(16).padStart(2, '0')}:00:00:01`;
  const hosts: LabHost[] = spec.hosts.map((host, index) => ({ ...host, namespace: n.namespace(index + 1) }));
  const children: ChildProcess[] = [];
  let destroyed = false;
  const lab: Lab = {
    bridge: n.bridge,
    bridgeIp: spec.bridgeIp,
    bridgeMac,
    cidr: subnetOf(spec.bridgeIp),
    hosts,
    dnsIp: hosts.find((host) => host.dnsServer)?.ip,
    async addSandbox(addresses) {
      const sandbox = `${n.namespace(0)}sb`;
      // A veth pair with both ends inside the sandbox (the dummy driver is not in every kernel):
      // `dum0` holds the addresses, `sink0` takes whatever is sent and answers nothing.
      const commands = [
        'link set lo up',
        'link add dum0 type veth peer name sink0',
        'link set dum0 addrgenmode none', // no IPv6 link-local, so nothing is sent on its own
        'link set sink0 addrgenmode none',
        ...addresses.map((address) => `addr add ${address} dev dum0`),
        'link set sink0 up',
        'link set dum0 up',
      ];
      await runOk('ip', ['netns', 'add', sandbox]);
      await runOk('ip', ['-n', sandbox, '-batch', '-'], { input: commands.join('\n') + '\n' });
      return sandbox;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      liveLabs.delete(lab);
      for (const child of children) child.kill('SIGKILL');
      cleanupStale(spec.suite);
    },
  };
  liveLabs.add(lab);

  try {
    const root = [
      `link add ${n.bridge} type bridge`,
      `link set ${n.bridge} address ${bridgeMac}`,
      `addr add ${spec.bridgeIp}/24 dev ${n.bridge}`,
      `link set ${n.bridge} up`,
      ...hosts.flatMap((host, index) => [
        `netns add ${host.namespace}`,
        `link add ${n.veth(index + 1)} type veth peer name eth0 address ${host.mac} netns ${host.namespace}`,
        `link set ${n.veth(index + 1)} master ${n.bridge} up`,
      ]),
    ];
    await runOk('ip', ['-batch', '-'], { input: root.join('\n') + '\n' });
    await inParallel(hosts, 16, async (host) => {
      const inside = ['link set lo up', `addr add ${host.ip}/24 dev eth0`, 'link set eth0 up'];
      await runOk('ip', ['-n', host.namespace, '-batch', '-'], { input: inside.join('\n') + '\n' });
      if (host.silent) await runOk('ip', ['netns', 'exec', host.namespace, 'nft', '-f', '-'], { input: dropAllIp });
    });

    const ready: Promise<void>[] = [];
    for (const host of hosts.filter((h) => h.tcpPorts?.length)) {
      const child = startListener(host);
      children.push(child);
      ready.push(whenReady(child, `listener in ${host.namespace}`));
    }
    await Promise.all(ready);
    const dnsHost = hosts.find((host) => host.dnsServer);
    if (dnsHost) {
      if (dnsHost.silent) throw new Error('the dnsmasq host cannot be silent');
      const child = startDnsmasq(dnsHost, hosts);
      children.push(child);
      const exited = new Promise<never>((_, reject) =>
        child.on('exit', (code) => reject(new Error(`dnsmasq exited ${code}`))),
      );
      exited.catch(() => undefined);
      await Promise.race([
        waitForDns(
          dnsHost.ip,
          hosts.find((host) => host.ptrName),
        ),
        exited,
      ]);
    }
    // Let the kernel forget what lab setup taught it, so every scan starts from an empty cache.
    await run('ip', ['neigh', 'flush', 'dev', n.bridge]);
    return lab;
  } catch (error) {
    lab.destroy();
    throw error;
  }
}
