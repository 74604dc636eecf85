// The rules the extension's store and the dashboard both fold ticks by, where the two once
// differed: passive devices per interface and address, names per address and name, late rate
// samples, a last packet time that never goes back, and eviction at exactly the cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressName, newestByAddress } from '../../../src/shared/traffic/addressNames';
import { TRAFFIC_VIEW_LIMITS } from '../../../src/shared/traffic/trafficLimits';
import { TrafficState } from '../../../src/shared/traffic/trafficState';
import { delta, flow, passive, snapshot } from './trafficFixtures';

const rate = (time: number, packets: number) => ({ time, durationMs: 1000, packets, bytes: packets * 100 });

test('the same address on two interfaces is two passive devices', () => {
  const state = new TrafficState();
  state.load(snapshot('c1', { tick: 1, devices: [passive('10.0.0.7', 1, { interface: 'eth0' })] }));
  const result = state.apply(delta('c1', 2, { devices: [passive('10.0.0.7', 2, { interface: 'eth1' })] }));
  assert.equal(result.kind, 'merged');
  assert.deepEqual(
    [...state.passive.values()].map((row) => row.interface),
    ['eth0', 'eth1'],
  );
  assert.equal(newestByAddress(state.passive.values(), (row) => row.ip).get('10.0.0.7')?.interface, 'eth1');
});

test('an address keeps every name it was given; the one learnt last stands for it', () => {
  const state = new TrafficState();
  state.load(snapshot('c1', { tick: 1, dnsNames: [{ addr: '10.0.0.2', name: 'a.lab', source: 'dns', lastSeen: 1 }] }));
  state.apply(delta('c1', 2, { dnsNames: [{ addr: '10.0.0.2', name: 'nas', source: 'mdns', lastSeen: 2 }] }));
  assert.equal(state.dnsNames.size, 2);
  const dns = newestByAddress(state.dnsNames.values(), (row) => row.addr).get('10.0.0.2');
  assert.equal(dns?.name, 'nas');
  assert.equal(addressName({ dns, device: { ip: '10.0.0.2', hostname: 'my-nas' } }), 'my-nas');
  assert.equal(addressName({ dns: undefined, host: undefined }), undefined);
});

test('a late second goes in its place; an older one than a full ring holds is dropped', () => {
  const state = new TrafficState({ ...TRAFFIC_VIEW_LIMITS, rateSamples: 3 });
  state.load(snapshot('c1', { tick: 1, rates: [rate(1000, 1), rate(3000, 3)] }));
  state.apply(delta('c1', 2, { rates: [rate(2000, 2)] }));
  assert.deepEqual(
    state.rates.toArray().map((sample) => sample.time),
    [1000, 2000, 3000],
  );
  state.apply(delta('c1', 3, { rates: [rate(500, 9), rate(3000, 4), rate(4000, 5)] }));
  assert.deepEqual(
    state.rates.toArray().map((sample) => [sample.time, sample.packets]),
    [
      [2000, 2],
      [3000, 4],
      [4000, 5],
    ],
  );
});

test('a tick without packets leaves the last packet time where it was', () => {
  const state = new TrafficState();
  state.load(snapshot('c1', { tick: 4, firstPacketTime: 100, lastPacketTime: 900 }));
  state.apply(delta('c1', 5, { lastPacketTime: 0 }));
  assert.equal(state.lastPacketTime, 900);
  assert.equal(state.firstPacketTime, 100);
});

test('rows beyond the cap go at once, oldest first; of equal age the later row goes', () => {
  const state = new TrafficState({ ...TRAFFIC_VIEW_LIMITS, flows: 3 });
  state.load(snapshot('c1', { tick: 1, flows: [flow('a', 5), flow('b', 5), flow('c', 9)] }));
  const result = state.apply(delta('c1', 2, { flows: [flow('d', 5)] }));
  assert.deepEqual(result.kind === 'merged' && result.changes.flows, true);
  assert.deepEqual([...state.flows.keys()], ['a', 'b', 'c']);
});

test('nothing loaded, or a file loaded, takes no delta', () => {
  const state = new TrafficState();
  state.load(undefined);
  assert.deepEqual(state.apply(delta('c1', 1)), { kind: 'stale' });
  state.load({ ...snapshot('c1'), source: { kind: 'file', path: '/x.pcap', format: 'pcap', linkTypes: [1] } });
  assert.deepEqual(state.apply(delta('c1', 1)), { kind: 'stale' });
  assert.throws(() => new TrafficState().snapshot(), /no capture/);
});
