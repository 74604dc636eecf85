// The dashboard's small pure helpers: ring buffer, packet filter, top hosts, names, hex dump,
// throughput series and the persisted UI state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostTraffic, PacketSummary } from '../../../src/shared/model/traffic';
import {
  asciiChar,
  decodeBase64,
  hexByte,
  inRange,
  lineCount,
  offsetLabel,
} from '../../../src/webview/traffic/hexDump';
import { hostLabel, hostSearchText } from '../../../src/webview/traffic/hostNames';
import { packetMatches, packetTerms } from '../../../src/webview/traffic/packetQuery';
import { RingBuffer } from '../../../src/shared/traffic/ringBuffer';
import { capturePoints, sampledInterfaces, throughputPoints } from '../../../src/webview/traffic/throughputSeries';
import { topHosts } from '../../../src/webview/traffic/topHosts';
import { TrafficModel } from '../../../src/webview/traffic/trafficModel';
import { defaultUiState, restoreUiState } from '../../../src/webview/traffic/uiState';
import { hostile } from '../../fixtures/syntheticTraffic';

test('the ring keeps the newest items, oldest first', () => {
  const ring = new RingBuffer<number>(3);
  for (let i = 1; i <= 5; i++) ring.push(i);
  assert.deepEqual(ring.toArray(), [3, 4, 5]);
  assert.equal(ring.at(0), 3);
  assert.equal(ring.at(3), undefined);
  ring.replaceLast(9);
  assert.deepEqual(ring.toArray(), [3, 4, 9]);
  assert.equal(ring.pushed, 5);
  ring.clear();
  assert.equal(ring.size, 0);
  assert.throws(() => new RingBuffer(0), /positive/);
});

test('the packet filter needs every term, anywhere, in any case', () => {
  const packet: PacketSummary = {
    index: 1,
    time: 0,
    length: 60,
    capturedLength: 60,
    src: '10.0.0.1',
    dst: '10.0.0.2',
    srcPort: 5353,
    dstPort: 53,
    protocol: 'DNS',
    info: 'Standard query 0x1a2b A Example.com',
  };
  assert.equal(packetMatches(packet, packetTerms('')), true);
  assert.equal(packetMatches(packet, packetTerms('dns example.COM')), true);
  assert.equal(packetMatches(packet, packetTerms('dns tls')), false);
  assert.equal(packetMatches(packet, packetTerms(' 5353 ')), true);
});

const host = (addr: string, bytesIn: number, bytesOut: number): HostTraffic => ({
  addr,
  packetsIn: 1,
  bytesIn,
  packetsOut: 1,
  bytesOut,
  firstSeen: 0,
  lastSeen: 0,
});

test('top hosts by bytes both ways, without sorting everything', () => {
  const hosts = Array.from({ length: 100 }, (_, i) => host(`10.0.0.${i}`, (i * 37) % 101, i));
  const top = topHosts(hosts, 5);
  const expected = [...hosts].sort((a, b) => b.bytesIn + b.bytesOut - (a.bytesIn + a.bytesOut)).slice(0, 5);
  assert.deepEqual(top, expected);
  assert.deepEqual(topHosts(hosts.slice(0, 2), 5).length, 2);
});

test('names: the Devices list first, then DNS, then what the capture saw; all listed in the tooltip', () => {
  const model = new TrafficModel();
  model.reset({
    mode: 'live',
    bandwidth: [],
    interfaces: [],
    captureStatus: { available: true },
    recording: false,
    devices: [{ ip: '10.0.0.1', hostname: 'router.lab', mac: '02:00:00:00:00:01', vendor: 'Acme', isGateway: true }],
    packetCount: 0,
  });
  model.dnsNames.set('10.0.0.1', { addr: '10.0.0.1', name: 'gw.example', source: 'dns', lastSeen: 0 });
  model.dnsNames.set('10.0.0.2', { addr: '10.0.0.2', name: hostile.dnsName, source: 'dns', lastSeen: 0 });
  model.hosts.set('10.0.0.3', { ...host('10.0.0.3', 1, 1), name: hostile.hostName });
  assert.equal(hostLabel(model, '10.0.0.1').label, 'router.lab');
  assert.equal(
    hostLabel(model, '10.0.0.1').title,
    '10.0.0.1\nrouter.lab (Devices)\ngw.example (dns)\n02:00:00:00:00:01 · Acme\ngateway',
  );
  assert.equal(hostLabel(model, '10.0.0.2').label, hostile.dnsName);
  assert.equal(hostLabel(model, '10.0.0.3').label, hostile.hostName);
  assert.equal(hostLabel(model, '10.0.0.4').label, '10.0.0.4');
  assert.match(hostSearchText(model, '10.0.0.1'), /router\.lab.*gw\.example/);
});

