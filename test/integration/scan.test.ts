// `lanlens scan` against a 32-host namespace lab, with nmap and arp-scan's OUI table as oracles:
// privileged ARP sweep, reverse DNS through the lab's own dnsmasq, the unprivileged connect
// fallback as `nobody`, and input validation that must fail before any probe is sent.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Device } from '../../src/shared/model/device';
import { lanlens, lanlensAsNobody, parseScan, unprivilegedSuite } from '../lab/cli';
import { run } from '../lab/exec';
import type { Lab, LabHostSpec } from '../lab/lab';
import { createLab, labSkipReason, sentPackets } from '../lab/lab';
import { nmapPingSweep } from '../lab/oracles';
import {
  arpScanOrganisations,
  labVendors,
  organisationKey,
  ouiOf,
  registryOrganisations,
  vendorMac,
} from '../lab/vendors';

const skip = labSkipReason();
const SUBNET = '10.213.10'; // this suite's own /24; other suites use other third octets

/** 32 hosts spread over the /24 (not packed at the bottom), every 4th silent, every 4th serving TCP. */
function plan(): LabHostSpec[] {
  const servicePorts = [[22], [80], [443, 8080], [22, 80]];
  return Array.from({ length: 32 }, (_, i) => ({
    ip: `${SUBNET}.${i === 31 ? 254 : 2 + i * 7}`,
    mac: vendorMac(labVendors[i % labVendors.length].oui, 0x100 + i),
    dnsServer: i === 0,
    silent: i % 4 === 3,
    tcpPorts: i % 4 === 1 ? servicePorts[(i >> 2) % servicePorts.length] : undefined,
    // some names on silent hosts too: reverse DNS does not depend on the host answering
    ptrName: i % 5 === 2 ? `host-${i}.lab.test` : undefined,
  }));
}

const byIp = (devices: Device[]) => new Map(devices.map((device) => [device.ip, device]));
const sorted = (values: Iterable<string>) => [...values].sort();

