import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HelperClient } from '../../../../src/extension/helperClient/helperClient';
import type { HistoryConnection } from '../../../../src/extension/history/historyConnection';
import { KnownDevices, knownAsDevice } from '../../../../src/extension/history/knownDevices';
import { DeviceStore } from '../../../../src/extension/views/deviceStore';
import { deviceView } from '../../../../src/extension/views/deviceTreeModel';
import { HistoryDevicesRequest, HistoryForgetRequest } from '../../../../src/shared/historyProtocol';
import type { HistoryStatus, KnownDevice } from '../../../../src/shared/model/history';
import { device } from '../deviceFixtures';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 4, 15, 12);

function known(ip: string, id: number, patch: Partial<KnownDevice> = {}): KnownDevice {
  return {
    id,
    ip,
    ips: [ip],
    mac: `02:00:00:00:00:${ip.slice(-2)}`,
    interface: 'br-t',
    subnet: '10.213.0.0/24',
    name: 'printer',
    nameSource: 'mdns',
    vendor: 'Brother',
    firstSeen: NOW - 10 * DAY,
    lastSeen: NOW - 3 * DAY,
    openPorts: [],
    ...patch,
  };
}

describe('offline devices in the Devices tree', () => {
  it('lists a known device this session has not seen, dimmed, saying when it was seen last', () => {
    const store = new DeviceStore();
    store.merge([device({ ip: '10.213.0.5', mac: '02:00:00:00:00:05' })]);
    const shown = [
      known('10.213.0.11', 1),
      known('10.213.0.5', 2),
      known('10.213.0.77', 3, { mac: '02:00:00:00:00:05' }),
    ];
    store.showKnown(shown.flatMap((entry) => [{ device: knownAsDevice(entry)!, historyId: entry.id }]));
    const nodes = store.allDevices();
    assert.deepEqual(
      nodes.map((node) => [node.device.ip, node.offline?.historyId]),
      [
        ['10.213.0.5', undefined],
        ['10.213.0.11', 1],
      ],
      'one already seen by address and one by MAC are not listed again',
    );
    const view = deviceView(nodes[1], NOW);
    assert.equal(view.label, 'printer');
    assert.equal(view.dimmed, true);
    assert.equal(view.contextValue, 'offlineDevice');
    assert.match(view.description ?? '', /^last seen 3 days ago · 10\.213\.0\.11 · Brother/);
    assert.match(view.tooltip, /Offline: known from the history/);
  });

  it('brings an offline device back online when a scan sees it', () => {
    const store = new DeviceStore();
    store.showKnown([{ device: knownAsDevice(known('10.213.0.11', 1))!, historyId: 1 }]);
    store.merge([device({ ip: '10.213.0.11', mac: '02:00:00:00:00:11', lastSeen: NOW })]);
    const [node] = store.allDevices();
    assert.equal(node?.offline, undefined);
    assert.equal(deviceView(node, NOW).dimmed, false);
  });

  it('forgets an offline device after asking, in the history and the tree', async () => {
    const store = new DeviceStore();
    const asked: unknown[] = [];
    const helper = {
      request: (type: { method: string }, params: unknown) => {
        asked.push([type.method, params]);
        if (type.method === HistoryDevicesRequest.method)
          return Promise.resolve([known('10.213.0.11', 7), known('10.213.0.12', 8)]);
        return Promise.resolve(type.method === HistoryForgetRequest.method);
      },
    } as unknown as HelperClient;
    let listener: ((status: HistoryStatus) => void) | undefined;
    const history = {
      onDidChange: (l: typeof listener) => ((listener = l), { dispose: () => undefined }),
    } as unknown as HistoryConnection;
    const confirmations: string[] = [];
    const known7 = new KnownDevices({
      helper,
      history,
      store,
      apply: () => undefined,
      confirmForget: (label) => (confirmations.push(label), Promise.resolve(true)),
      log: () => undefined,
    });
    listener?.({ state: 'open', path: '/x', schemaVersion: 2, sizeBytes: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.allDevices().length, 2);
    let forgotten = 0;
    known7.onDidForget(() => forgotten++);
    await known7.forget(store.allDevices()[0]);
    assert.deepEqual(confirmations, ['printer']);
    assert.deepEqual(asked.at(-1), [HistoryForgetRequest.method, { id: 7 }]);
    assert.deepEqual(
      store.allDevices().map((node) => node.device.ip),
      ['10.213.0.12'],
    );
    assert.equal(forgotten, 1);
  });
});
