// The lab of the IPFIX export test: two hosts with IPv4 and IPv6 addresses, an iperf3 server and an
// HTTP server on the first, traffic of every kind from the second on demand; and nfdump's nfcapd as
// the collector, listening on loopback and writing into a scratch folder, read back with nfdump.
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Background } from './background';
import { startBackground } from './background';
import { runOk } from './exec';
import type { Lab } from './lab';
import { createLab } from './lab';

/** A running IPFIX lab. */
export interface IpfixLab {
  lab: Lab;
  /** the host-side end of host 1's veth: every frame to and from its servers passes it */
  port: string;
  /** TCP (iperf3 and ten HTTP requests) and pings over IPv4, UDP and pings over IPv6, from host 2 to host 1 */
  traffic: () => Promise<void>;
  destroy: () => Promise<void>;
}

const V6 = (subnet: string, host: number) => `fd00:213:${subnet.split('.')[2]}::${host}`;

/** Builds the lab on `subnet` (three octets) under the suite name `suite`. */
export async function createIpfixLab(suite: string, subnet: string): Promise<IpfixLab> {
  const third = subnet.split('.')[2];
  const lab = await createLab({
    suite,
    bridgeIp: `${subnet}.1`,
    hosts: [
      { ip: `${subnet}.11`, mac: `02:13:${third}:00:00:11` },
      { ip: `${subnet}.12`, mac: `02:13:${third}:00:00:12` },
    ],
  });
  const servers: Background[] = [];
  const destroy = async () => {
    for (const server of servers) await server.stop('SIGKILL');
    lab.destroy();
  };
  const [server, client] = lab.hosts;
  const inHost = (host: typeof server, command: string[]) => ['netns', 'exec', host.namespace, ...command];
  try {
    for (const [host, index] of [
      [server, 11],
      [client, 12],
    ] as const) {
      // nodad: the address works at once instead of after duplicate address detection.
      await runOk('ip', ['-n', host.namespace, 'addr', 'add', `${V6(subnet, index)}/64`, 'dev', 'eth0', 'nodad']);
    }
    const iperf = startBackground('ip', inHost(server, ['iperf3', '--server', '--forceflush']));
    servers.push(iperf);
    await iperf.waitFor(/Server listening/);
    const http = startBackground('ip', inHost(server, ['python3', '-m', 'http.server', '8080', '--bind', server.ip]));
    servers.push(http);
    await http.waitFor(/Serving HTTP/);
  } catch (error) {
    await destroy();
    throw error;
  }
  const run = (command: string[]) => runOk('ip', inHost(client, command), { timeoutMs: 60_000 });
  const traffic = async () => {
    // Three seconds: longer than the tests' active timeout, so the flow is reported in parts.
    await run(['iperf3', '--client', server.ip, '--time', '3', '--bitrate', '20M']);
    await run(['iperf3', '--client', V6(subnet, 11), '--udp', '--time', '1', '--bitrate', '2M', '--length', '200']);
    await run(['busybox', 'ping', '-c', '3', '-i', '0.2', server.ip]);
    await run(['busybox', 'ping6', '-c', '3', '-i', '0.2', V6(subnet, 11)]);
    for (let i = 0; i < 10; i++) await run(['curl', '-s', '-o', '/dev/null', `http://${server.ip}:8080/`]);
  };
  return { lab, port: `llv-${suite}-1`, traffic, destroy };
}

/** nfcapd on loopback writing into a folder of its own. */
export interface Collector {
  port: number;
  /** stops nfcapd (it writes its file as it ends) and returns what nfdump reads, and nfcapd's own summary */
  stop: () => Promise<{ records: NfdumpRecord[]; summary: string }>;
  /** stops nfcapd if it still runs and removes its folder */
  destroy: () => Promise<void>;
}

/** One flow record as `nfdump -o json` prints it (the fields compared). */
export interface NfdumpRecord {
  proto: number;
  src4_addr?: string;
  dst4_addr?: string;
  src6_addr?: string;
  dst6_addr?: string;
  /** absent for ICMP */
  src_port?: number;
  dst_port?: number;
  in_packets: number;
  in_bytes: number;
  first: string;
  last: string;
}

/** A free UDP port on 127.0.0.1 (free a moment ago: nfcapd takes it next). */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

/** Starts nfcapd on 127.0.0.1. */
export async function startCollector(): Promise<Collector> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-nfcapd-'));
  const port = await freeUdpPort();
  // -t 3600: one file for the whole test (nfcapd writes it when it ends).
  const nfcapd = startBackground('nfcapd', ['-b', '127.0.0.1', '-p', String(port), '-w', dir, '-t', '3600']);
  const destroy = async () => {
    await nfcapd.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await nfcapd.waitFor(/Startup/);
  } catch (error) {
    await destroy();
    throw error;
  }
  const stop = async () => {
    const ended = await nfcapd.stop('SIGTERM');
    const { stdout } = await runOk('nfdump', ['-R', dir, '-o', 'json']);
    // With no record, nfdump prints "[" and a message instead of an empty array.
    const records = (stdout.includes('No matching flows') ? [] : JSON.parse(stdout)) as NfdumpRecord[];
    return { records, summary: `${ended.stdout}\n${ended.stderr}` };
  };
  return { port, stop, destroy };
}
