// The demo office `npm start` builds: names, MAC vendors and services that agree (the IEEE
// registry as oui-data and arp-scan spell it, the office DNS forward and reverse, lanlens identify
// on each host's services, the DNS equal to `nmap -sV`), the router's second subnet two hops away,
// background traffic of DNS, HTTP, TLS and mDNS that stays inside the lab, and nothing left once
// the lab is destroyed.
import assert from 'node:assert/strict';
import { promises as dns } from 'node:dns';
import { after, before, describe, test } from 'node:test';
import type { ServiceInfo } from '../../src/shared/model/ports';
import { startBackground } from '../lab/background';
import { lanlens } from '../lab/cli';
import type { DemoLab } from '../lab/demoLab';
import { createDemoLab } from '../lab/demoLab';
import { runSync } from '../lab/exec';
import { labSkipReason } from '../lab/lab';
import { labServicesSkipReason } from '../lab/labServices';
import { disagreement, nmapServiceScan } from '../lab/oracles';
import { arpScanOrganisations, organisationKey, ouiOf, registryOrganisations } from '../lab/vendors';

const skip = labSkipReason() ?? labServicesSkipReason(['ssh', 'smb', 'mqtt', 'redis', 'dns']);

describe('the demo office of npm start', { skip, timeout: 300_000 }, () => {
  let demo: DemoLab;
  const host = (name: string) => demo.hosts.find((entry) => entry.name === name)!;

  before(async () => {
    demo = await createDemoLab();
  });
  after(() => demo?.destroy());

  test('every MAC’s vendor is the one its host is named for, in both registries', () => {
    const ouis = demo.hosts.map((entry) => ouiOf(entry.mac));
    const registry = registryOrganisations(ouis);
    const arpScan = arpScanOrganisations(ouis);
    for (const entry of demo.hosts) {
      const organisation = registry.get(ouiOf(entry.mac)) ?? '';
      assert.match(organisation, new RegExp(entry.vendor.split(' ')[0], 'i'), `${entry.name}: ${organisation}`);
      const theirs = arpScan.get(ouiOf(entry.mac));
      assert.equal(organisationKey(theirs ?? ''), organisationKey(organisation), `${entry.name} in arp-scan's table`);
    }
  });

  test('the office DNS names every host forward and reverse', async () => {
    const resolver = new dns.Resolver({ timeout: 1000, tries: 2 });
    resolver.setServers([demo.dnsIp]);
    for (const entry of demo.hosts) {
      assert.deepEqual(await resolver.resolve4(entry.fqdn), [entry.ip], entry.fqdn);
      assert.ok((await resolver.reverse(entry.ip)).includes(entry.fqdn), `${entry.ip} reverse`);
    }
  });

  test('services answer as their hosts promise; the DNS is what nmap -sV says', async () => {
    const endpoints: Record<string, [string, string?]> = {
      [`${host('gw').ip}:53`]: ['domain', 'dnsmasq'],
      [`${host('gw').ip}:22`]: ['ssh', 'OpenSSH'],
      [`${host('gw').ip}:80`]: ['http'],
      [`${host('nas').ip}:445`]: ['netbios-ssn', 'Samba smbd'],
      [`${host('printer').ip}:631`]: ['http'],
      [`${host('intranet').ip}:443`]: ['https'],
      [`${host('sensors').ip}:1883`]: ['mqtt', 'mosquitto'],
      [`${host('build').ip}:8080`]: ['http'],
      [`${host('db').ip}:6379`]: ['redis', 'Redis key-value store'],
    };
    const result = await lanlens(['identify', ...Object.keys(endpoints), '--json'], { timeoutMs: 120_000 });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { services: { ip: string; port: number; service?: ServiceInfo }[] };
    const found = new Map(report.services.map((entry) => [`${entry.ip}:${entry.port}`, entry.service]));
    for (const [endpoint, [name, product]] of Object.entries(endpoints)) {
      const service = found.get(endpoint);
      assert.equal(service?.name, name, `${endpoint}: ${JSON.stringify(service)}`);
      if (product) assert.equal(service?.product, product, `${endpoint} product`);
    }
    assert.equal(found.get(`${host('printer').ip}:631`)?.http?.title, 'Brother HL-L2350DW IPP');
    assert.equal(found.get(`${host('intranet').ip}:443`)?.tls?.subject, 'CN=intranet.office.lan');
    const oracle = await nmapServiceScan(demo.bridge, [host('gw').ip], [53]);
    const nmapDns = oracle.ports.find((port) => port.port === 53)!;
    assert.equal(nmapDns.product, 'dnsmasq');
    assert.equal(disagreement(found.get(`${host('gw').ip}:53`), nmapDns), undefined, JSON.stringify(nmapDns));
  });

  test('background traffic: DNS, HTTP, TLS and mDNS, to lab addresses only', async () => {
    const tcpdump = startBackground('tcpdump', ['-i', demo.bridge, '-n', '-l', '-q', 'ip']);
    await tcpdump.waitFor(/listening on/);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const { stdout } = await tcpdump.stop();
    const lines = stdout.split('\n').filter((line) => / IP /.test(line));
    for (const [what, pattern] of [
      ['DNS', /\.53: /],
      ['HTTP', /\.80: /],
      ['TLS', /\.443: /],
      ['mDNS', /224\.0\.0\.251\.5353: /],
    ] as const) {
      assert.ok(
        lines.some((line) => pattern.test(line)),
        `${what} among ${lines.length} packets`,
      );
    }
    const outside = lines.filter((line) => {
      const addresses = line.match(/\d+\.\d+\.\d+\.\d+/g) ?? [];
      return addresses.some((address) => !/^(10\.213\.25[01]\.|224\.0\.0\.251)/.test(address));
    });
    assert.deepEqual(outside.slice(0, 3), [], 'every packet between lab addresses');
  });

  test('the second subnet is two hops away, through the router', () => {
    const trace = runSync('ip', ['route', 'get', host('build').ip]);
    assert.match(trace.stdout, new RegExp(`via ${host('gw').ip} dev ${demo.bridge}`));
    const ping = runSync('busybox', ['ping', '-c', '1', '-W', '2', host('db').ip]);
    assert.equal(ping.code, 0, ping.stdout);
    assert.match(ping.stdout, /ttl=63/, 'one router on the way');
  });

  test('destroy leaves no namespace, link or route behind', () => {
    demo.destroy();
    assert.doesNotMatch(runSync('ip', ['netns', 'list']).stdout, /lln-demo-/);
    assert.doesNotMatch(runSync('ip', ['-o', 'link', 'show']).stdout, /llb-demo|llv-demo-/);
    assert.doesNotMatch(runSync('ip', ['route']).stdout, /10\.213\.251\.0/);
  });
});
