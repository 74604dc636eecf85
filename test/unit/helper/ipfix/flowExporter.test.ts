import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import { FlowExporter } from '../../../../src/helper/ipfix/flowExporter';
import { parseIpv4 } from '../../../../src/shared/cidr';
import { IpfixReader } from './ipfixReader';
import { ipFrame, tcp } from '../../../fixtures/testFrames';
import type { FrameSpec } from '../../../fixtures/testFrames';

const T0 = 1_800_000_000_000;
const TIMEOUTS = { activeTimeoutMs: 300_000, idleTimeoutMs: 60_000 };
const ETHERNET = 14;

/** An aggregator with an exporter on its flow table, a clock the test sets, and the records sent so far. */
function exporting(flows = 1000, maxFlowsPerTick?: number) {
  const aggregator = new PacketAggregator({ recentBytes: 0, limits: { flows } });
  const clock = { now: T0 };
  const reader = new IpfixReader();
  const records: Record<string, number | string>[] = [];
  const exporter = new FlowExporter(
    aggregator.flows,
    { ...TIMEOUTS, maxFlowsPerTick },
    (message) => records.push(...reader.read(message).records),
    () => clock.now,
  );
  exporter.start();
  const packet = new DecodedPacket();
  const add = (spec: FrameSpec, time: number) => {
    const frame = ipFrame(spec);
    decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
    aggregator.add(packet, time, frame.length);
    return frame.length;
  };
  return { aggregator, exporter, clock, records, add };
}

const sum = (records: Record<string, number | string>[], field: string) =>
  records.reduce((total, r) => total + (r[field] as number), 0);

