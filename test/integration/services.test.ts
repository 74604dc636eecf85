// Service identification against real services in a namespace lab (sshd, vsftpd, Python's
// http.server and smtpd, a Node HTTP server, openssl s_server, redis-server, mosquitto, Samba), many on
// ports where nothing usual listens, with `nmap -sV` on the same lab as the oracle: where nmap
// identifies a port, LAN Lens must give the same name, and the same product where nmap names one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identifyHosts } from '../../src/helper/identify/identifyHosts';
import { netbiosName } from '../../src/helper/identify/os/netbiosStatus';
import { runOk, runSync } from '../lab/exec';
import type { HostPorts, ServiceInfo } from '../../src/shared/model/ports';
import { lanlens, lanlensAsNobody, prepareUnprivileged } from '../lab/cli';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import type { LabService, RunningServices } from '../lab/labServices';
import { LAB_NETBIOS, labServicesSkipReason, startLabServices } from '../lab/labServices';
import type { NmapServicePort } from '../lab/oracles';
import { disagreement, nmapServiceScan } from '../lab/oracles';
import { labVendors, vendorMac } from '../lab/vendors';

const SUBNET = '10.213.62'; // this suite's own /24

/** Each host's services and what LAN Lens must call them. */
const plan: { services: LabService[]; tcpPorts?: number[]; expected: Record<string, string> }[] = [
  {
    services: [
      { kind: 'ssh', port: 22 },
      { kind: 'ssh', port: 2222 },
      { kind: 'ftp', port: 21 },
      { kind: 'http-python', port: 8081 },
    ],
    expected: { 22: 'ssh', 2222: 'ssh', 21: 'ftp', 8081: 'http' },
  },
  {
    services: [
      { kind: 'tls-openssl', port: 443 },
      { kind: 'tls-openssl', port: 4433 },
      { kind: 'http-node', port: 3000 },
      { kind: 'redis', port: 6379 },
    ],
    expected: { 443: 'https', 4433: 'https', 3000: 'http', 6379: 'redis' },
  },
  {
    services: [
      { kind: 'smtp-python', port: 25 },
      { kind: 'mqtt', port: 1883 },
      { kind: 'redis', port: 7777 },
      { kind: 'http-python', port: 80 },
    ],
    expected: { 25: 'smtp-proxy', 1883: 'mqtt', 7777: 'redis', 80: 'http' },
  },
  {
    services: [{ kind: 'ssh', port: 50022 }],
    tcpPorts: [9999], // the lab's listener closes every connection at once
    expected: { 50022: 'ssh', 9999: 'tcpwrapped' },
  },
  {
    services: [
      { kind: 'smb', port: 445 },
      { kind: 'smb', port: 139 },
    ],
    expected: { 445: 'netbios-ssn', 139: 'netbios-ssn', '137/udp': 'netbios-ns' },
  },
  {
    // DNS over TCP: nmap -sV says `domain dnsmasq 2.90` (its version.bind probe); so must LAN Lens.
    services: [{ kind: 'dns', port: 53 }],
    expected: { 53: 'domain' },
  },
];

const kinds = plan.flatMap((host) => host.services.map((service) => service.kind));
const skip = labSkipReason() ?? labServicesSkipReason(kinds);

interface Identified {
  ip: string;
  port: number;
  protocol: 'tcp' | 'udp';
  service?: ServiceInfo;
}

