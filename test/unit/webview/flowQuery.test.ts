// The conversations table's filters and sort orders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FlowSummary } from '../../../src/shared/model/traffic';
import { compareAddr, parsePorts, queryFlows } from '../../../src/webview/traffic/flowQuery';

const flow = (id: string, overrides: Partial<FlowSummary>): FlowSummary => ({
  id,
  transport: 'tcp',
  ipProtocol: 6,
  ipVersion: 4,
  aAddr: '10.0.0.1',
  aPort: 40000,
  bAddr: '10.0.0.2',
  bPort: 443,
  packetsAtoB: 1,
  bytesAtoB: 100,
  packetsBtoA: 1,
  bytesBtoA: 100,
  firstSeen: 0,
  lastSeen: 1000,
  ...overrides,
});

const flows = [
  flow('a', { app: 'tls', bytesBtoA: 5000, serverName: 'example.org' }),
  flow('b', { transport: 'udp', ipProtocol: 17, app: 'dns', bPort: 53, aAddr: '10.0.0.10', bytesAtoB: 70 }),
  flow('c', { bAddr: '10.0.0.9', bPort: 22, app: 'ssh', bytesAtoB: 9000 }),
  flow('d', { transport: 'icmp', ipProtocol: 1, aPort: 0, bPort: 0, aAddr: 'fe80::1', bAddr: 'fe80::2' }),
];
const names: Record<string, string> = { '10.0.0.9': 'nas.lab' };
const search = (addr: string) => `${addr} ${names[addr] ?? ''}`.toLowerCase();
const ids = (list: FlowSummary[]) => list.map((f) => f.id);
const none = { host: '', port: '', protocol: '' };

test('filters: host by address, name or server name; ports, several; protocol by transport or app', () => {
  const bytes = { key: 'bytes', descending: true } as const;
  assert.deepEqual(ids(queryFlows(flows, { ...none, host: 'NAS' }, bytes, search)), ['c']);
  assert.deepEqual(ids(queryFlows(flows, { ...none, host: '10.0.0.1' }, bytes, search)).sort(), ['a', 'b', 'c']);
  assert.deepEqual(ids(queryFlows(flows, { ...none, host: 'example' }, bytes, search)), ['a']);
  assert.deepEqual(ids(queryFlows(flows, { ...none, port: '53, 22' }, bytes, search)), ['c', 'b']);
  assert.deepEqual(ids(queryFlows(flows, { ...none, protocol: 'udp' }, bytes, search)), ['b']);
  assert.deepEqual(ids(queryFlows(flows, { ...none, protocol: 'tls' }, bytes, search)), ['a']);
  assert.deepEqual(ids(queryFlows(flows, { ...none, port: 'http' }, bytes, search)), [], 'not a port: nothing');
});

test('sorts by any column either way, ties broken by id', () => {
  const sorted = (key: Parameters<typeof queryFlows>[2]['key'], descending: boolean) =>
    ids(queryFlows(flows, none, { key, descending }, search));
  assert.deepEqual(sorted('bytes', true), ['c', 'a', 'd', 'b']);
  assert.deepEqual(sorted('bytes', false), ['b', 'd', 'a', 'c']);
  assert.deepEqual(sorted('a', false), ['a', 'c', 'b', 'd'], 'IPv4 numerically (10.0.0.1 < 10.0.0.10), IPv6 last');
  assert.deepEqual(sorted('protocol', false), ['d', 'c', 'a', 'b']);
  assert.deepEqual(sorted('packets', true), ['a', 'b', 'c', 'd']);
});

test('ports parse strictly; addresses compare numerically', () => {
  assert.deepEqual([...parsePorts('443 53,853')!], [443, 53, 853]);
  assert.equal(parsePorts('65536'), undefined);
  assert.equal(parsePorts('-1'), undefined);
  assert.equal(parsePorts('  ')?.size, 0);
  assert.ok(compareAddr('10.0.0.2', '10.0.0.10') < 0);
  assert.ok(compareAddr('9.255.255.255', '10.0.0.0') < 0);
  assert.ok(compareAddr('::1', '1.2.3.4') > 0);
  assert.ok(compareAddr('1.2.3', '1.2.3.4') > 0, 'not an address: after the addresses');
});
