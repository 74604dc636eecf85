import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrafficSnapshot } from '../../../src/shared/model/traffic';
import type { MergeResult } from '../../../src/shared/traffic/mergeDelta';
import { mergeDelta } from '../../../src/shared/traffic/mergeDelta';
import { TRAFFIC_VIEW_LIMITS } from '../../../src/shared/traffic/trafficLimits';
import { counters, delta, flow, host, packet, passive, snapshot } from './trafficFixtures';

function merged(result: MergeResult): TrafficSnapshot {
  assert.equal(result.kind, 'merged', JSON.stringify(result));
  return (result as { snapshot: TrafficSnapshot }).snapshot;
}

test('the next tick replaces rows by key, appends new ones and takes its counters', () => {
  const before = snapshot('c1', { tick: 3, flows: [flow('a', 10), flow('b', 11)], hosts: [host('10.0.0.1', 10)] });
  const after = merged(
    mergeDelta(
      before,
      delta('c1', 4, {
        counters: counters(77, 2),
        flows: [flow('b', 20, 5), flow('c', 21)],
        hosts: [host('10.0.0.2', 21)],
        lastPacketTime: 21,
      }),
    ),
  );
  assert.deepEqual(
    after.flows.map((row) => [row.id, row.packetsAtoB]),
    [
      ['a', 1],
      ['b', 5],
      ['c', 1],
    ],
  );
  assert.deepEqual(
    after.hosts.map((row) => row.addr),
    ['10.0.0.1', '10.0.0.2'],
  );
  assert.equal(after.tick, 4);
  assert.equal(after.counters.packets, 77);
  assert.equal(after.counters.kernelDrops, 2);
  assert.equal(after.lastPacketTime, 21);
  // The input is left as it was: the store hands both to listeners.
  assert.equal(before.flows.length, 2);
  assert.equal(before.tick, 3);
});

test('removed rows go', () => {
  const before = snapshot('c1', { tick: 1, flows: [flow('a', 1), flow('b', 2)], hosts: [host('10.0.0.1', 1)] });
  const after = merged(
    mergeDelta(before, delta('c1', 2, { removed: { flows: ['a'], hosts: ['10.0.0.1'], conversations: [] } })),
  );
  assert.deepEqual(
    after.flows.map((row) => row.id),
    ['b'],
  );
  assert.deepEqual(after.hosts, []);
});

test('a gap in tick numbers asks for a snapshot; an old or foreign delta is stale', () => {
  const before = snapshot('c1', { tick: 5 });
  assert.deepEqual(mergeDelta(before, delta('c1', 7)), { kind: 'missed', expected: 6, got: 7 });
  assert.deepEqual(mergeDelta(before, delta('c1', 5)), { kind: 'stale' });
  assert.deepEqual(mergeDelta(before, delta('c1', 2)), { kind: 'stale' });
  assert.deepEqual(mergeDelta(before, delta('other', 6)), { kind: 'stale' });
});

test('a snapshot without a tick number takes whatever delta comes next', () => {
  const after = merged(mergeDelta(snapshot('c1', { tick: undefined }), delta('c1', 42)));
  assert.equal(after.tick, 42);
  assert.equal(merged(mergeDelta(after, delta('c1', 43))).tick, 43);
});

test('recent packets append after the last held one and stay within the cap', () => {
  const limits = { ...TRAFFIC_VIEW_LIMITS, recentPackets: 4 };
  const before = snapshot('c1', { tick: 1, recent: [packet(1), packet(2), packet(3)] });
  // Packets 2 and 3 are repeated (already in the snapshot), 4…6 are new.
  const after = merged(mergeDelta(before, delta('c1', 2, { recent: [2, 3, 4, 5, 6].map((i) => packet(i)) }), limits));
  assert.deepEqual(
    after.recent.map((p) => p.index),
    [3, 4, 5, 6],
  );
});

test('rate samples merge by second, oldest first, within the cap', () => {
  const limits = { ...TRAFFIC_VIEW_LIMITS, rateSamples: 3 };
  const sample = (time: number, packets: number) => ({ time, durationMs: 1000, packets, bytes: packets * 100 });
  const before = snapshot('c1', { tick: 1, rates: [sample(1000, 1), sample(2000, 2)] });
  const after = merged(
    mergeDelta(before, delta('c1', 2, { rates: [sample(2000, 5), sample(3000, 3), sample(4000, 4)] }), limits),
  );
  assert.deepEqual(
    after.rates.map((s) => [s.time, s.packets]),
    [
      [2000, 5],
      [3000, 3],
      [4000, 4],
    ],
  );
});

