// The lab of the alert tests: a server (HTTP, iperf3, dnsmasq), a client that later turns attacker
// (a gratuitous ARP claiming the bridge's address, then an nmap SYN scan of the server), and a
// host that joins later (its link down until `join`). Everything talks to lab addresses only.
import type { Background } from './background';
import { startBackground } from './background';
import { startDhcpClient } from './dhcpClient';
import { runOk } from './exec';
import type { Lab } from './lab';
import { createLab } from './lab';
import { vendorMac } from './vendors';

export interface AlertLab {
  lab: Lab;
  server: { ip: string; mac: string; namespace: string };
  client: { ip: string; mac: string; namespace: string };
  joiner: { ip: string; mac: string; namespace: string };
  /** a little of every kind of ordinary traffic: pings, HTTP, DNS, and an iperf3 run of `iperfSeconds` */
  normalTraffic(iperfSeconds: number): Promise<void>;
  /** the joiner's link comes up and it pings the bridge */
  join(): Promise<void>;
  /**
   * The joiner's link comes up (IPv6 off, so no neighbour discovery speaks first) and it asks for
   * its address by DHCP, naming itself `hostname` (busybox udhcpc; no server answers, it asks again
   * every second until destroy). Its first words on the lab are DHCP, so what it is first seen by
   * carries the name.
   */
  joinByDhcp(hostname: string): Promise<void>;
  /** the client announces the bridge's address with its own MAC (gratuitous ARP replies, through AF_PACKET) */
  spoofBridge(): Promise<void>;
  /** nmap -sS of the server's first 100 ports from the client */
  portScan(): Promise<void>;
  destroy(): void;
}

const HTTP_PORT = 8080;

// Gratuitous ARP replies: "IP is at MAC", to broadcast, sent through a packet socket (no scapy).
const garpScript = `
import socket, struct, sys
ifname, mac, ip = sys.argv[1:4]
m = bytes.fromhex(mac.replace(':', ''))
a = socket.inet_aton(ip)
arp = struct.pack('!HHBBH', 1, 0x0800, 6, 4, 2) + m + a + b'\\xff' * 6 + a
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
for _ in range(3):
    s.send(b'\\xff' * 6 + m + b'\\x08\\x06' + arp)
`;

/** Builds the lab on `subnet` (three octets) under the suite name `suite`. */
export async function createAlertLab(suite: string, subnet: string): Promise<AlertLab> {
  const lab = await createLab({
    suite,
    bridgeIp: `${subnet}.1`,
    hosts: [
      { ip: `${subnet}.11`, mac: vendorMac('001B21', 0x8611), dnsServer: true, ptrName: 'server.lab' },
      { ip: `${subnet}.12`, mac: vendorMac('B827EB', 0x8612) },
      { ip: `${subnet}.13`, mac: vendorMac('3C5AB4', 0x8613) },
    ],
  });
  const [server, client, joiner] = lab.hosts.map(({ ip, mac, namespace }) => ({ ip, mac, namespace })) as [
    AlertLab['server'],
    AlertLab['client'],
    AlertLab['joiner'],
  ];
  const background: Background[] = [];
  const inside = (host: { namespace: string }, command: string[]) =>
    runOk('ip', ['netns', 'exec', host.namespace, ...command], { timeoutMs: 120_000 });
  const destroy = () => {
    for (const child of background) child.child.kill('SIGKILL');
    lab.destroy();
  };
  try {
    // The joiner is not there yet: its end of the bridge is down.
    await runOk('ip', ['link', 'set', `llv-${suite}-3`, 'down']);
    const http = startBackground('ip', [
      'netns',
      'exec',
      server.namespace,
      '/usr/bin/python3',
      '-u',
      '-m',
      'http.server',
      String(HTTP_PORT),
      '--bind',
      server.ip,
    ]);
    const iperf = startBackground('ip', [
      'netns',
      'exec',
      server.namespace,
      'iperf3',
      '-s',
      '--forceflush',
      '-B',
      server.ip,
    ]);
    background.push(http, iperf);
    await Promise.all([http.waitFor(/Serving HTTP/), iperf.waitFor(/Server listening/)]);
  } catch (error) {
    destroy();
    throw error;
  }
  return {
    lab,
    server,
    client,
    joiner,
    async normalTraffic(iperfSeconds) {
      const url = `http://${server.ip}:${HTTP_PORT}/`;
      await Promise.all([
        inside(client, ['ping', '-c', '5', '-i', '0.2', server.ip]),
        inside(client, ['ping', '-c', '3', '-i', '0.2', lab.bridgeIp]),
        inside(client, ['curl', '-s', '-o', '/dev/null', url]),
        runOk('curl', ['-s', '-o', '/dev/null', url], { timeoutMs: 10_000 }),
        inside(client, ['dig', `@${server.ip}`, '+tries=1', '+time=2', '-x', server.ip]),
      ]);
      // One iperf3 test at a time: TCP, then small UDP datagrams.
      await inside(client, ['iperf3', '-c', server.ip, '-t', String(iperfSeconds), '-b', '50M']);
      await inside(client, ['iperf3', '-c', server.ip, '-t', '1', '-u', '-b', '5M', '-l', '200']);
    },
    async join() {
      await runOk('ip', ['link', 'set', `llv-${suite}-3`, 'up']);
      await inside(joiner, ['ping', '-c', '3', '-i', '0.2', lab.bridgeIp]);
    },
    async joinByDhcp(hostname) {
      await inside(joiner, ['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
      await inside(joiner, ['sysctl', '-qw', 'net.ipv6.conf.eth0.disable_ipv6=1']);
      await runOk('ip', ['link', 'set', `llv-${suite}-3`, 'up']);
      background.push(await startDhcpClient(joiner.namespace, joiner.ip, hostname));
    },
    async spoofBridge() {
      await inside(client, ['/usr/bin/python3', '-c', garpScript, 'eth0', client.mac, lab.bridgeIp]);
    },
    async portScan() {
      await inside(client, ['nmap', '-sS', '-Pn', '-n', '-p', '1-100', '--max-retries', '1', server.ip]);
    },
    destroy,
  };
}
