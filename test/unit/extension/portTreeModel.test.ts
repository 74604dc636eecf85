import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostPorts, PortResult } from '../../../src/shared/model/ports';
import { DeviceStore } from '../../../src/extension/views/deviceStore';
import { deviceView } from '../../../src/extension/views/deviceTreeModel';
import { httpUrl, portDescription, portTooltip, portView } from '../../../src/extension/views/portTreeModel';
import { device } from './deviceFixtures';

process.env.TZ = 'UTC';

const port = (overrides: Partial<PortResult> & Pick<PortResult, 'port'>): PortResult => ({
  protocol: 'tcp',
  state: 'open',
  reason: 'syn-ack',
  ...overrides,
});

const nginx = port({
  port: 80,
  rttMs: 0.42,
  service: { name: 'http', product: 'nginx', version: '1.22.1', method: 'probe', confidence: 1, http: { status: 200 } },
});

test('a port reads `80/tcp` with `http — nginx 1.22.1 · 0.4 ms`', () => {
  const view = portView('br-t|10.213.0.0/24|10.213.0.5', '10.213.0.5', nginx);
  assert.equal(view.label, '80/tcp');
  assert.equal(view.description, 'http — nginx 1.22.1 · 0.4 ms');
  assert.equal(view.id, 'port:br-t|10.213.0.0/24|10.213.0.5|80/tcp');
  assert.equal(view.contextValue, 'portHttp');
  assert.equal(view.icon, 'plug');
});

test('descriptions: no service, extra info, open|filtered UDP', () => {
  assert.equal(portDescription(port({ port: 6379 })), 'unknown');
  assert.equal(
    portDescription(
      port({
        port: 22,
        rttMs: 12.6,
        service: {
          name: 'ssh',
          product: 'OpenSSH',
          version: '9.2p1',
          extraInfo: 'protocol 2.0',
          method: 'banner',
          confidence: 1,
        },
      }),
    ),
    'ssh — OpenSSH 9.2p1 (protocol 2.0) · 13 ms',
  );
  assert.equal(
    portDescription(port({ port: 53, protocol: 'udp', state: 'open|filtered', reason: 'no-response' })),
    'unknown · open|filtered',
  );
});

const urls: Array<[string, PortResult, string | undefined]> = [
  ['http on 80', nginx, 'http://10.0.0.5/'],
  [
    'http on 8080',
    port({ port: 8080, service: { name: 'http', method: 'probe', confidence: 1 } }),
    'http://10.0.0.5:8080/',
  ],
  [
    'TLS http on 8443',
    port({
      port: 8443,
      service: {
        name: 'https',
        method: 'tls',
        confidence: 1,
        tls: {
          version: 'TLSv1.3',
          subject: 'CN=x',
          subjectAltNames: [],
          issuer: 'CN=x',
          selfSigned: true,
          notBefore: 0,
          notAfter: 0,
          fingerprint256: 'AA',
        },
      },
    }),
    'https://10.0.0.5:8443/',
  ],
  ['https on 443 by port number only', port({ port: 443 }), 'https://10.0.0.5/'],
  ['unidentified 8000', port({ port: 8000 }), 'http://10.0.0.5:8000/'],
  ['ssh is not a web server', port({ port: 22, service: { name: 'ssh', method: 'banner', confidence: 1 } }), undefined],
  [
    'http on an odd port found by probe',
    port({ port: 31337, service: { name: 'http', method: 'probe', confidence: 0.9 } }),
    'http://10.0.0.5:31337/',
  ],
  ['redis on 8000 is not', port({ port: 8000, service: { name: 'redis', method: 'probe', confidence: 1 } }), undefined],
  ['closed http', port({ port: 80, state: 'closed' }), undefined],
  ['UDP', port({ port: 80, protocol: 'udp' }), undefined],
];

for (const [name, result, url] of urls) {
  test(`Open in Browser URL: ${name}`, () => assert.equal(httpUrl('10.0.0.5', result), url));
}

