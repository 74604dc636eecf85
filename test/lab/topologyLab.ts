// The topology lab: a scanner namespace on a bridge with a default gateway, a router forwarding
// to a second subnet whose hosts sit two hops away, an lldpd announcing itself on the bridge, and a
// plain host to talk to. Built on createLab (side A); side B lives behind the router, in
// namespaces named after the suite so cleanupStale removes them too.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Background } from './background';
import { startBackground } from './background';
import { runOk } from './exec';
import type { Lab } from './lab';
import { createLab } from './lab';

/** The lab's addresses and the things running in it. */
export interface TopologyLab {
  lab: Lab;
  /** side A: the bridge's subnet, and side B behind the router */
  cidrA: string;
  cidrB: string;
  scanner: { ip: string; namespace: string; mac: string };
  gateway: { ip: string; mac: string };
  router: { ip: string; innerIp: string; mac: string };
  host: { ip: string; namespace: string; mac: string };
  lldp: { ip: string; namespace: string; mac: string; systemName: string; portId: string };
  /** hop-2 hosts behind the router */
  far: { ip: string; namespace: string; mac: string }[];
  destroy(): Promise<void>;
}

/** Builds the lab on 10.213.<a>.0/24 and 10.213.<b>.0/24 under `suite`. */
export async function createTopologyLab(suite: string, a: number, b: number): Promise<TopologyLab> {
  const A = `10.213.${a}`;
  const B = `10.213.${b}`;
  const mac = (last: number, side = a) =>
    `02:13:${side.toString(16).padStart(2, '0')}:00:00:${last.toString(16).padStart(2, '0')}`;
  const lab = await createLab({
    suite,
    bridgeIp: `${A}.1`,
    hosts: [
      { ip: `${A}.10`, mac: mac(0x10) }, // the scanner
      { ip: `${A}.254`, mac: mac(0xfe) }, // the default gateway
      { ip: `${A}.2`, mac: mac(0x02) }, // the router to side B
      { ip: `${A}.11`, mac: mac(0x11) }, // a host
      { ip: `${A}.20`, mac: mac(0x20) }, // lldpd
    ],
  });
  const [scanner, gateway, router, host, lldp] = lab.hosts;
  const far = [11, 12].map((last, index) => ({
    ip: `${B}.${last}`,
    namespace: `lln-${suite}-b${index + 1}`,
    mac: mac(last, b),
  }));
  const dir = mkdtempSync(path.join(tmpdir(), `lanlens-${suite}-`));
  let lldpd: Background | undefined;
  const destroy = async () => {
    await lldpd?.stop('SIGKILL').catch(() => undefined);
    lab.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await buildSideB(router.namespace, B, far);
    const inNs = (ns: string, ...args: string[]) => runOk('ip', ['netns', 'exec', ns, ...args]);
    await inNs(scanner.namespace, 'ip', 'route', 'add', 'default', 'via', gateway.ip);
    await inNs(scanner.namespace, 'ip', 'route', 'add', `${B}.0/24`, 'via', router.ip);
    // LLDP's group address crosses the bridge (bit 14 of the forwarding mask) as it crosses a hub.
    writeFileSync(`/sys/class/net/${lab.bridge}/bridge/group_fwd_mask`, '16384');
    lldpd = startLldpd(dir, lldp.namespace, lldp.ip, 'lanlens-topo');
    return {
      lab,
      cidrA: `${A}.0/24`,
      cidrB: `${B}.0/24`,
      scanner: { ip: scanner.ip, namespace: scanner.namespace, mac: scanner.mac },
      gateway: { ip: gateway.ip, mac: gateway.mac },
      router: { ip: router.ip, innerIp: `${B}.1`, mac: router.mac },
      host: { ip: host.ip, namespace: host.namespace, mac: host.mac },
      lldp: { ip: lldp.ip, namespace: lldp.namespace, mac: lldp.mac, systemName: 'lanlens-topo', portId: 'eth0' },
      far,
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}

/**
 * Side B: a bridge inside the router namespace (`B.1`) with the far hosts on it, each in a
 * namespace of its own with its default route via the router, which forwards. `B` is three octets.
 */
export async function buildSideB(router: string, B: string, far: { ip: string; namespace: string; mac: string }[]) {
  const commands = [
    'link add br1 type bridge',
    `addr add ${B}.1/24 dev br1`,
    'link set br1 up',
    ...far.flatMap((host, index) => [
      `link add vb${index + 1} type veth peer name eth0 address ${host.mac} netns ${host.namespace}`,
      `link set vb${index + 1} master br1 up`,
    ]),
  ];
  for (const host of far) await runOk('ip', ['netns', 'add', host.namespace]);
  await runOk('ip', ['-n', router, '-batch', '-'], { input: commands.join('\n') + '\n' });
  // Forwarding on, and ICMP errors unthrottled so every probe of the test is answered.
  await runOk('ip', ['netns', 'exec', router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv4.icmp_ratelimit=0']);
  for (const host of far) {
    const inside = [
      'link set lo up',
      `addr add ${host.ip}/24 dev eth0`,
      'link set eth0 up',
      `route add default via ${B}.1`,
    ];
    await runOk('ip', ['-n', host.namespace, '-batch', '-'], { input: inside.join('\n') + '\n' });
    await runOk('ip', ['netns', 'exec', host.namespace, 'sysctl', '-qw', 'net.ipv4.icmp_ratelimit=0']);
  }
}

/** Debian's lldpd in the foreground: LLDP only, every second, its port named by interface. */
function startLldpd(dir: string, namespace: string, ip: string, name: string): Background {
  chmodSync(dir, 0o755);
  const config = `configure system hostname ${name}\nconfigure lldp tx-interval 1\nconfigure lldp portidsubtype ifname\n`;
  writeFileSync(path.join(dir, 'lldpd.conf'), config, { mode: 0o644 });
  return startBackground('ip', [
    'netns',
    'exec',
    namespace,
    'lldpd',
    '-d',
    '-I',
    'eth0',
    '-m',
    ip,
    '-u',
    path.join(dir, 'lldpd.socket'),
    '-O',
    path.join(dir, 'lldpd.conf'),
  ]);
}
