// Real kernel tunnels between two lab namespaces, for differential tests against tshark: each
// variant (VXLAN, GENEVE, GRE, gretap, ip6gre, ERSPAN…) is a link of that type in both hosts over
// the lab's underlay, an overlay address on it, and traffic through it (ping, a UDP datagram, an
// HTTP request to a python3 http.server), recorded with tcpdump on the underlay. Everything stays
// in the namespaces: the underlay is 10.213.56.0/24 (and fd13:56::/64), every overlay a /28 of
// 10.213.58.0/24 that exists only inside them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBackground } from '../background';
import type { Background } from '../background';
import { runOk } from '../exec';
import { createLab, labSkipReason } from '../lab';
import type { Lab } from '../lab';
import { missingTool } from '../tsharkOracle';

/** One kind of tunnel, as `ip link add … type <kind> …` makes it. */
export interface TunnelVariant {
  name: string;
  /** the arguments after `type`, given this host's and the peer's underlay addresses */
  link: (self: string, peer: string) => string[];
  /** the underlay's IP version */
  underlay: 4 | 6;
  /** a path tshark's protocol hierarchy must show: the recording holds the tunnelled traffic */
  path: string;
}

export const TUNNEL_VARIANTS: TunnelVariant[] = [
  {
    name: 'vxlan',
    link: (self, peer) => ['vxlan', 'id', '5601', 'local', self, 'remote', peer, 'dstport', '4789', 'dev', 'eth0'],
    underlay: 4,
    path: 'eth:ip:udp:vxlan:eth:ip:icmp',
  },
  {
    name: 'vxlan over IPv6',
    link: (self, peer) => ['vxlan', 'id', '5602', 'local', self, 'remote', peer, 'dstport', '4789', 'dev', 'eth0'],
    underlay: 6,
    path: 'eth:ipv6:udp:vxlan:eth:ip:icmp',
  },
  {
    name: 'geneve',
    link: (_self, peer) => ['geneve', 'id', '5603', 'remote', peer],
    underlay: 4,
    path: 'eth:ip:udp:geneve:eth:ip:icmp',
  },
  {
    name: 'gre',
    link: (self, peer) => ['gre', 'local', self, 'remote', peer, 'key', '5604', 'csum'],
    underlay: 4,
    path: 'eth:ip:gre:ip:icmp',
  },
  {
    name: 'gretap',
    link: (self, peer) => ['gretap', 'local', self, 'remote', peer, 'seq'],
    underlay: 4,
    path: 'eth:ip:gre:eth:ip:icmp',
  },
  {
    name: 'ip6gre',
    link: (self, peer) => ['ip6gre', 'local', self, 'remote', peer],
    underlay: 6,
    path: 'eth:ipv6:gre:ip:icmp',
  },
  {
    name: 'erspan (type II)',
    link: (self, peer) => [
      'erspan',
      'local',
      self,
      'remote',
      peer,
      'seq',
      'key',
      '5605',
      'erspan_ver',
      '1',
      'erspan',
      '12',
    ],
    underlay: 4,
    path: 'eth:ip:gre:erspan:eth:ip:icmp',
  },
  {
    name: 'erspan (type III)',
    link: (self, peer) => [
      ...['erspan', 'local', self, 'remote', peer, 'seq', 'key', '5606'],
      ...['erspan_ver', '2', 'erspan_dir', 'ingress', 'erspan_hwid', '7'],
    ],
    underlay: 4,
    path: 'eth:ip:gre:erspan:eth:ip:icmp',
  },
];

const UNDERLAY4 = ['10.213.56.11', '10.213.56.12'];
const UNDERLAY6 = ['fd13:56::11', 'fd13:56::12'];

/** Why the lab cannot run at all here, or undefined when it can. */
export function tunnelLabSkipReason(): string | undefined {
  for (const tool of ['tshark', 'tcpdump', 'busybox', 'curl', 'python3']) {
    const missing = missingTool(tool);
    if (missing) return missing;
  }
  return labSkipReason();
}

/**
 * Why this kernel cannot make `variant`'s links (it was built without the module, as some are),
 * or undefined when it can: tried on a link in a namespace of its own, removed at once.
 */
