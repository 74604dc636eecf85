// The topology panel's data on the extension's side: the Devices list with what port scans found,
// pins kept per MAC in a memento, and traces whose hops join the view.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaptureSession } from '../../../src/extension/capture/captureSession';
import type { HelperClient } from '../../../src/extension/helperClient/helperClient';
import type { PinStore } from '../../../src/extension/panels/topology/topologySource';
import { TopologySource, topologyDevices } from '../../../src/extension/panels/topology/topologySource';
import { DeviceStore } from '../../../src/extension/views/deviceStore';
import type { HopRecord } from '../../../src/shared/topology/topologyModel';
import { device } from './deviceFixtures';

/** A memento in memory. */
function memento(): PinStore {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string, fallback: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

const idleCaptures = { state: { phase: 'idle', canSave: false }, snapshot: undefined } as unknown as CaptureSession;

describe('the topology source', () => {
  it('takes the Devices list with each device’s OS guess and open ports', () => {
    const store = new DeviceStore();
    store.merge([device({ ip: '10.213.0.5', mac: '02:00:00:00:00:05' }), device({ ip: '10.213.0.6' })]);
    const os = { family: 'Linux', kind: 'server' as const, confidence: 0.9, evidence: ['TTL 64'] };
    store.setPorts(
      {
        ip: '10.213.0.5',
        up: true,
        ports: [
          { port: 22, protocol: 'tcp', state: 'open', reason: 'syn-ack' },
          { port: 23, protocol: 'tcp', state: 'closed', reason: 'reset' },
        ],
        notShown: {},
        os,
      },
      { scan: { tcp: { set: 'top100' } } as never, method: 'syn' },
      () => device({ ip: '10.213.0.5' }),
    );
    const devices = topologyDevices(store);
    assert.deepEqual(
      devices.map((d) => [d.ip, d.os?.family, d.openPortCount]),
      [
        ['10.213.0.5', 'Linux', 1],
        ['10.213.0.6', undefined, undefined],
      ],
    );
  });

  it('keeps pins per MAC, replaces and forgets them', async () => {
    const source = new TopologySource(new DeviceStore(), idleCaptures, {} as HelperClient, memento());
    await source.pin('02:00:00:00:00:05', 10, 20);
    await source.pin('02:00:00:00:00:06', 1, 2);
    await source.pin('02:00:00:00:00:05', 30, 40);
    assert.deepEqual(source.pins(), [
      { mac: '02:00:00:00:00:06', x: 1, y: 2 },
      { mac: '02:00:00:00:00:05', x: 30, y: 40 },
    ]);
    await source.pin('02:00:00:00:00:06');
    assert.deepEqual(source.state().pins, [{ mac: '02:00:00:00:00:05', x: 30, y: 40 }]);
    assert.equal(source.state().traffic, undefined, 'no capture yet');
  });

  it('asks the helper to trace and tells the views the hops', async () => {
    const record: HopRecord = { ip: '10.2.0.11', hops: 2, source: 'traceroute', path: ['10.1.0.2'] };
    const asked: unknown[] = [];
    const client = {
      request: (type: { method: string }, params: unknown) => {
        asked.push([type.method, params]);
        return Promise.resolve({ records: [record], probesSent: 2, warnings: [] });
      },
    } as unknown as HelperClient;
    const source = new TopologySource(new DeviceStore(), idleCaptures, client, memento());
    const told: HopRecord[][] = [];
    source.onDidChangeHops((hops) => told.push(hops));
    assert.deepEqual(await source.trace('10.2.0.11'), { traced: 1, warnings: [] });
    assert.deepEqual(asked, [['topology/trace', { targets: ['10.2.0.11'] }]]);
    assert.deepEqual(told, [[record]]);
    assert.deepEqual(source.state().hops, [record]);
  });
});