test('hex dump pieces', () => {
  assert.deepEqual([...decodeBase64('AAH/')], [0, 1, 255]);
  assert.equal(hexByte(10), '0a');
  assert.equal(asciiChar(0x41), 'A');
  assert.equal(asciiChar(0x3c), '<');
  assert.equal(asciiChar(0x7f), '.');
  assert.equal(asciiChar(0), '.');
  assert.equal(offsetLabel(0x30, 100), '0030');
  assert.equal(offsetLabel(0x30, 70_000), '00000030');
  assert.equal(lineCount(60), 4);
  assert.equal(lineCount(1_000_000), 4096);
  assert.equal(inRange(14, { offset: 14, length: 20 }), true);
  assert.equal(inRange(34, { offset: 14, length: 20 }), false);
  assert.equal(inRange(0, undefined), false);
});

test('throughput series per interface or summed; capture rates per second', () => {
  const reading = (name: string, rx: number, tx: number) => ({
    interface: name,
    rxBytesPerSecond: rx,
    txBytesPerSecond: tx,
    rxTotalBytes: 0,
    txTotalBytes: 0,
  });
  const samples = [
    { time: 1000, interfaces: [reading('eth0', 10, 1), reading('wlan0', 5, 2)] },
    { time: 2000, interfaces: [reading('wlan0', 7, 3)] },
  ];
  assert.deepEqual(throughputPoints(samples, ''), [
    { time: 1000, rx: 15, tx: 3 },
    { time: 2000, rx: 7, tx: 3 },
  ]);
  assert.deepEqual(throughputPoints(samples, 'eth0'), [{ time: 1000, rx: 10, tx: 1 }]);
  assert.deepEqual(sampledInterfaces(samples), ['eth0', 'wlan0']);
  assert.deepEqual(
    capturePoints([
      { time: 0, durationMs: 500, packets: 1, bytes: 100 },
      { time: 500, durationMs: 0, packets: 0, bytes: 0 },
    ]),
    [{ time: 0, rate: 200 }],
  );
});

test('persisted UI state comes back checked: defaults for anything missing or malformed', () => {
  assert.deepEqual(restoreUiState(undefined), defaultUiState);
  assert.deepEqual(restoreUiState('garbage'), defaultUiState);
  const restored = restoreUiState({
    tab: 'packets',
    capture: { iface: 'eth0', filter: 'tcp' },
    overview: { chartInterface: 'eth0', spanSeconds: 60 },
    flows: { filter: { host: 'nas', port: 7, protocol: 'dns' }, sort: { key: 'evil', descending: 'yes' } },
    packets: { filter: 'dns', paused: true },
  });
  assert.deepEqual(restored, {
    tab: 'packets',
    capture: { iface: 'eth0', filter: 'tcp' },
    overview: { chartInterface: 'eth0', spanSeconds: 60 },
    flows: { filter: { host: 'nas', port: '', protocol: 'dns' }, sort: { key: 'bytes', descending: true } },
    packets: { filter: 'dns', paused: true },
  });
  assert.equal(restoreUiState({ tab: 'settings' }).tab, 'overview');
  assert.equal(restoreUiState({ overview: { spanSeconds: 1e9 } }).overview.spanSeconds, 300);
});
