import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceStore, mergeDevice } from '../../../src/extension/views/deviceStore';
import type { TreeNode } from '../../../src/extension/views/deviceTreeModel';
import { device } from './deviceFixtures';

const MIN = 60_000;
const t0 = Date.UTC(2024, 4, 1, 12, 0);
const keys = (nodes: TreeNode[]) => nodes.map((n) => n.key);

test('first devices of a subnet change the root; groups and devices come back sorted', () => {
  const store = new DeviceStore();
  const change = store.merge([
    device({ ip: '10.213.0.10' }),
    device({ ip: '10.213.0.9' }),
    device({ ip: '192.168.1.5', subnet: '192.168.1.0/24', interface: 'eth0' }),
  ]);
  assert.deepEqual(change, { root: true, nodes: [] });
  const groups = store.groups();
  assert.deepEqual(keys(groups), ['br-t|10.213.0.0/24', 'eth0|192.168.1.0/24']);
  const first = groups[0];
  assert.ok(first?.kind === 'group');
  assert.deepEqual(
    store.devicesOf(first).map((n) => n.device.ip),
    ['10.213.0.9', '10.213.0.10'],
  );
});

test('a rescan refreshes only what changed; node objects are stable', () => {
  const store = new DeviceStore();
  store.merge([device({ ip: '10.213.0.1' }), device({ ip: '10.213.0.2' }), device({ ip: '10.213.0.3' })]);
  const group = store.group('br-t', '10.213.0.0/24');
  assert.ok(group);
  const before = store.devicesOf(group);

  // Same minute, same facts: nothing to refresh.
  assert.deepEqual(store.merge([device({ ip: '10.213.0.1', lastSeen: t0 + 1_000 })]), { root: false, nodes: [] });

  // A name arrives for .2: only .2 refreshes.
  const named = store.merge([device({ ip: '10.213.0.2', hostname: 'printer' }), device({ ip: '10.213.0.3' })]);
  assert.deepEqual(keys(named.nodes), ['br-t|10.213.0.0/24|10.213.0.2']);
  assert.equal(named.nodes[0], before[1], 'the same node object');

  // A new device: the group refreshes (its children changed), not each device.
  const added = store.merge([device({ ip: '10.213.0.4' }), device({ ip: '10.213.0.1', vendor: 'Cisco Systems, Inc' })]);
  assert.deepEqual(keys(added.nodes), ['br-t|10.213.0.0/24']);
  assert.deepEqual(store.devicesOf(group).slice(0, 3), before);
});

test('a completed scan marks unseen devices, and seeing them again clears it', () => {
  const store = new DeviceStore();
  store.merge([device({ ip: '10.213.0.1' }), device({ ip: '10.213.0.2' })]);
  const gone = store.markScanned('br-t', '10.213.0.0/24', new Set(['10.213.0.1']));
  assert.deepEqual(keys(gone.nodes), ['br-t|10.213.0.0/24|10.213.0.2']);
  const node = gone.nodes[0];
  assert.ok(node?.kind === 'device' && !node.seenInLastScan);
  assert.deepEqual(store.markScanned('br-t', '10.213.0.0/24', new Set(['10.213.0.1'])).nodes, [], 'idempotent');
  const back = store.merge([device({ ip: '10.213.0.2' })]);
  assert.deepEqual(keys(back.nodes), ['br-t|10.213.0.0/24|10.213.0.2']);
  assert.ok(node.seenInLastScan);
  assert.deepEqual(store.markScanned('eth9', '10.9.0.0/16', new Set()).nodes, [], 'unknown group is a no-op');
});

test('mergeDevice keeps firstSeen and known facts, but not across a MAC change', () => {
  const known = device({
    ip: '10.213.0.7',
    mac: 'aa:aa:aa:aa:aa:aa',
    vendor: 'Apple, Inc.',
    hostname: 'phone',
    hostnameSource: 'mdns',
    firstSeen: t0,
    lastSeen: t0,
  });
  const later = device({
    ip: '10.213.0.7',
    mac: 'aa:aa:aa:aa:aa:aa',
    methods: ['tcp'],
    firstSeen: t0 + 5 * MIN,
    lastSeen: t0 + 5 * MIN,
    rttMs: 3,
  });
  assert.deepEqual(mergeDevice(known, later), {
    ...later,
    vendor: 'Apple, Inc.',
    hostname: 'phone',
    hostnameSource: 'mdns',
    methods: ['arp', 'tcp'],
    openPorts: undefined,
    firstSeen: t0,
    lastSeen: t0 + 5 * MIN,
  });
  const other = device({ ip: '10.213.0.7', mac: 'bb:bb:bb:bb:bb:bb', firstSeen: t0 + MIN, lastSeen: t0 + MIN });
  assert.deepEqual(mergeDevice(known, other), other);
});
