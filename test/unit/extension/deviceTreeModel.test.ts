import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Device } from '../../../src/shared/model/device';
import { deviceKind } from '../../../src/shared/deviceKind';
import type { DeviceNode, GroupNode } from '../../../src/extension/views/deviceTreeModel';
import { compareIp, deviceView, groupView } from '../../../src/extension/views/deviceTreeModel';
import { displayText } from '../../../src/shared/format/displayText';
import { device } from './deviceFixtures';

process.env.TZ = 'UTC';

function node(d: Device, seenInLastScan = true): DeviceNode {
  const group: GroupNode = {
    kind: 'group',
    key: 'br-t|10.213.0.0/24',
    interface: 'br-t',
    subnet: d.subnet,
    devices: new Map(),
  };
  return { kind: 'device', key: `${group.key}|${d.ip}`, group, device: d, seenInLastScan };
}

const views: Array<{
  name: string;
  device: Device;
  seen?: boolean;
  label: string;
  description?: string;
  icon: string;
  context: string;
}> = [
  {
    name: 'bare IP',
    device: device({ ip: '10.213.0.9' }),
    label: '10.213.0.9',
    icon: 'device-desktop',
    context: 'device',
  },
  {
    name: 'hostname and vendor',
    device: device({ ip: '10.213.0.9', hostname: 'nas.lan', vendor: 'Synology Inc.', mac: '00:11:32:aa:bb:cc' }),
    label: 'nas.lan',
    description: '10.213.0.9 · Synology Inc.',
    icon: 'device-desktop',
    context: 'deviceWithMac',
  },
  {
    name: 'vendor only: the IP is the label, not repeated',
    device: device({ ip: '10.213.0.20', vendor: 'Raspberry Pi Trading Ltd' }),
    label: '10.213.0.20',
    description: 'Raspberry Pi Trading Ltd',
    icon: 'circuit-board',
    context: 'device',
  },
  {
    name: 'gateway',
    device: device({ ip: '10.213.0.1', isGateway: true, vendor: 'Apple, Inc.' }),
    label: '10.213.0.1',
    description: 'Apple, Inc. · gateway',
    icon: 'globe',
    context: 'device',
  },
  {
    name: 'this machine',
    device: device({ ip: '10.213.0.2', isSelf: true, hostname: 'me' }),
    label: 'me',
    description: '10.213.0.2 · this machine',
    icon: 'home',
    context: 'device',
  },
  {
    name: 'not seen in last scan',
    device: device({ ip: '10.213.0.3', vendor: 'VMware, Inc.' }),
    seen: false,
    label: '10.213.0.3',
    description: 'VMware, Inc. · not seen in last scan',
    icon: 'vm',
    context: 'device',
  },
  {
    name: 'hostile hostname',
    device: device({ ip: '10.213.0.4', hostname: 'evil\n**Gateway: yes**\u202e', vendor: '   ' }),
    label: 'evil **Gateway: yes**',
    description: '10.213.0.4',
    icon: 'device-desktop',
    context: 'device',
  },
];

for (const c of views) {
  test(`deviceView: ${c.name}`, () => {
    const view = deviceView(node(c.device, c.seen ?? true));
    assert.equal(view.label, c.label);
    assert.equal(view.description, c.description);
    assert.equal(view.icon, c.icon);
    assert.equal(view.contextValue, c.context);
    assert.equal(view.dimmed, c.seen === false);
    assert.equal(view.id, `device:br-t|10.213.0.0/24|${c.device.ip}`);
  });
}

