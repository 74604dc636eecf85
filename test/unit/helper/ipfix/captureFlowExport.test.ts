// The capture session with its flow export, without privilege: a pcap in memory is the source, the
// collector an in-process UDP socket on loopback. Also the checks of `--ipfix` and `capture/start`'s `ipfix`.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import { CaptureSession } from '../../../../src/helper/capture/captureSession';
import { FileCaptureSource } from '../../../../src/helper/capture/fileCaptureSource';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import { openPacketReader } from '../../../../src/helper/capture/pcapFile';
import { runCli } from '../../../../src/helper/cli/commands';
import { startProtocolServer } from '../../../../src/helper/server/protocolServer';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { CaptureFlowExport, flowExportSettings } from '../../../../src/helper/ipfix/captureFlowExport';
import type { FlowExportSettings } from '../../../../src/helper/ipfix/captureFlowExport';
import type { TrafficDelta, TrafficSource } from '../../../../src/shared/model/traffic';
import { pcapHeader, pcapRecord } from '../../../fixtures/captureBytes';
import { IpfixReader } from './ipfixReader';
import { ipFrame } from '../../../fixtures/testFrames';

const SOURCE: TrafficSource = { kind: 'file', path: 'memory.pcap', format: 'pcap', linkTypes: [LinkType.Ethernet] };
const T0 = 1_700_000_000;

/** `count` UDP frames from 10.0.0.1-5 to 10.0.1.1 and one answer each, 1 ms apart. */
function capture(count: number): FileCaptureSource {
  const records = Array.from({ length: count }, (_, i) => {
    const host = `10.0.0.${1 + (i % 5)}`;
    const [src, dst, sport, dport] =
      i % 2 ? [host, '10.0.1.1', 4000 + (i % 5), 53] : ['10.0.1.1', host, 53, 4000 + (i % 5)];
    const frame = ipFrame({ src, dst, protocol: 'udp', sport, dport, payload: i % 90 });
    return pcapRecord(true, T0 + Math.floor(i / 1000), (i % 1000) * 1000, frame);
  });
  const pcap = Buffer.concat([pcapHeader(true, false, LinkType.Ethernet), ...records]);
  return new FileCaptureSource(openPacketReader(chunksOf(bufferSource(pcap, 4096))));
}