describe('FlowExporter', () => {
  it('reports each direction of a flow once it goes idle, with IP bytes, frame bytes, flags and times', () => {
    const { exporter, clock, records, add } = exporting();
    const frames = [
      add(tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x02), T0),
      add(tcp('10.0.0.2', '10.0.0.1', 80, 40000, 0x12), T0 + 1),
      add(tcp('10.0.0.1', '10.0.0.2', 40000, 80, 0x18, 100), T0 + 2),
    ];
    clock.now = T0 + 59_000;
    exporter.tick();
    assert.equal(records.length, 0, 'not idle yet');
    clock.now = T0 + 60_002;
    exporter.tick();
    assert.deepEqual(records, [
      {
        templateId: 256,
        sourceIPv4Address: parseIpv4('10.0.0.1'),
        destinationIPv4Address: parseIpv4('10.0.0.2'),
        sourceTransportPort: 40000,
        destinationTransportPort: 80,
        protocolIdentifier: 6,
        tcpControlBits: 0x1a,
        octetDeltaCount: frames[0] + frames[2] - 2 * ETHERNET,
        packetDeltaCount: 2,
        layer2OctetDeltaCount: frames[0] + frames[2],
        flowStartMilliseconds: T0,
        flowEndMilliseconds: T0 + 2,
        flowEndReason: 1,
      },
      {
        templateId: 256,
        sourceIPv4Address: parseIpv4('10.0.0.2'),
        destinationIPv4Address: parseIpv4('10.0.0.1'),
        sourceTransportPort: 80,
        destinationTransportPort: 40000,
        protocolIdentifier: 6,
        tcpControlBits: 0x12,
        octetDeltaCount: frames[1] - ETHERNET,
        packetDeltaCount: 1,
        layer2OctetDeltaCount: frames[1],
        flowStartMilliseconds: T0,
        flowEndMilliseconds: T0 + 2,
        flowEndReason: 1,
      },
    ]);
    clock.now += 60_000;
    exporter.tick();
    assert.equal(records.length, 2, 'a flow is reported once');
  });

  it('reports a long flow at each active timeout with the deltas, which add up to the table', () => {
    const { aggregator, exporter, clock, records, add } = exporting();
    let bytes = 0;
    for (let second = 0; second < 700; second++) {
      bytes += add(
        { src: '10.0.0.1', dst: '10.0.0.9', protocol: 'udp', sport: 5000, dport: 53, payload: second % 50 },
        T0 + second * 1000,
      );
      clock.now = T0 + second * 1000 + 500;
      exporter.tick();
    }
    assert.deepEqual(
      records.map((r) => [r.flowEndReason, r.packetDeltaCount, r.flowStartMilliseconds]),
      [
        [2, 301, T0],
        [2, 301, T0 + 301_000],
      ],
    );
    clock.now += 1000;
    exporter.finish();
    assert.equal(records.at(-1)!.flowEndReason, 4, 'the rest goes out as a forced end when the capture stops');
    assert.equal(records.at(-1)!.flowStartMilliseconds, T0 + 602_000);
    const [flow] = aggregator.snapshot(
      { kind: 'live', captureId: 'x', interface: 'x', filter: '', snaplen: 0, promiscuous: false, linkType: 1 },
      false,
    ).flows;
    assert.equal(sum(records, 'packetDeltaCount'), flow.packetsAtoB);
    assert.equal(sum(records, 'layer2OctetDeltaCount'), flow.bytesAtoB);
    assert.equal(sum(records, 'layer2OctetDeltaCount'), bytes);
    assert.equal(sum(records, 'octetDeltaCount'), bytes - 700 * ETHERNET);
  });

  it('ends a closed or reset TCP connection once it is quiet, and a new packet starts a new record', () => {
    const { exporter, clock, records, add } = exporting();
    add(tcp('10.0.0.1', '10.0.0.2', 40001, 22, 0x02), T0);
    add(tcp('10.0.0.2', '10.0.0.1', 22, 40001, 0x04), T0 + 1);
    clock.now = T0 + 500;
    exporter.tick();
    assert.equal(records.length, 0, 'a reset flow waits a moment for its last packets');
    clock.now = T0 + 1500;
    exporter.tick();
    assert.deepEqual(
      records.map((r) => [r.sourceTransportPort, r.flowEndReason, r.tcpControlBits]),
      [
        [40001, 3, 0x02],
        [22, 3, 0x04],
      ],
    );
    add(tcp('10.0.0.2', '10.0.0.1', 22, 40001, 0x04), T0 + 2000);
    clock.now = T0 + 2100;
    exporter.finish();
    assert.deepEqual(
      records
        .slice(2)
        .map((r) => [r.sourceTransportPort, r.flowEndReason, r.packetDeltaCount, r.flowStartMilliseconds]),
      [[22, 3, 1, T0 + 2000]],
    );
  });

  it('reports a flow the table evicts before its slot is reused, as lack of resources', () => {
    const { exporter, clock, records, add } = exporting(2);
    add({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 1, dport: 53 }, T0);
    add({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 2, dport: 53 }, T0 + 1);
    add({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 3, dport: 53 }, T0 + 2);
    clock.now = T0 + 10;
    exporter.finish();
    assert.deepEqual(
      records.map((r) => [r.sourceTransportPort, r.flowEndReason]),
      [
        [1, 5],
        [2, 4],
        [3, 4],
      ],
    );
  });

  it('spreads a burst of ending flows over ticks, oldest first; the capture end reports the rest at once', () => {
    const { exporter, clock, records, add } = exporting(1000, 4);
    for (let i = 0; i < 10; i++)
      add({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 100 + i, dport: 53 }, T0 + i);
    clock.now = T0 + 70_000;
    exporter.tick();
    assert.deepEqual(
      records.map((r) => r.sourceTransportPort),
      [100, 101, 102, 103],
    );
    exporter.tick();
    assert.equal(records.length, 8);
    exporter.finish();
    assert.deepEqual(
      records.slice(8).map((r) => [r.sourceTransportPort, r.flowEndReason]),
      [
        [108, 1],
        [109, 1],
      ],
    );
  });

  it('exports IPv6 flows with their own template', () => {
    const { exporter, clock, records, add } = exporting();
    const length = add({ src: 'fd00::1', dst: 'fd00::2', protocol: 'udp', sport: 5353, dport: 5353, payload: 10 }, T0);
    clock.now = T0 + 1;
    exporter.finish();
    assert.deepEqual(
      records.map((r) => [r.templateId, r.sourceIPv6Address, r.destinationIPv6Address, r.octetDeltaCount]),
      [[257, 'fd00:0:0:0:0:0:0:1', 'fd00:0:0:0:0:0:0:2', length - ETHERNET]],
    );
  });

  it('starts with a message holding only the templates', () => {
    const sent: Buffer[] = [];
    const aggregator = new PacketAggregator();
    new FlowExporter(
      aggregator.flows,
      TIMEOUTS,
      (message) => sent.push(message),
      () => T0,
    ).start();
    const decoded = new IpfixReader().read(sent[0]);
    assert.deepEqual([...decoded.templates.keys()], [256, 257]);
    assert.equal(decoded.records.length, 0);
  });
});