test('tooltip lists every field as plain text, one per line', () => {
  const d = device({
    ip: '10.213.0.9',
    mac: '00:11:32:aa:bb:cc',
    vendor: 'Synology Inc.',
    hostname: 'nas.lan',
    hostnameSource: 'mdns',
    rttMs: 0.42,
    methods: ['arp', 'neighbor'],
    openPorts: [22, 443],
    lastSeen: Date.UTC(2024, 4, 1, 12, 5, 30),
  });
  assert.equal(
    deviceView(node(d, false)).tooltip,
    [
      'IP: 10.213.0.9',
      'MAC: 00:11:32:aa:bb:cc',
      'Vendor: Synology Inc.',
      'Hostname: nas.lan (from mDNS)',
      'Round trip: 0.4 ms',
      'Gateway: no',
      'This machine: no',
      'Interface: br-t',
      'Subnet: 10.213.0.0/24',
      'First seen: 2024-05-01 12:00',
      'Last seen: 2024-05-01 12:05',
      'Found by: ARP reply, kernel neighbour table',
      'Open ports: 22, 443',
      'Not seen in the last completed scan of this subnet.',
    ].join('\n'),
  );
  const hostile = deviceView(node(device({ ip: '10.213.0.4', hostname: 'a\nIP: 1.2.3.4' }))).tooltip;
  assert.equal(hostile.split('\n').filter((line) => line.startsWith('IP:')).length, 1, 'no forged lines');
  assert.match(deviceView(node(device({ ip: '10.213.0.5' }))).tooltip, /MAC: unknown\n.*Vendor: unknown/s);
  assert.match(deviceView(node(device({ ip: '10.213.0.5' }))).tooltip, /Open ports: not probed/);
});

test('groupView', () => {
  const group: GroupNode = {
    kind: 'group',
    key: 'br-t|10.213.0.0/24',
    interface: 'br-t',
    subnet: '10.213.0.0/24',
    devices: new Map(),
  };
  const view = groupView(group);
  assert.equal(view.label, 'br-t · 10.213.0.0/24');
  assert.equal(view.description, '0 devices');
  assert.equal(view.id, 'group:br-t|10.213.0.0/24');
  assert.equal(view.contextValue, 'group');
  assert.equal(view.expandable, true);
  // VS Code aligns an icon with the twistie row by row, looking at its siblings' states, unless the
  // parent has an icon of its own: with one, device rows keep one indent however they refresh.
  assert.equal(view.icon, 'type-hierarchy-sub');
});

test('compareIp sorts numerically, non-IPv4 last', () => {
  const ips = ['10.0.0.10', 'fe80::1', '10.0.0.9', '9.255.255.255', '10.0.1.0', '10.0.0.100'];
  assert.deepEqual([...ips].sort(compareIp), [
    '9.255.255.255',
    '10.0.0.9',
    '10.0.0.10',
    '10.0.0.100',
    '10.0.1.0',
    'fe80::1',
  ]);
});

const kinds: Array<[string | undefined, string]> = [
  ['Espressif Inc.', 'embedded'],
  ['Raspberry Pi (Trading) Ltd', 'embedded'],
  ['Apple, Inc.', 'phone'],
  ['Samsung Electronics Co.,Ltd', 'phone'],
  ['VMware, Inc.', 'virtual'],
  ['QEMU virtual NIC', 'virtual'],
  ['XENSOURCE, INC.', 'virtual'],
  ['Ubiquiti Inc', 'network'],
  ['Dell Inc.', 'computer'],
  [undefined, 'computer'],
];
for (const [vendor, kind] of kinds) {
  test(`deviceKind: ${vendor ?? 'no vendor'} → ${kind}`, () => {
    assert.equal(deviceKind({ vendor, isGateway: false, isSelf: false }), kind);
  });
}

test('gateway and self outrank the vendor guess', () => {
  assert.equal(deviceKind({ vendor: 'Apple, Inc.', isGateway: true, isSelf: true }), 'gateway');
  assert.equal(deviceKind({ vendor: 'Apple, Inc.', isGateway: false, isSelf: true }), 'self');
});

test('displayText strips controls and bidi marks, caps length', () => {
  assert.equal(displayText('a\u0000b\u202ec\td'), 'abc d');
  assert.equal(displayText(' \n '), undefined);
  assert.equal(displayText('x'.repeat(10), 5), 'xxxx…');
  assert.equal(displayText(undefined), undefined);
});
