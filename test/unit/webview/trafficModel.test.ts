// The dashboard's model: a state, then ticks; gaps and stale ticks detected; memory bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DashboardState } from '../../../src/shared/webviewProtocol';
import { limits, TrafficModel } from '../../../src/webview/traffic/trafficModel';
import { syntheticSnapshot, syntheticTick } from '../../fixtures/syntheticTraffic';

const now = 1_700_000_000_000;

function state(overrides: Partial<DashboardState> = {}): DashboardState {
  return {
    mode: 'live',
    traffic: syntheticSnapshot({ flows: 100, hosts: 20, packets: 500, now }),
    bandwidth: [],
    interfaces: [],
    captureStatus: { available: true },
    recording: true,
    devices: [{ ip: '10.213.77.1', hostname: 'gw.lab' }],
    packetCount: 0,
    ...overrides,
  };
}

test('a state fills every table', () => {
  const model = new TrafficModel();
  const s = state();
  model.reset(s);
  assert.equal(model.flows.size, 100);
  assert.equal(model.hosts.size, 20);
  assert.equal(model.recent.size, 500);
  assert.equal(model.rates.size, 300);
  assert.equal(model.tick, 300);
  assert.equal(model.captureId, 'cap-1');
  assert.equal(model.devices.get('10.213.77.1')?.hostname, 'gw.lab');
});

test('ticks replace rows by id, append packets and samples, and bump only what changed', () => {
  const model = new TrafficModel();
  const s = state();
  model.reset(s);
  const before = { ...model.versions };
  const delta = syntheticTick(s.traffic!, 301, { share: 0.1, packetsPerTick: 50 });
  delta.protocols = [];
  assert.equal(model.applyTick({ traffic: delta }), 'applied');
  assert.equal(model.tick, 301);
  for (const flow of delta.flows) assert.deepEqual(model.flows.get(flow.id), flow);
  assert.equal(model.flows.size, 100);
  assert.equal(model.recent.size, 550);
  assert.equal(model.recent.last()?.index, delta.recent[delta.recent.length - 1]?.index);
  assert.equal(model.versions.flows, before.flows + 1);
  assert.equal(model.versions.recent, before.recent + 1);
  assert.equal(model.versions.protocols, before.protocols, 'no protocol rows: no redraw');
  assert.equal(model.versions.bandwidth, before.bandwidth);
});

test('removed rows go; a missed tick asks for a snapshot; old or foreign ticks are ignored', () => {
  const model = new TrafficModel();
  const s = state();
  model.reset(s);
  const delta = syntheticTick(s.traffic!, 301, { share: 0, packetsPerTick: 0 });
  delta.removed.flows = ['f1', 'f2'];
  assert.equal(model.applyTick({ traffic: delta }), 'applied');
  assert.equal(model.flows.has('f1'), false);
  assert.equal(model.flows.size, 98);
  assert.equal(model.applyTick({ traffic: { ...delta, tick: 301 } }), 'stale');
  assert.equal(model.applyTick({ traffic: { ...delta, tick: 303 } }), 'gap');
  assert.equal(model.tick, 301, 'a gap changes nothing');
  assert.equal(model.applyTick({ traffic: { ...delta, tick: 302, captureId: 'other' } }), 'stale');
  assert.equal(model.applyTick({ traffic: { ...delta, tick: 302 } }), 'applied');
});

test('without a tick number in the snapshot the first delta is taken as it comes', () => {
  const model = new TrafficModel();
  const s = state();
  delete s.traffic!.tick;
  model.reset(s);
  const delta = syntheticTick(s.traffic!, 17, { share: 0, packetsPerTick: 1 });
  assert.equal(model.applyTick({ traffic: delta }), 'applied');
  assert.equal(model.applyTick({ traffic: { ...delta, tick: 19 } }), 'gap');
});

test('the recent ring and the sample rings stay bounded over hours of ticks', () => {
  const model = new TrafficModel();
  const s = state();
  model.reset(s);
  for (let tick = 301; tick < 301 + 400; tick++) {
    const delta = syntheticTick(s.traffic!, tick, { share: 0.01, packetsPerTick: 100 });
    assert.equal(
      model.applyTick({ traffic: delta, bandwidth: { time: now + tick * 1000, interfaces: [] } }),
      'applied',
    );
  }
  assert.equal(model.recent.size, limits.recentPackets);
  assert.equal(model.rates.size, limits.samples);
  assert.equal(model.bandwidth.size, limits.samples);
  assert.equal(model.recent.last()?.index, s.traffic!.recent[s.traffic!.recent.length - 1]?.index);
});

test('a bandwidth sample for the same second replaces the last one; an older one is dropped', () => {
  const model = new TrafficModel();
  model.reset(state({ traffic: undefined }));
  const sample = (time: number, rx: number) => ({
    time,
    interfaces: [{ interface: 'eth0', rxBytesPerSecond: rx, txBytesPerSecond: 0, rxTotalBytes: 0, txTotalBytes: 0 }],
  });
  model.applyTick({ bandwidth: sample(1000, 1) });
  model.applyTick({ bandwidth: sample(2000, 2) });
  model.applyTick({ bandwidth: sample(2000, 3) });
  model.applyTick({ bandwidth: sample(1500, 4) });
  assert.deepEqual(
    model.bandwidth.toArray().map((s) => s.interfaces[0]?.rxBytesPerSecond),
    [1, 3],
  );
});

test('flow rows beyond the view’s cap are evicted least recently seen first', () => {
  const model = new TrafficModel();
  const s = state();
  model.reset(s);
  const flows = Array.from({ length: limits.flows + limits.flows / 5 }, (_, i) => ({
    ...s.traffic!.flows[0],
    id: `x${i}`,
    lastSeen: i,
  }));
  const delta = syntheticTick(s.traffic!, 301, { share: 0, packetsPerTick: 0 });
  model.applyTick({ traffic: { ...delta, flows } });
  assert.equal(model.flows.size, limits.flows);
  assert.equal(model.flows.has(`x${flows.length - 1}`), true);
  assert.equal(model.flows.has('x0'), false);
});