test('tables beyond their cap lose the least recently seen rows', () => {
  const limits = { ...TRAFFIC_VIEW_LIMITS, flows: 3, devices: 2 };
  const before = snapshot('c1', {
    tick: 1,
    flows: [flow('old', 1), flow('mid', 5), flow('new', 9)],
    devices: [passive('10.0.0.7', 1), passive('10.0.0.8', 8)],
  });
  const after = merged(
    mergeDelta(
      before,
      delta('c1', 2, { flows: [flow('fresh', 10)], devices: [passive('10.0.0.9', 9, { hostname: 'cam' })] }),
      limits,
    ),
  );
  assert.deepEqual(
    after.flows.map((row) => row.id),
    ['mid', 'new', 'fresh'],
  );
  assert.deepEqual(
    after.devices.map((row) => row.ip),
    ['10.0.0.8', '10.0.0.9'],
  );
});

test('a passive device is one row per interface and address, updated in place', () => {
  const before = snapshot('c1', { tick: 1, devices: [passive('10.0.0.7', 1), passive('10.0.0.8', 2)] });
  const after = merged(
    mergeDelta(before, delta('c1', 2, { devices: [passive('10.0.0.7', 5, { source: 'dhcp', hostname: 'tv' })] })),
  );
  assert.deepEqual(
    after.devices.map((row) => [row.ip, row.hostname]),
    [
      ['10.0.0.7', 'tv'],
      ['10.0.0.8', undefined],
    ],
  );
});

test('protocol rows replace by path; DNS names key by address and name', () => {
  const before = snapshot('c1', {
    tick: 1,
    protocols: [{ path: 'eth', frames: 1, bytes: 60 }],
    dnsNames: [{ addr: '10.0.0.2', name: 'a.lab', source: 'dns', lastSeen: 1 }],
  });
  const after = merged(
    mergeDelta(
      before,
      delta('c1', 2, {
        protocols: [
          { path: 'eth', frames: 3, bytes: 180 },
          { path: 'eth:ethertype:ip', frames: 2, bytes: 120 },
        ],
        dnsNames: [
          { addr: '10.0.0.2', name: 'a.lab', source: 'dns', lastSeen: 2 },
          { addr: '10.0.0.2', name: 'b.lab', source: 'dns', lastSeen: 2 },
        ],
      }),
    ),
  );
  assert.deepEqual(
    after.protocols.map((row) => [row.path, row.frames]),
    [
      ['eth', 3],
      ['eth:ethertype:ip', 2],
    ],
  );
  assert.deepEqual(
    after.dnsNames.map((row) => [row.name, row.lastSeen]),
    [
      ['a.lab', 2],
      ['b.lab', 2],
    ],
  );
});

test('the first packet time comes from the first delta that has packets', () => {
  const first = merged(mergeDelta(snapshot('c1'), delta('c1', 1)));
  assert.equal(first.firstPacketTime, 0);
  const second = merged(mergeDelta(first, delta('c1', 2, { recent: [packet(1, 5000)], flows: [flow('a', 5001)] })));
  assert.equal(second.firstPacketTime, 5000);
  const third = merged(mergeDelta(second, delta('c1', 3, { recent: [packet(2, 9000)] })));
  assert.equal(third.firstPacketTime, 5000);
});

test('the final delta of a stopped capture marks it not running', () => {
  const after = merged(mergeDelta(snapshot('c1', { tick: 8 }), delta('c1', 9, { running: false })));
  assert.equal(after.running, false);
});

test('a thousand ticks of churn stay within every cap', () => {
  const limits = { ...TRAFFIC_VIEW_LIMITS, flows: 50, hosts: 20, recentPackets: 100, rateSamples: 30, devices: 10 };
  let state = snapshot('c1');
  for (let tick = 1; tick <= 1000; tick++) {
    const d = delta('c1', tick, {
      flows: [flow(`f${tick}`, tick), flow(`f${tick % 7}`, tick)],
      hosts: [host(`10.0.${tick % 256}.${tick % 200}`, tick)],
      recent: [packet(tick * 2 - 1), packet(tick * 2)],
      rates: [{ time: tick * 1000, durationMs: 1000, packets: 2, bytes: 120 }],
      devices: [passive(`10.1.0.${tick % 250}`, tick)],
    });
    state = merged(mergeDelta(state, d, limits));
  }
  assert.equal(state.flows.length, 50);
  assert.equal(state.hosts.length, 20);
  assert.equal(state.recent.length, 100);
  assert.equal(state.recent.at(-1)?.index, 2000);
  assert.equal(state.rates.length, 30);
  assert.equal(state.devices.length, 10);
  // The survivors are the newest.
  assert.ok(state.flows.every((row) => row.lastSeen > 1000 - 50));
});