describe('service identification on a namespace lab, against nmap -sV', { skip }, () => {
  let lab: Lab;
  const running: RunningServices[] = [];
  const endpoints: string[] = [];
  let ours = new Map<string, Identified>();
  let nmap: NmapServicePort[] = [];

  before(async () => {
    lab = await createLab({
      suite: 'svc',
      bridgeIp: `${SUBNET}.1`,
      hosts: plan.map((host, i) => ({
        ip: `${SUBNET}.${11 + i}`,
        mac: vendorMac(labVendors[i % labVendors.length].oui, 0x620 + i),
        tcpPorts: host.tcpPorts,
      })),
    });
    for (const [i, host] of plan.entries()) {
      running.push(await startLabServices(lab.hosts[i], host.services));
      for (const port of Object.keys(host.expected)) endpoints.push(`${lab.hosts[i].ip}:${port}`);
    }
    const result = await lanlens(['identify', ...endpoints, '--json'], { timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { services: Identified[]; durationMs: number };
    ours = new Map(
      report.services.map((entry) => [`${entry.ip}:${entry.port}${entry.protocol === 'udp' ? '/udp' : ''}`, entry]),
    );
    const allPorts = plan.flatMap((host) =>
      Object.keys(host.expected)
        .filter((port) => /^\d+$/.test(port))
        .map(Number),
    );
    const oracle = await nmapServiceScan(
      lab.bridge,
      lab.hosts.map((host) => host.ip),
      allPorts,
    );
    nmap = oracle.ports.filter((port) => endpoints.includes(`${port.ip}:${port.port}`));
    console.log(
      `# lanlens identify: ${endpoints.length} ports in ${report.durationMs} ms; nmap -sV: ${Math.round(oracle.run.ms)} ms`,
    );
  });

  after(() => {
    for (const services of running) services.stop();
    lab?.destroy();
  });

  test('names every service, on usual and unusual ports', () => {
    for (const [i, host] of plan.entries()) {
      for (const [port, name] of Object.entries(host.expected)) {
        const found = ours.get(`${lab.hosts[i].ip}:${port}`);
        assert.equal(found?.service?.name, name, `${lab.hosts[i].ip}:${port}: ${JSON.stringify(found?.service)}`);
      }
    }
  });

  test('where nmap -sV identifies a port, the name (and product) are the same', () => {
    const probed = nmap.filter((port) => port.state === 'open' && port.method === 'probed');
    assert.ok(probed.length >= endpoints.length - 2, `nmap identified only ${probed.length} of ${endpoints.length}`);
    for (const port of probed) {
      const where = `${port.ip}:${port.port}`;
      const service = ours.get(where)?.service;
      assert.ok(service, `${where}: LAN Lens has no service where nmap has ${port.name}`);
      const why = disagreement(service, port);
      assert.equal(why, undefined, `${where}: ${why}; ours ${JSON.stringify(service)}, nmap's ${JSON.stringify(port)}`);
    }
  });

  test('product and version where the answer tells', () => {
    const at = (host: number, port: number) => ours.get(`${lab.hosts[host].ip}:${port}`)!.service!;
    assert.equal(at(0, 22).product, 'OpenSSH');
    assert.match(at(0, 22).version ?? '', /^\d+\.\d+p\d+ Debian /);
    assert.equal(at(0, 21).product, 'vsftpd');
    assert.equal(at(0, 8081).product, 'SimpleHTTPServer');
    assert.equal(at(1, 6379).product, 'Redis key-value store');
    assert.match(at(1, 6379).version ?? '', /^\d+\.\d+\.\d+$/);
    assert.equal(at(1, 3000).http?.title, 'Lab device');
    // What `dnsmasq --version` says of itself, read from its answer to version.bind over TCP.
    const dnsmasq = /Dnsmasq version ([\w.-]+)/.exec(runSync('/usr/sbin/dnsmasq', ['--version']).stdout)?.[1];
    assert.deepEqual([at(5, 53).name, at(5, 53).product, at(5, 53).version], ['domain', 'dnsmasq', dnsmasq]);
    for (const host of lab.hosts)
      for (const [, entry] of ours) if (entry.ip === host.ip) assert.ok((entry.service?.latencyMs ?? 0) >= 0);
  });

  test('reads the self-signed certificate inside TLS', () => {
    const https = ours.get(`${lab.hosts[1].ip}:4433`)!.service!;
    assert.equal(https.method, 'tls');
    assert.equal(https.tls?.subject, 'CN=device-12.lab');
    assert.equal(https.tls?.selfSigned, true);
    assert.deepEqual(https.tls?.subjectAltNames, ['DNS:device-12.lab', `IP Address:${lab.hosts[1].ip}`]);
    assert.match(https.tls?.fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.ok(https.tls.notAfter > Date.now());
  });

  test('identifyHosts fills services, TLS names and a Linux guess for the port scan', async () => {
    const hosts: HostPorts[] = plan.map((host, i) => ({
      ip: lab.hosts[i].ip,
      mac: lab.hosts[i].mac,
      up: true,
      ports: Object.keys(host.expected).map((key) => ({
        port: parseInt(key, 10),
        protocol: key.endsWith('/udp') ? ('udp' as const) : ('tcp' as const),
        state: 'open' as const,
        reason: key.endsWith('/udp') ? 'udp-response' : 'syn-ack',
      })),
      notShown: {},
    }));
    const done: string[] = [];
    const { probesSent } = await identifyHosts(hosts, {
      serviceDetection: true,
      osDetection: true,
      onHost: (host) => done.push(host.ip),
    });
    const ports = hosts.reduce((sum, host) => sum + host.ports.length, 0);
    assert.ok(probesSent >= ports + hosts.length, `${probesSent} probes counted for ${ports} ports`);
    assert.deepEqual(done.sort(), lab.hosts.map((host) => host.ip).sort());
    for (const host of hosts) {
      for (const port of host.ports) {
        const key = `${host.ip}:${port.port}${port.protocol === 'udp' ? '/udp' : ''}`;
        assert.equal(port.service?.name, ours.get(key)?.service?.name, key);
      }
      assert.ok(host.os, `${host.ip} has no OS guess`);
    }
    assert.equal(hosts[0].os?.family, 'Linux', JSON.stringify(hosts[0].os));
    assert.ok(
      hosts[0].os?.evidence.some((phrase) => /Debian/.test(phrase)),
      JSON.stringify(hosts[0].os),
    );
    assert.ok(hosts[4].names?.some((entry) => entry.source === 'netbios' && entry.name === LAB_NETBIOS.name));
    assert.ok(hosts[4].os?.evidence.includes('answers NetBIOS'), JSON.stringify(hosts[4].os));
    assert.ok(
      hosts[1].names?.some((entry) => entry.source === 'tls' && entry.name === 'device-12.lab'),
      JSON.stringify(hosts[1].names),
    );
  });

  test('NetBIOS: the name, workgroup and name table Samba announces, as nmblookup and nmap see them', async () => {
    const samba = lab.hosts[4];
    const nmblookup = await runOk('nmblookup', ['-A', samba.ip]);
    const table = [...nmblookup.stdout.matchAll(/^\s+(\S+)\s+<([0-9a-f]{2})> - (<GROUP> )?/gm)].map(
      ([, name, suffix, group]) => ({ name, suffix: parseInt(suffix, 16), group: !!group }),
    );
    assert.ok(table.length >= 3, nmblookup.stdout);
    const nbstat = await runOk('nmap', [
      '-n',
      '-Pn',
      '-sU',
      '-p',
      '137',
      '--script',
      'nbstat',
      '-e',
      lab.bridge,
      samba.ip,
    ]);
    const nmapName = /NetBIOS name: ([^,\s]+)/.exec(nbstat.stdout)?.[1];
    const status = await netbiosName(samba.ip, undefined, 1500);
    assert.deepEqual(status?.names, table);
    assert.equal(status?.name, nmapName);
    assert.equal(status?.name, LAB_NETBIOS.name);
    assert.equal(status?.workgroup, LAB_NETBIOS.workgroup);
    const udp = ours.get(`${samba.ip}:137/udp`)?.service;
    assert.equal(udp?.extraInfo, `NetBIOS name: ${LAB_NETBIOS.name}; workgroup: ${LAB_NETBIOS.workgroup}`);
    assert.equal(await netbiosName(lab.hosts[0].ip, undefined, 300), undefined, 'a host without NetBIOS has no name');
  });

  test('works unprivileged, as nobody', async () => {
    const setup = prepareUnprivileged();
    try {
      const target = `${lab.hosts[0].ip}:2222`;
      const result = await lanlensAsNobody(setup, ['identify', target, '--json']);
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout) as { services: Identified[] };
      assert.equal(report.services[0].service?.name, 'ssh');
    } finally {
      setup.dispose();
    }
  });
});