describe('a capture session exporting its flows as IPFIX', () => {
  const received: Buffer[] = [];
  const collector = dgram.createSocket('udp4');
  let port = 0;
  before(async () => {
    collector.on('message', (message) => received.push(message));
    await new Promise<void>((resolve) => collector.bind(0, '127.0.0.1', resolve));
    port = collector.address().port;
  });
  after(() => collector.close());

  it('sends every flow when the capture ends: packets and bytes equal to the flow table, counted in the last tick', async () => {
    const settings = flowExportSettings({ collector: `127.0.0.1:${port}` }) as FlowExportSettings;
    const errors: string[] = [];
    const flowExport = await CaptureFlowExport.open(settings, (message) => errors.push(message));
    const aggregator = new PacketAggregator();
    flowExport.attach(aggregator.flows);
    const ticks: TrafficDelta[] = [];
    const session = new CaptureSession({
      captureId: 'x',
      source: capture(2000),
      sourceInfo: SOURCE,
      aggregator,
      flowExport,
      tickMs: 1000,
      onTick: (delta) => ticks.push(delta),
    });
    session.start();
    await session.ended;
    await flowExport.close();
    const snapshot = aggregator.snapshot(SOURCE, false);
    const counters = ticks.at(-1)!.counters.ipfix!;
    for (let wait = 0; received.length < counters.messages && wait < 100; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const reader = new IpfixReader();
    const records = received.flatMap((message) => reader.read(message).records);
    assert.deepEqual(errors, []);
    assert.deepEqual(counters, {
      collector: `127.0.0.1:${port}`,
      records: 10,
      messages: 2,
      dropped: 0,
      errors: 0,
    });
    assert.equal(records.length, 10, 'five flows, both directions');
    // The frames are from 2023: by the clock, every flow has long been idle.
    assert.ok(records.every((r) => r.flowEndReason === 1));
    for (const flow of snapshot.flows) {
      const there = records.find(
        (r) => r.sourceTransportPort === flow.aPort && r.destinationTransportPort === flow.bPort,
      );
      const back = records.find(
        (r) => r.sourceTransportPort === flow.bPort && r.destinationTransportPort === flow.aPort,
      );
      assert.equal(there?.packetDeltaCount, flow.packetsAtoB);
      assert.equal(there?.layer2OctetDeltaCount, flow.bytesAtoB);
      assert.equal(back?.packetDeltaCount, flow.packetsBtoA);
      assert.equal(back?.layer2OctetDeltaCount, flow.bytesBtoA);
      assert.equal(there?.flowStartMilliseconds, Math.round(flow.firstSeen));
      assert.equal(back?.flowEndMilliseconds, Math.round(flow.lastSeen));
    }
  });

  it('counts the failed sends when nothing listens at the collector, and reports the first', async () => {
    const closed = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => closed.bind(0, '127.0.0.1', resolve));
    const deadPort = closed.address().port;
    closed.close();
    const errors: string[] = [];
    const settings = flowExportSettings({ collector: `127.0.0.1:${deadPort}` }) as FlowExportSettings;
    const flowExport = await CaptureFlowExport.open(settings, (message) => errors.push(message));
    flowExport.attach(new PacketAggregator().flows);
    for (let wait = 0; flowExport.counters().errors === 0 && wait < 100; wait++) {
      flowExport.attach(new PacketAggregator().flows); // another template message
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await flowExport.close();
    assert.ok(flowExport.counters().errors > 0);
    assert.equal(errors.length, 1, 'one report for a run of failures');
    assert.match(errors[0], /ECONNREFUSED/);
  });
});

describe('IPFIX settings', () => {
  const bad: [Parameters<typeof flowExportSettings>[0], RegExp][] = [
    [{ collector: 'x' }, /IPFIX collector: "x" has no port/],
    [{ collector: 42 as unknown as string }, /must be a HOST:PORT text/],
    [
      { collector: '127.0.0.1:9995', activeTimeoutS: 0 },
      /activeTimeoutS must be a whole number of seconds from 1 to 604800, not 0/,
    ],
    [{ collector: '127.0.0.1:9995', idleTimeoutS: 1.5 }, /idleTimeoutS must be a whole number/],
  ];
  for (const [params, message] of bad) {
    it(`refuses ${JSON.stringify(params)}`, () => assert.match(flowExportSettings(params) as string, message));
  }
  it('fills in the defaults nfdump users expect (nfpcapd -e 300,60)', () => {
    assert.deepEqual(flowExportSettings({ collector: '[::1]:4739' }), {
      collector: { host: '::1', port: 4739 },
      activeTimeoutS: 300,
      idleTimeoutS: 60,
    });
  });

  const cli: [string[], RegExp][] = [
    [['capture', '-i', 'lo', '--ipfix', '127.0.0.1'], /--ipfix: IPFIX collector: "127\.0\.0\.1" has no port/],
    [['capture', '-i', 'lo', '--ipfix', '::1:9995'], /put an IPv6 address in brackets/],
    [
      ['capture', '-i', 'lo', '--ipfix', '127.0.0.1:9995', '--ipfix-idle-timeout', '0'],
      /--ipfix-idle-timeout must be a whole number from 1 to 86400/,
    ],
    [['capture', '-i', 'lo', '--ipfix-active-timeout', '60'], /need --ipfix HOST:PORT/],
  ];
  for (const [args, message] of cli) {
    it(`lanlens ${args.join(' ')} → exit 2 before capturing`, async () => {
      const err: string[] = [];
      const code = await runCli(args, { out: () => undefined, err: (text) => err.push(text) });
      assert.equal(code, 2);
      assert.match(err.join('\n'), message);
    });
  }
});

/** Sends one `capture/start` to a helper over in-memory streams; resolves with what it answered. */
async function startOverProtocol(params: object): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const connection = startProtocolServer({ input, output, exit: () => undefined });
  const body = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'capture/start', params });
  input.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  for (let i = 0; i < 200 && !written.includes('"id":3'); i++) await new Promise((r) => setTimeout(r, 10));
  connection.dispose();
  return written;
}

describe('capture/start checks its ipfix at the boundary, before opening anything', () => {
  const cases: [object, RegExp][] = [
    [{ collector: 'nowhere' }, /IPFIX collector: \\"nowhere\\" has no port/],
    [{ collector: '127.0.0.1:9995', activeTimeoutS: -1 }, /IPFIX activeTimeoutS must be a whole number/],
    [{ activeTimeoutS: 5 }, /the IPFIX collector must be a HOST:PORT text/],
  ];
  for (const [ipfix, message] of cases) {
    it(`${JSON.stringify(ipfix)} → InvalidParams`, async () => {
      const written = await startOverProtocol({ captureId: 'c', interface: 'lo', ipfix });
      assert.match(written, /"id":3,"error":\{"code":-32602/);
      assert.match(written, message);
    });
  }
});