test('hostile banners, titles and certificates are plain text: no controls, no forged lines, capped', () => {
  const hostile = port({
    port: 443,
    service: {
      name: 'https',
      product: 'evil\u202e\nProduct: fake',
      method: 'tls',
      confidence: 1,
      banner: 'line one\r\nline\u0007 two\n' + 'x'.repeat(500),
      http: { title: '<img src=x onerror=alert(1)>\nInjected: yes', server: '[link](command:workbench.action.quit)' },
      tls: {
        version: 'TLSv1.3',
        subject: 'CN=printer.local\nIssuer: forged',
        subjectAltNames: ['DNS:printer.local', 'IP Address:10.0.0.5'],
        issuer: 'CN=printer.local',
        selfSigned: true,
        notBefore: Date.UTC(2024, 0, 1),
        notAfter: Date.UTC(2025, 0, 1),
        fingerprint256: 'AB:CD',
      },
    },
  });
  const tooltip = portTooltip('10.0.0.5', hostile);
  const lines = tooltip.split('\n');
  assert.ok(lines.includes('Page title: <img src=x onerror=alert(1)> Injected: yes'), tooltip);
  assert.ok(lines.includes('Certificate subject: CN=printer.local Issuer: forged'), tooltip);
  assert.ok(lines.includes('Issuer: CN=printer.local (self-signed)'), tooltip);
  assert.ok(lines.includes('Valid: 2024-01-01 00:00 to 2025-01-01 00:00'), tooltip);
  assert.ok(lines.includes('Alternative names: DNS:printer.local, IP Address:10.0.0.5'), tooltip);
  assert.ok(lines.includes('  line one') && lines.includes('  line two'), tooltip);
  assert.ok(lines.every((line) => !/[\u0000-\u0008\u202e]/.test(line)));
  assert.ok(
    lines.every((line) => line.length < 220),
    'every line capped',
  );
  assert.equal(lines.filter((line) => line.startsWith('Issuer:')).length, 1, 'no forged Issuer line');
});

test('a scanned device: ports as children, OS guess in description and icon, counts in the tooltip', () => {
  const store = new DeviceStore();
  store.merge([device({ ip: '10.213.0.5' })]);
  const host: HostPorts = {
    ip: '10.213.0.5',
    up: true,
    ports: [nginx, port({ port: 22 }), port({ port: 23, state: 'closed', reason: 'reset' })],
    notShown: { closed: 997 },
    os: { family: 'Linux', kind: 'printer', confidence: 0.8, evidence: ['TTL 64', 'port 631 (IPP) open'] },
  };
  const change = store.setPorts(
    host,
    { scan: { targets: ['10.213.0.5'], tcp: { set: 'top1000' } }, method: 'syn' },
    () => {
      throw new Error('the device is known');
    },
  );
  const [node] = store.nodesFor('10.213.0.5');
  assert.ok(node);
  assert.deepEqual(change, { root: false, nodes: [node] });
  assert.deepEqual(
    node.portNodes?.map((child) => child.key),
    ['br-t|10.213.0.0/24|10.213.0.5|22/tcp', 'br-t|10.213.0.0/24|10.213.0.5|80/tcp'],
  );
  const view = deviceView(node);
  assert.equal(view.expandable, true);
  assert.equal(view.description, 'printer, Linux');
  assert.equal(view.icon, 'output');
  // Named and with a vendor, what it is still comes first: a narrow side bar cuts the end off.
  node.device = { ...node.device, hostname: 'printer.lab', vendor: 'HP Inc.' };
  assert.equal(deviceView(node).description, 'printer, Linux · 10.213.0.5 · HP Inc.');
  assert.match(view.tooltip, /^Ports: 22\/tcp, 80\/tcp$/m);
  assert.match(view.tooltip, /^Not shown: 997 closed, 1 more closed or filtered$/m);
  assert.match(view.tooltip, /^Looks like: printer, Linux \(80% sure\)$/m);
  // A second scan keeps the port node objects (so the view refreshes in place) and drops closed ones.
  const before = node.portNodes?.[1];
  store.setPorts(
    { ...host, ports: [nginx] },
    { scan: { targets: ['10.213.0.5'], tcp: { set: 'top100' } }, method: 'syn' },
    () => {
      throw new Error('the device is known');
    },
  );
  assert.equal(node.portNodes?.length, 1);
  assert.equal(node.portNodes?.[0], before);
});

test('a scanned host not in the tree is added where newDevice puts it; a silent one is not', () => {
  const store = new DeviceStore();
  const scan = { scan: { targets: ['10.9.9.9'], tcp: { set: 'top100' as const } }, method: 'connect' as const };
  assert.deepEqual(
    store.setPorts({ ip: '10.9.9.8', up: false, ports: [], notShown: { filtered: 100 } }, scan, () => {
      throw new Error('not added');
    }),
    { root: false, nodes: [] },
  );
  const change = store.setPorts({ ip: '10.9.9.9', up: true, ports: [nginx], notShown: {} }, scan, () =>
    device({ ip: '10.9.9.9', interface: '', subnet: '10.9.9.0/24', methods: ['tcp'] }),
  );
  assert.equal(change.root, true);
  assert.equal(store.nodesFor('10.9.9.9')[0]?.portNodes?.length, 1);
});