describe('lanlens scan on a namespace lab', { skip }, () => {
  let lab: Lab;

  before(async () => {
    const started = Date.now();
    lab = await createLab({ suite: 'scan', bridgeIp: `${SUBNET}.1`, hosts: plan() });
    console.log(`# lab of ${lab.hosts.length} hosts on ${lab.bridge} ready in ${Date.now() - started} ms`);
  });

  after(() => lab?.destroy());

  test('the lab uses real OUIs that arp-scan and oui-data both know, from at least 5 vendors', () => {
    const ouis = new Set(lab.hosts.map((host) => ouiOf(host.mac)));
    const registry = registryOrganisations(ouis);
    const arpScan = arpScanOrganisations(ouis);
    const organisations = new Set<string>();
    for (const oui of ouis) {
      const ours = registry.get(oui);
      const theirs = arpScan.get(oui);
      assert.ok(ours && theirs, `${oui} is missing from oui-data (${ours}) or arp-scan (${theirs})`);
      assert.equal(organisationKey(ours), organisationKey(theirs), `${oui}: "${ours}" vs "${theirs}"`);
      organisations.add(organisationKey(ours));
    }
    assert.ok(organisations.size >= 5, `only ${organisations.size} vendors: ${[...organisations].join(', ')}`);
  });

  test('as root: an ARP sweep finds exactly the lab, with MACs, vendors and RTTs', { timeout: 60_000 }, async () => {
    const result = await lanlens(['scan', lab.cidr, '--json', '--no-resolve']);
    assert.equal(result.code, 0, result.stderr);
    const scan = parseScan(result);
    assert.equal(scan.method, 'arp');
    assert.equal(scan.partial, false);
    assert.equal(scan.cancelled, false);
    assert.equal(scan.interface, lab.bridge);
    assert.equal(scan.cidr, lab.cidr);
    assert.ok(scan.probesSent >= 254, `only ${scan.probesSent} probes for a /24`);
    console.log(
      `# ARP sweep: ${scan.devices.length} devices in ${scan.durationMs} ms (wall ${Math.round(result.ms)} ms)`,
    );

    const expected = [lab.bridgeIp, ...lab.hosts.map((host) => host.ip)];
    assert.deepEqual(sorted(scan.devices.map((device) => device.ip)), sorted(expected));

    const devices = byIp(scan.devices);
    const self = devices.get(lab.bridgeIp)!;
    assert.equal(self.isSelf, true);
    assert.ok(self.methods.includes('self'), `self methods: ${self.methods.join(',')}`);
    if (self.mac !== undefined) assert.equal(self.mac, lab.bridgeMac);

    const vendors = registryOrganisations(lab.hosts.map((host) => ouiOf(host.mac)));
    for (const host of lab.hosts) {
      const device = devices.get(host.ip)!;
      assert.equal(device.mac, host.mac, `${host.ip} MAC`);
      assert.equal(device.vendor, vendors.get(ouiOf(host.mac)), `${host.ip} vendor`);
      assert.equal(device.isSelf, false, `${host.ip} isSelf`);
      assert.equal(device.isGateway, false, `${host.ip} isGateway`);
      assert.ok(device.methods.includes('arp'), `${host.ip} methods: ${device.methods.join(',')}`);
      assert.ok(typeof device.rttMs === 'number' && device.rttMs >= 0, `${host.ip} rttMs ${device.rttMs}`);
      assert.equal(device.interface, lab.bridge);
      assert.equal(device.subnet, lab.cidr);
      assert.equal(device.hostname, undefined, `${host.ip} has a name despite --no-resolve`);
    }
  });

  test('nmap -sn finds the same hosts and MACs', { timeout: 120_000 }, async () => {
    // One after the other: each must find the hosts from its own probes, not the other's replies.
    const ours = parseScan(await lanlens(['scan', lab.cidr, '--json', '--no-resolve', '--interface', lab.bridge]));
    await run('ip', ['neigh', 'flush', 'dev', lab.bridge]);
    const nmap = await nmapPingSweep(lab.bridge, lab.cidr);
    // nmap leaves out the scanning machine's own address when given -e; LAN Lens lists it.
    const nmapIps = new Set([...nmap.hosts.map((host) => host.ip), lab.bridgeIp]);
    assert.deepEqual(sorted(ours.devices.map((device) => device.ip)), sorted(nmapIps));
    const macs = (hosts: { ip: string; mac?: string }[]) =>
      sorted(hosts.filter((host) => host.ip !== lab.bridgeIp && host.mac).map((host) => `${host.ip} ${host.mac}`));
    assert.deepEqual(macs(ours.devices), macs(nmap.hosts));
    // nmap's vendor names are its own short forms; the first word is what both registries share.
    const ourVendor = byIp(ours.devices);
    for (const host of nmap.hosts.filter((h) => h.vendor)) {
      assert.equal(organisationKey(ourVendor.get(host.ip)?.vendor ?? ''), organisationKey(host.vendor!), host.ip);
    }
  });

  test('with --dns-server, PTR names from the lab DNS appear with source dns', { timeout: 60_000 }, async () => {
    const result = await lanlens(['scan', lab.cidr, '--json', '--dns-server', lab.dnsIp!]);
    assert.equal(result.code, 0, result.stderr);
    const devices = byIp(parseScan(result).devices);
    for (const host of lab.hosts) {
      const device = devices.get(host.ip);
      assert.ok(device, `${host.ip} missing`);
      if (host.ptrName) {
        assert.equal(device.hostname, host.ptrName, `${host.ip} hostname`);
        assert.equal(device.hostnameSource, 'dns', `${host.ip} hostnameSource`);
      } else {
        assert.equal(device.hostname, undefined, `${host.ip} has no PTR but got "${device.hostname}"`);
      }
    }
  });

  describe('unprivileged, as nobody', () => {
    const nobody = unprivilegedSuite();

    test(
      'falls back to TCP connect + neighbour table, says how to grant CAP_NET_RAW',
      { timeout: 180_000 },
      async () => {
        // An empty neighbour cache: whatever the scan reports, it learned itself.
        await run('ip', ['neigh', 'flush', 'dev', lab.bridge]);
        const result = await lanlensAsNobody(nobody(), ['scan', lab.cidr, '--json', '--no-resolve']);
        assert.equal(result.code, 0, result.stderr);
        const scan = parseScan(result);
        console.log(
          `# connect sweep: ${scan.devices.length} devices in ${scan.durationMs} ms, ${scan.probesSent} probes`,
        );
        console.log(`# stderr: ${result.stderr.trim().replace(/\n/g, '\n# ')}`);
        assert.equal(scan.method, 'connect');
        assert.equal(scan.partial, true);
        assert.equal(result.stderr.match(/CAP_NET_RAW/g)?.length, 1, 'one message on stderr names CAP_NET_RAW');
        assert.match(result.stderr, /setcap|sudo|root/, 'stderr says how to grant it');
        assert.ok(
          scan.warnings.some((warning) => warning.includes('CAP_NET_RAW')),
          'warnings name CAP_NET_RAW',
        );

        const devices = byIp(scan.devices);
        for (const host of lab.hosts) {
          const device = devices.get(host.ip);
          if (host.silent) {
            // Drops all IP but answers ARP: the connect attempts make the kernel learn it.
            assert.ok(device, `silent ${host.ip} not found through the neighbour table`);
            assert.ok(device.methods.includes('neighbor'), `${host.ip} methods: ${device.methods.join(',')}`);
            assert.deepEqual(device.openPorts ?? [], [], `silent ${host.ip} has open ports`);
          } else {
            assert.ok(device, `${host.ip} answers TCP (open or refused) but was not found`);
            assert.ok(device.methods.includes('tcp'), `${host.ip} methods: ${device.methods.join(',')}`);
            const listening = new Set([...(host.tcpPorts ?? []), ...(host.dnsServer ? [53] : [])]);
            for (const port of device.openPorts ?? []) assert.ok(listening.has(port), `${host.ip}:${port} is not open`);
            for (const port of [22, 80, 443].filter((p) => listening.has(p))) {
              assert.ok(device.openPorts?.includes(port), `${host.ip}:${port} open but not reported`);
            }
          }
          if (device) assert.equal(device.mac, host.mac, `${host.ip} MAC`);
        }
        const strangers = scan.devices.filter(
          (device) => device.ip !== lab.bridgeIp && !lab.hosts.some((host) => host.ip === device.ip),
        );
        assert.deepEqual(strangers, [], 'devices that are not in the lab');
      },
    );
  });

  describe('bad input fails validation before any probe', () => {
    let sandbox: string;
    before(async () => {
      // The CLI runs in a namespace whose only link is a dead-end veth holding these ranges: were
      // validation to let a scan through, its probes would go nowhere, and be counted.
      sandbox = await lab.addSandbox(['10.0.0.1/8', '198.51.100.1/24']);
    });

    const cases: { name: string; args: string[]; message: RegExp }[] = [
      { name: 'malformed CIDR', args: ['10.0.0.0/33'], message: /\/33/ },
      { name: 'garbage CIDR', args: ['not-a-subnet'], message: /not-a-subnet/ },
      { name: 'octet out of range', args: ['10.0.300.0/24'], message: /10\.0\.300\.0/ },
      { name: 'unknown interface', args: ['10.0.0.0/24', '--interface', 'llnosuch0'], message: /llnosuch0/ },
      { name: 'a /14 without --yes', args: ['10.0.0.0/14'], message: /--yes|confirm/i },
      { name: 'a /8 even with --yes', args: ['10.0.0.0/8', '--yes'], message: /at most a \/12/ },
      { name: 'a public /24 without --yes', args: ['198.51.100.0/24'], message: /--yes|confirm/i },
    ];
    for (const { name, args, message } of cases) {
      test(`${name}: exit 2 with a clear message, nothing sent`, { timeout: 30_000 }, async () => {
        const before = await sentPackets(sandbox);
        const result = await lanlens(['scan', ...args, '--json', '--no-resolve'], { namespace: sandbox });
        assert.equal(result.code, 2, `exit ${result.code}\n${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, message);
        assert.equal(result.stdout.trim(), '', 'nothing on stdout for bad input');
        assert.equal(await sentPackets(sandbox), before, 'packets were sent');
      });
    }
  });
});