export function kernelSkipReason(variant: TunnelVariant): string | undefined {
  const probe = `lln-tprobe-${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', probe]).status !== 0) return 'cannot create a network namespace';
  try {
    const [self, peer] = variant.underlay === 4 ? UNDERLAY4 : UNDERLAY6;
    // An `eth0` as the lab's hosts have (a veth pair: the dummy driver is not in every kernel).
    spawnSync('ip', ['-n', probe, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1']);
    const added = spawnSync('ip', ['-n', probe, 'link', 'add', 'tprobe0', 'type', ...variant.link(self, peer)], {
      encoding: 'utf8',
    });
    return added.status === 0 ? undefined : `this kernel cannot make ${variant.name} links: ${added.stderr.trim()}`;
  } finally {
    spawnSync('ip', ['netns', 'del', probe]);
  }
}

/** MPLS needs the kernel's MPLS router (mpls_router): without it, there is no lab for it. */
export function mplsSkipReason(): string | undefined {
  return existsSync('/proc/sys/net/mpls')
    ? 'MPLS forwarding between namespaces is not part of this lab yet: the hand-made MPLS frames stand for it'
    : 'this kernel has no MPLS router (mpls_router, CONFIG_MPLS_ROUTING): the hand-made MPLS frames stand for it';
}

/** The lab: two hosts on the underlay, an HTTP server in the second (on every overlay it gets). */
export interface TunnelLab {
  lab: Lab;
  /** records `variant`'s traffic into `file`, its links made before and removed after */
  record(variant: TunnelVariant, index: number, file: string): Promise<void>;
  destroy(): void;
}

export async function createTunnelLab(): Promise<TunnelLab> {
  const lab = await createLab({
    suite: 'tun',
    bridgeIp: '10.213.56.1',
    hosts: [
      { ip: UNDERLAY4[0], mac: '02:13:56:00:00:11' },
      { ip: UNDERLAY4[1], mac: '02:13:56:00:00:12' },
    ],
  });
  const children: Background[] = [];
  // An empty directory to serve: the listing is all a request gets.
  const served = mkdtempSync(path.join(tmpdir(), 'lanlens-tunnel-www-'));
  try {
    for (const [i, host] of lab.hosts.entries()) {
      await runOk('ip', ['-n', host.namespace, 'addr', 'add', `${UNDERLAY6[i]}/64`, 'dev', 'eth0', 'nodad']);
    }
    const server = startBackground('ip', [
      ...['netns', 'exec', lab.hosts[1].namespace, 'python3', '-u', '-m', 'http.server', '80'],
      ...['--bind', '0.0.0.0', '--directory', served],
    ]);
    children.push(server);
    await server.waitFor(/Serving HTTP/);
  } catch (error) {
    for (const child of children) await child.stop('SIGKILL');
    lab.destroy();
    rmSync(served, { recursive: true, force: true });
    throw error;
  }
  const destroy = () => {
    for (const child of children) child.child.kill('SIGKILL');
    lab.destroy();
    rmSync(served, { recursive: true, force: true });
  };
  return { lab, record: (variant, index, file) => recordVariant(lab, variant, index, file), destroy };
}

/** Makes `variant`'s links with an overlay /28 of its own, sends traffic through them, records the underlay. */
async function recordVariant(lab: Lab, variant: TunnelVariant, index: number, file: string): Promise<void> {
  const underlay = variant.underlay === 4 ? UNDERLAY4 : UNDERLAY6;
  const overlay = [1, 2].map((n) => `10.213.58.${16 * index + n}`);
  const [one, two] = lab.hosts;
  const inside = (namespace: string, ...args: string[]) =>
    runOk('ip', ['netns', 'exec', namespace, ...args], { timeoutMs: 30_000 });
  try {
    for (const [i, host] of [one, two].entries()) {
      const commands = [
        `link add tun0 type ${variant.link(underlay[i], underlay[1 - i]).join(' ')}`,
        `addr add ${overlay[i]}/28 dev tun0`,
        'link set tun0 up',
      ];
      await runOk('ip', ['-n', host.namespace, '-batch', '-'], { input: commands.join('\n') + '\n' });
    }
    // The host side of the first host's veth: every underlay packet it sends or receives.
    const tcpdump = startBackground('tcpdump', [
      ...['-Z', 'root', '--immediate-mode', '-n', '-U', '-s', '0', '-i', 'llv-tun-1', '-w', file],
    ]);
    try {
      await tcpdump.waitFor(/listening on/);
      await inside(one.namespace, 'busybox', 'ping', '-c', '2', '-W', '2', overlay[1]);
      // From a fixed port: tshark dissects UDP by port number, and an ephemeral source port
      // sometimes hit one of the 31 it knows in that range (EtherCAT's 34980, TZSP's 37008…).
      const datagram = `const s = require('node:dgram').createSocket('udp4'); s.bind(5600, () => s.send('tunnelled', 5601, '${overlay[1]}', (e) => process.exit(e ? 1 : 0)))`;
      await inside(one.namespace, process.execPath, '-e', datagram);
      await inside(
        one.namespace,
        'curl',
        '-s',
        '-o',
        '/dev/null',
        '--noproxy',
        '*',
        '--max-time',
        '10',
        `http://${overlay[1]}/`,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await tcpdump.stop();
    }
  } finally {
    for (const host of [one, two])
      await runOk('ip', ['-n', host.namespace, 'link', 'del', 'tun0']).catch(() => undefined);
  }
}
