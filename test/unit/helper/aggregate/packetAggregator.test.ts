import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import type { AggregatorOptions } from '../../../../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import type { TrafficSource } from '../../../../src/shared/model/traffic';
import * as dnsPacket from 'dns-packet';
import { arpFrame, ipFrame, tcp } from '../../../fixtures/testFrames';

const SOURCE: TrafficSource = { kind: 'file', path: '/x.pcap', format: 'pcap', linkTypes: [1] };
const T0 = 1_700_000_000_000;

function feed(aggregator: PacketAggregator, frames: Buffer[], start = T0, stepMs = 10): void {
  const packet = new DecodedPacket();
  frames.forEach((frame, i) => {
    decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
    aggregator.add(packet, start + i * stepMs, frame.length);
  });
}

function live(options: AggregatorOptions = {}): PacketAggregator {
  return new PacketAggregator({ recentBytes: 256, interfaceName: 'lab0', ...options });
}

describe('PacketAggregator', () => {
  it('counts a TCP connection once as a flow, a conversation and two hosts, each direction apart', () => {
    const aggregator = live();
    const frames = [
      tcp('10.0.0.1', '10.0.0.2', 40000, 8765, 0x02),
      tcp('10.0.0.2', '10.0.0.1', 8765, 40000, 0x12),
      tcp('10.0.0.1', '10.0.0.2', 40000, 8765, 0x10),
      tcp('10.0.0.2', '10.0.0.1', 8765, 40000, 0x18, 100),
    ].map(ipFrame);
    feed(aggregator, frames);
    const snapshot = aggregator.snapshot(SOURCE, false);
    assert.equal(snapshot.flows.length, 1);
    const [flow] = snapshot.flows;
    assert.equal(flow.aAddr, '10.0.0.1');
    assert.equal(flow.aPort, 40000);
    assert.equal(flow.bPort, 8765);
    assert.equal(flow.transport, 'tcp');
    assert.equal(flow.packetsAtoB, 2);
    assert.equal(flow.packetsBtoA, 2);
    assert.equal(flow.bytesAtoB, frames[0].length + frames[2].length);
    assert.equal(flow.bytesBtoA, frames[1].length + frames[3].length);
    assert.equal(flow.tcpState, 'established');
    assert.equal(flow.firstSeen, T0);
    assert.equal(flow.lastSeen, T0 + 30);
    assert.deepEqual(
      snapshot.conversations.map(({ aAddr, bAddr, packetsAtoB, packetsBtoA }) => [
        aAddr,
        bAddr,
        packetsAtoB,
        packetsBtoA,
      ]),
      [['10.0.0.1', '10.0.0.2', 2, 2]],
    );
    const host = snapshot.hosts.find((h) => h.addr === '10.0.0.2')!;
    assert.equal(host.packetsIn, 2);
    assert.equal(host.packetsOut, 2);
    assert.equal(host.mac, '02:00:00:00:00:01');
    assert.equal(snapshot.counters.packets, 4);
    assert.deepEqual(
      snapshot.protocols.map((node) => `${node.path}=${node.frames}`),
      ['eth=4', 'eth:ip=4', 'eth:ip:tcp=4', 'eth:ip:tcp:data=1'],
    );
    assert.equal(snapshot.recent.length, 4);
    assert.equal(snapshot.recent[3].flowId, flow.id);
    assert.equal(snapshot.recent[0].info.includes('[SYN]'), true);
  });

  it('follows TCP state through FIN and RST, and starts over on a SYN after the close (one flow, as tshark counts)', () => {
    const aggregator = live();
    const a = (flags: number) => tcp('10.0.0.1', '10.0.0.2', 40000, 80, flags);
    const b = (flags: number) => tcp('10.0.0.2', '10.0.0.1', 80, 40000, flags);
    feed(aggregator, [a(0x02)].map(ipFrame));
    assert.equal(aggregator.snapshot(SOURCE, true).flows[0].tcpState, 'syn-sent');
    feed(aggregator, [b(0x12)].map(ipFrame));
    assert.equal(aggregator.snapshot(SOURCE, true).flows[0].tcpState, 'syn-received');
    feed(aggregator, [a(0x10), a(0x11)].map(ipFrame));
    assert.equal(aggregator.snapshot(SOURCE, true).flows[0].tcpState, 'closing');
    feed(aggregator, [b(0x11)].map(ipFrame));
    assert.equal(aggregator.snapshot(SOURCE, true).flows[0].tcpState, 'closed');
    feed(aggregator, [a(0x02)].map(ipFrame));
    assert.equal(aggregator.snapshot(SOURCE, true).flows[0].tcpState, 'syn-sent');
    feed(aggregator, [b(0x04)].map(ipFrame));
    const flows = aggregator.snapshot(SOURCE, true).flows;
    assert.deepEqual(
      flows.map((flow) => [flow.tcpState, flow.packetsAtoB + flow.packetsBtoA]),
      [['reset', 7]],
    );
  });

  it('keeps IPv6 apart from IPv4 and writes IPv6 addresses as Wireshark does', () => {
    const aggregator = live();
    feed(
      aggregator,
      [
        { src: 'fe80::1', dst: 'fe80::2:0:0:0:0', protocol: 'udp' as const, sport: 5353, dport: 5353, payload: 4 },
        { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'icmp' as const },
      ].map(ipFrame),
    );
    const snapshot = aggregator.snapshot(SOURCE, false);
    assert.deepEqual(snapshot.flows.map((flow) => [flow.aAddr, flow.bAddr, flow.transport, flow.ipVersion]).sort(), [
      ['10.0.0.1', '10.0.0.2', 'icmp', 4],
      ['fe80::1', 'fe80:0:0:2::', 'udp', 6],
    ]);
  });

  it('stays within its caps, evicting the least recently seen rows and counting them', () => {
    const aggregator = live({ limits: { flows: 4, hosts: 3, conversations: 2 } });
    const frames = [1, 2, 3, 4, 5, 6].map((n) =>
      ipFrame({ src: `10.0.0.${n}`, dst: '10.0.1.1', protocol: 'udp', sport: 1000 + n, dport: 53 }),
    );
    feed(aggregator, frames.slice(0, 2));
    aggregator.takeDelta('c', true);
    // The first conversation was refreshed last: it survives, the second goes.
    feed(aggregator, [frames[0], frames[2]]);
    const delta = aggregator.takeDelta('c', true);
    const snapshot = aggregator.snapshot(SOURCE, true);
    assert.deepEqual(snapshot.conversations.map((c) => c.aAddr).sort(), ['10.0.0.1', '10.0.0.3']);
    assert.deepEqual(snapshot.hosts.map((h) => h.addr).sort(), ['10.0.0.1', '10.0.0.3', '10.0.1.1']);
    assert.equal(snapshot.flows.length, 3);
    assert.deepEqual(snapshot.counters.evicted, { flows: 0, hosts: 1, conversations: 1, dnsNames: 0 });
    assert.equal(delta.removed.conversations.length, 1);
    assert.deepEqual(delta.removed.hosts, ['10.0.0.2']);
    // Packets are still all counted.
    assert.equal(snapshot.counters.packets, 4);
  });

  it('sends in a delta only what changed since the previous tick', () => {
    const aggregator = live();
    const one = ipFrame({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 1, dport: 2 });
    const two = ipFrame({ src: '10.0.0.3', dst: '10.0.0.4', protocol: 'udp', sport: 1, dport: 2 });
    feed(aggregator, [one, two]);
    const first = aggregator.takeDelta('c', true);
    assert.equal(first.tick, 1);
    assert.equal(first.flows.length, 2);
    assert.equal(first.recent.length, 2);
    feed(aggregator, [one], T0 + 5000);
    const second = aggregator.takeDelta('c', true);
    assert.equal(second.tick, 2);
    assert.deepEqual(
      second.flows.map((flow) => flow.aAddr),
      ['10.0.0.1'],
    );
    assert.deepEqual(second.hosts.map((host) => host.addr).sort(), ['10.0.0.1', '10.0.0.2']);
    assert.equal(second.recent.length, 1);
    assert.equal(second.recent[0].index, 3);
    assert.deepEqual(
      second.protocols.map((node) => node.path),
      ['eth', 'eth:ip', 'eth:ip:udp'],
    );
    assert.equal(second.counters.packets, 3);
    const empty = aggregator.takeDelta('c', false);
    assert.equal(empty.flows.length + empty.hosts.length + empty.recent.length + empty.protocols.length, 0);
  });

  it('keeps per-second rates with empty seconds in gaps', () => {
    const aggregator = live();
    const frame = ipFrame({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 1, dport: 2 });
    feed(aggregator, [frame, frame], T0, 100);
    feed(aggregator, [frame], T0 + 3000);
    const rates = aggregator.snapshot(SOURCE, false).rates;
    assert.deepEqual(
      rates.map((rate) => [rate.time - T0, rate.packets, rate.bytes]),
      [
        [0, 2, 2 * frame.length],
        [1000, 0, 0],
        [2000, 0, 0],
        [3000, 1, frame.length],
      ],
    );
  });

  it('learns devices from ARP and names from DNS', () => {
    const aggregator = live();
    feed(aggregator, [
      arpFrame(1, '02:aa:00:00:00:01', '10.0.0.7', '10.0.0.1'),
      arpFrame(1, '02:aa:00:00:00:02', '0.0.0.0', '10.0.0.9'),
      ipFrame({ src: '10.0.0.7', dst: '10.0.0.1', protocol: 'udp', sport: 1, dport: 2 }),
    ]);
    aggregator.learnName('10.0.0.7', 'printer.lan', 'dns', T0);
    const snapshot = aggregator.snapshot(SOURCE, false);
    assert.deepEqual(
      snapshot.devices.map(({ ip, mac, source, interface: name }) => ({ ip, mac, source, name })),
      [{ ip: '10.0.0.7', mac: '02:aa:00:00:00:01', source: 'arp', name: 'lab0' }],
    );
    assert.equal(snapshot.hosts.find((host) => host.addr === '10.0.0.7')!.name, 'printer.lan');
    assert.equal(snapshot.protocols.find((node) => node.path === 'eth:arp')!.frames, 2);
    assert.equal(snapshot.recent[0].info, 'Who has 10.0.0.1? Tell 10.0.0.7');
  });

  it('names servers from DNS answers, TLS SNI and HTTP Host, and applications by content', () => {
    const aggregator = live();
    const answer = dnsPacket.encode({
      type: 'response',
      id: 7,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: [{ type: 'A', name: 'www.example.test' }],
      answers: [
        { type: 'CNAME', name: 'www.example.test', data: 'edge.example.test' },
        { type: 'A', name: 'edge.example.test', data: '10.9.9.9' },
      ],
    });
    const request = Buffer.from('GET / HTTP/1.1\r\nHost: web.example.test\r\n\r\n');
    feed(aggregator, [
      ipFrame({ src: '10.0.0.53', dst: '10.0.0.1', protocol: 'udp', sport: 53, dport: 40001, payloadBytes: answer }),
      ipFrame({ src: '10.0.0.1', dst: '10.9.9.9', protocol: 'tcp', sport: 40002, dport: 8000, flags: 0x02 }),
      ipFrame({ src: '10.0.0.1', dst: '10.0.0.80', protocol: 'tcp', sport: 40003, dport: 8080, payloadBytes: request }),
    ]);
    const snapshot = aggregator.snapshot(SOURCE, false);
    assert.deepEqual(
      snapshot.dnsNames.map(({ addr, name, source }) => [addr, name, source]),
      [['10.9.9.9', 'edge.example.test', 'dns']],
    );
    const flowTo = (addr: string) => snapshot.flows.find((flow) => flow.bAddr === addr)!;
    assert.equal(flowTo('10.9.9.9').serverName, 'edge.example.test');
    assert.equal(flowTo('10.0.0.80').serverName, 'web.example.test');
    assert.equal(flowTo('10.0.0.80').app, 'http');
    assert.equal(flowTo('10.0.0.1').app, 'dns');
    assert.equal(snapshot.hosts.find((host) => host.addr === '10.9.9.9')!.name, 'edge.example.test');
    assert.deepEqual(
      snapshot.protocols.map((node) => `${node.path}=${node.frames}`),
      ['eth=3', 'eth:ip=3', 'eth:ip:udp=1', 'eth:ip:udp:dns=1', 'eth:ip:tcp=2', 'eth:ip:tcp:http=1'],
    );
    assert.equal(snapshot.recent[2].protocol, 'HTTP');
  });
});
