import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InterfacesResult } from '../../../src/shared/helperProtocol';
import type { NetworkInterfaceInfo } from '../../../src/shared/model/network';
import { scanTargets } from '../../../src/extension/commands/scanTargets';

function nic(name: string, cidrs: string[], extra: Partial<NetworkInterfaceInfo> = {}): NetworkInterfaceInfo {
  return {
    name,
    ipv4: cidrs.map((cidr) => {
      const [address = '', prefix = '32'] = cidr.split('/');
      return { address, prefixLength: Number(prefix), cidr };
    }),
    ipv6: [],
    up: true,
    internal: false,
    isDefault: false,
    ...extra,
  };
}

const machine: InterfacesResult = {
  defaultInterface: 'wlan0',
  interfaces: [
    nic('lo', ['127.0.0.0/8'], { internal: true }),
    nic('br-t', ['10.213.0.0/24'], { mac: '02:00:00:00:00:01' }),
    nic('wlan0', ['192.168.1.0/24'], { gateway: '192.168.1.1', mac: 'aa:bb:cc:dd:ee:ff', isDefault: true }),
    nic('eth1', ['172.16.0.0/16'], { up: false }),
    nic('tun0', ['10.8.0.5/32']),
  ],
};

const cases: Array<{ name: string; iface?: string; subnets?: string[]; expect: unknown }> = [
  {
    name: 'interfaces: up, non-internal, default first, /32 skipped',
    expect: {
      targets: [
        { cidr: '192.168.1.0/24', interface: 'wlan0', gateway: '192.168.1.1', mac: 'aa:bb:cc:dd:ee:ff' },
        { cidr: '10.213.0.0/24', interface: 'br-t', gateway: undefined, mac: '02:00:00:00:00:01' },
      ],
    },
  },
  {
    name: 'restricted to the configured interface',
    iface: 'br-t',
    expect: { targets: [{ cidr: '10.213.0.0/24', interface: 'br-t', gateway: undefined, mac: '02:00:00:00:00:01' }] },
  },
  {
    name: 'configured subnets win, matched to their interface',
    subnets: ['192.168.1.0/25', '10.99.0.0/16'],
    expect: {
      targets: [
        { cidr: '192.168.1.0/25', interface: 'wlan0', gateway: '192.168.1.1', mac: 'aa:bb:cc:dd:ee:ff' },
        { cidr: '10.99.0.0/16', interface: undefined, gateway: undefined, mac: undefined },
      ],
    },
  },
];

for (const c of cases) {
  test(`scanTargets: ${c.name}`, () => {
    assert.deepEqual(scanTargets({ scanInterface: c.iface ?? '', scanSubnets: c.subnets ?? [] }, machine), c.expect);
  });
}

const empty: Array<{ name: string; iface: string; reason: RegExp }> = [
  {
    name: 'unknown interface',
    iface: 'eth7',
    reason: /no interface named "eth7" \(setting lanLens\.scan\.interface\)/,
  },
  { name: 'interface down', iface: 'eth1', reason: /"eth1" .*is down or has no IPv4 subnet/ },
  { name: 'only a /32', iface: 'tun0', reason: /"tun0"/ },
];
for (const c of empty) {
  test(`scanTargets: none, ${c.name}`, () => {
    const choice = scanTargets({ scanInterface: c.iface, scanSubnets: [] }, machine);
    assert.ok('reason' in choice);
    assert.match(choice.reason, c.reason);
  });
}

test('scanTargets: no network at all names lanLens.scan.subnets', () => {
  const choice = scanTargets({ scanInterface: '', scanSubnets: [] }, { interfaces: [machine.interfaces[0]] });
  assert.ok('reason' in choice);
  assert.match(choice.reason, /lanLens\.scan\.subnets/);
});
