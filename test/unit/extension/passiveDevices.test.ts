import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passiveDevice, placePassive } from '../../../src/extension/capture/passiveDevices';
import { DeviceStore } from '../../../src/extension/views/deviceStore';
import { deviceView } from '../../../src/extension/views/deviceTreeModel';
import type { NetworkInterfaceInfo } from '../../../src/shared/model/network';
import type { PassiveDevice } from '../../../src/shared/model/traffic';
import { device } from './deviceFixtures';

const eth0: NetworkInterfaceInfo = {
  name: 'eth0',
  ipv4: [{ address: '192.168.1.2', prefixLength: 24, cidr: '192.168.1.0/24' }],
  ipv6: [],
  up: true,
  internal: false,
  isDefault: true,
};
const brT: NetworkInterfaceInfo = {
  ...eth0,
  name: 'br-t',
  ipv4: [{ address: '10.213.0.1', prefixLength: 16, cidr: '10.213.0.0/16' }],
  isDefault: false,
};
// br-t's scanned /24 inside its /16, and a subnet scanned by routing through eth0
const groups = [
  { interface: 'br-t', subnet: '10.213.0.0/24' },
  { interface: 'eth0', subnet: '10.9.9.0/24' },
];

const placements: Array<[string, string, string | undefined]> = [
  ['10.213.0.7', 'br-t', 'br-t|10.213.0.0/24'],
  ['10.213.0.7', 'any', 'br-t|10.213.0.0/24'],
  ['192.168.1.40', 'eth0', 'eth0|192.168.1.0/24'],
  ['192.168.1.40', 'any', 'eth0|192.168.1.0/24'],
  ['10.213.7.7', 'br-t', 'br-t|10.213.0.0/16'], // the interface's own subnet, no group yet
  ['10.213.0.7', 'eth0', undefined], // seen on eth0, which does not hold 10.213.0.0/24
  ['10.9.9.5', 'eth0', undefined], // a routed subnet: an ARP or DHCP claim there is a lie
  ['172.16.0.1', 'eth0', undefined],
  ['0.0.0.0', 'eth0', undefined], // a DHCP client before it has an address
  ['255.255.255.255', 'eth0', undefined],
  ['224.0.0.251', 'eth0', undefined],
  ['192.168.1.255', 'eth0', undefined],
  ['192.168.1.0', 'eth0', undefined],
  ['fe80::1', 'eth0', undefined],
];

for (const [ip, iface, expected] of placements) {
  test(`a sighting of ${ip} on ${iface} goes to ${expected ?? 'nowhere'}`, () => {
    const place = placePassive({ ip, interface: iface }, groups, [eth0, brT]);
    assert.equal(place && `${place.interface}|${place.subnet}`, expected);
  });
}

test('a host a port scan answered for goes to the routed subnet the tree holds', () => {
  const place = placePassive({ ip: '10.9.9.5', interface: 'any' }, groups, [eth0, brT], true);
  assert.equal(place && `${place.interface}|${place.subnet}`, 'eth0|10.9.9.0/24');
});

const dhcp: PassiveDevice = {
  ip: '10.213.0.7',
  mac: '02:00:00:00:00:07',
  hostname: 'printer',
  source: 'dhcp',
  interface: 'br-t',
  lastSeen: Date.UTC(2024, 4, 1, 12, 0),
};

test('a new passive device shows as seen passively, with its DHCP name', () => {
  const store = new DeviceStore();
  store.mergePassive([passiveDevice(dhcp, { interface: 'br-t', subnet: '10.213.0.0/24' })]);
  const [node] = store.nodesFor('10.213.0.7');
  assert.ok(node);
  const view = deviceView(node);
  assert.equal(view.label, 'printer');
  assert.equal(view.description, '10.213.0.7 · seen passively');
  assert.match(view.tooltip, /^Hostname: printer \(from DHCP\)$/m);
  assert.match(view.tooltip, /^Found by: captured traffic$/m);
});

test('a sighting of a scanned device only fills gaps: the gateway stays the gateway, its name stays', () => {
  const store = new DeviceStore();
  store.merge([device({ ip: '10.213.0.7', isGateway: true, hostname: 'gw.lab', hostnameSource: 'dns', rttMs: 0.3 })]);
  const change = store.mergePassive([passiveDevice(dhcp, { interface: 'br-t', subnet: '10.213.0.0/24' })]);
  const [node] = store.nodesFor('10.213.0.7');
  assert.ok(node);
  assert.equal(node.device.isGateway, true);
  assert.equal(node.device.hostname, 'gw.lab');
  assert.equal(node.device.mac, '02:00:00:00:00:07', 'the MAC it lacked');
  assert.deepEqual(node.device.methods, ['arp', 'passive']);
  assert.deepEqual(change.nodes, [node]);
  assert.doesNotMatch(deviceView(node).description ?? '', /seen passively/);
  // Seen again: nothing changed, nothing to refresh.
  assert.deepEqual(store.mergePassive([passiveDevice(dhcp, { interface: 'br-t', subnet: '10.213.0.0/24' })]).nodes, []);
});

test('a hostile DHCP hostname is shown as plain, single-line text', () => {
  const store = new DeviceStore();
  const evil = { ...dhcp, hostname: '<img src=x onerror=alert(1)>\nMAC: forged' };
  store.mergePassive([passiveDevice(evil, { interface: 'br-t', subnet: '10.213.0.0/24' })]);
  const [node] = store.nodesFor('10.213.0.7');
  assert.ok(node);
  const view = deviceView(node);
  assert.equal(view.label, '<img src=x onerror=alert(1)> MAC: forged');
  assert.equal(view.tooltip.split('\n').filter((line) => line.startsWith('MAC:')).length, 1);
});

test('a flood of spoofed sightings is capped: the longest unseen passive-only devices go, scanned ones stay', () => {
  const store = new DeviceStore();
  const place = { interface: 'br-t', subnet: '10.213.0.0/16' };
  store.merge([device({ ip: '10.213.0.1', subnet: place.subnet, lastSeen: 0 })]);
  const sighting = (i: number): PassiveDevice => ({
    ...dhcp,
    ip: `10.213.${(i >> 7) + 1}.${(i & 0x7f) + 1}`,
    mac: undefined,
    hostname: undefined,
    lastSeen: 1_000 + i,
  });
  // 30 batches of 100 new addresses each against a limit of 1,000
  for (let batch = 0; batch < 30; batch++) {
    const devices = Array.from({ length: 100 }, (_, i) => passiveDevice(sighting(batch * 100 + i + 1), place));
    const change = store.mergePassive(devices, 1000);
    if (batch >= 10) assert.equal(change.root, true, 'an eviction refreshes the whole tree');
  }
  const all = store.allDevices();
  assert.equal(all.length, 1001, 'the limit plus the scanned device');
  assert.ok(store.nodesFor('10.213.0.1').length === 1, 'the scanned device stays though it is the oldest');
  const kept = all.filter((node) => node.device.methods.includes('passive')).map((node) => node.device.lastSeen);
  assert.equal(Math.min(...kept), 1_000 + 2001, 'the newest 1,000 sightings are kept');
});
