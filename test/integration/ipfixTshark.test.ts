// The IPFIX encoder and exporter against tshark's IPFIX dissector (cflow) as the oracle: flows of
// every kind LAN Lens exports (TCP, UDP, ICMP over IPv4; UDP over IPv6), enough of them for several
// messages, are exported from a real aggregator; the messages are written to a pcap as UDP
// datagrams; tshark must read every header, template and record, with no malformed or expert
// warning, and each record must be what the flow table holds for its direction.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { PacketAggregator } from '../../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../../src/helper/decode/decodePacket';
import { LinkType } from '../../src/helper/decode/linkType';
import { DecodedPacket } from '../../src/helper/decode/packet';
import { FlowExporter } from '../../src/helper/ipfix/flowExporter';
import type { FlowSummary, TrafficSource } from '../../src/shared/model/traffic';
import { pcapHeader, pcapRecord } from '../fixtures/captureBytes';
import { ipFrame, tcp } from '../fixtures/testFrames';
import type { FrameSpec } from '../fixtures/testFrames';
import { missingTool } from '../lab/tsharkOracle';

const T0 = 1_800_000_000_000;
const ETHERNET = 14;
const SOURCE: TrafficSource = { kind: 'file', path: 'x', format: 'pcap', linkTypes: [1] };
const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-ipfix-tshark-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The frames: 40 TCP connections, 20 UDP exchanges, pings, and IPv6 UDP. */
function traffic(): FrameSpec[] {
  const frames: FrameSpec[] = [];
  for (let i = 0; i < 40; i++) {
    const client = `10.213.9.${10 + (i % 20)}`;
    frames.push(tcp(client, '10.213.9.1', 40000 + i, 443, 0x02), tcp('10.213.9.1', client, 443, 40000 + i, 0x12));
    frames.push(
      tcp(client, '10.213.9.1', 40000 + i, 443, 0x18, 50 + i),
      tcp('10.213.9.1', client, 443, 40000 + i, 0x11, 900),
    );
    // Half the connections close both ways (end of flow), half stay half-closed (forced end at the stop).
    if (i % 2 === 0) frames.push(tcp(client, '10.213.9.1', 40000 + i, 443, 0x11));
  }
  for (let i = 0; i < 20; i++) {
    frames.push({
      src: '10.213.9.50',
      dst: '10.213.9.53',
      protocol: 'udp',
      sport: 5000 + i,
      dport: 53,
      payload: 30 + i,
    });
    frames.push({ src: '10.213.9.53', dst: '10.213.9.50', protocol: 'udp', sport: 53, dport: 5000 + i, payload: 120 });
  }
  frames.push(
    { src: '10.213.9.50', dst: '10.213.9.1', protocol: 'icmp' },
    { src: '10.213.9.1', dst: '10.213.9.50', protocol: 'icmp' },
  );
  for (let i = 0; i < 10; i++) {
    frames.push({ src: 'fd00:213::5', dst: 'fd00:213::1', protocol: 'udp', sport: 6000 + i, dport: 123, payload: 48 });
  }
  return frames;
}

/** Every flow of `traffic()` exported at the capture's end: the messages and the flow table. */
function export_(): { messages: Buffer[]; flows: FlowSummary[] } {
  const aggregator = new PacketAggregator();
  const messages: Buffer[] = [];
  const clock = { now: T0 };
  const exporter = new FlowExporter(
    aggregator.flows,
    { activeTimeoutMs: 300_000, idleTimeoutMs: 60_000 },
    (message) => messages.push(message),
    () => clock.now,
  );
  exporter.start();
  const packet = new DecodedPacket();
  traffic().forEach((spec, i) => {
    const frame = ipFrame(spec);
    decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
    aggregator.add(packet, T0 + i * 3, frame.length);
  });
  clock.now = T0 + 10_000;
  exporter.finish();
  return { messages, flows: aggregator.snapshot(SOURCE, false).flows };
}

/** tshark's time text ("Jan 15, 2027 08:00:00.123000000 UTC") in ms since the epoch. */
function tsharkTime(text: string): number {
  const match = /^(\w{3}) +(\d+), (\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{3})\d* UTC$/.exec(text);
  assert.ok(match, `unexpected time ${text}`);
  const month = 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(match[1]) / 3;
  const [, , day, year, hours, minutes, seconds, ms] = match.map(Number);
  return Date.UTC(year, month, day, hours, minutes, seconds, ms);
}

type Json = Record<string, unknown>;

describe('IPFIX messages read by tshark', { skip: missingTool('tshark') }, () => {
  test('every header, template and record is what LAN Lens exported and its flow table holds', () => {
    const { messages, flows } = export_();
    assert.ok(messages.length >= 4, `${messages.length} messages`);
    const records = messages.map((message, i) =>
      pcapRecord(
        true,
        T0 / 1000 + 11,
        i,
        ipFrame({
          src: '127.0.0.1',
          dst: '127.0.0.1',
          protocol: 'udp',
          sport: 40000,
          dport: 4739,
          payloadBytes: message,
        }),
      ),
    );
    const file = path.join(dir, 'ipfix.pcap');
    writeFileSync(file, Buffer.concat([pcapHeader(true, false, LinkType.Ethernet), ...records]));
    const run = spawnSync(
      'tshark',
      ['-r', file, '-n', '-d', 'udp.port==4739,cflow', '-T', 'json', '--no-duplicate-keys'],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /_ws\.malformed|_ws\.expert/, 'tshark found nothing malformed');
    const packets = JSON.parse(run.stdout) as { _source: { layers: { cflow: Json } } }[];
    assert.equal(packets.length, messages.length);

    const seen: Json[] = [];
    let sequence = 0;
    packets.forEach(({ _source }, i) => {
      const cflow = _source.layers.cflow;
      assert.equal(cflow['cflow.version'], '10');
      assert.equal(Number(cflow['cflow.len']), messages[i].length);
      assert.equal(Number(cflow['cflow.sequence']), sequence, `message ${i}: records sent before it`);
      assert.equal(cflow['cflow.od_id'], '1');
      assert.equal(
        Number((cflow['cflow.timestamp_tree'] as Json)['cflow.exporttime']),
        (T0 + (i === 0 ? 0 : 10_000)) / 1000,
      );
      const sets = Object.entries(cflow).filter(([key]) => key.startsWith('Set '));
      for (const [name, set] of sets as [string, Json][]) {
        if (set['cflow.flowset_id'] === '2') {
          assert.match(name, /\(Data Template\): 256,257$/);
          continue;
        }
        for (const [key, flow] of Object.entries(set))
          if (key.startsWith('Flow ')) seen.push({ ...(flow as Json), template: set['cflow.flowset_id'] });
      }
      if (i === 0) assert.equal(sets.length, 1, 'the first message holds only the templates');
      sequence = seen.length;
    });

    const expected = flows.flatMap((flow) => {
      const directions: [string, number, string, number, number, number][] = [
        [flow.aAddr, flow.aPort, flow.bAddr, flow.bPort, flow.packetsAtoB, flow.bytesAtoB],
        [flow.bAddr, flow.bPort, flow.aAddr, flow.aPort, flow.packetsBtoA, flow.bytesBtoA],
      ];
      return directions
        .filter(([, , , , packets]) => packets > 0)
        .map(([src, sport, dst, dport, packets, bytes]) => ({ flow, src, sport, dst, dport, packets, bytes }));
    });
    assert.equal(seen.length, expected.length, 'one record per direction of every flow');
    for (const { flow, src, sport, dst, dport, packets, bytes } of expected) {
      const v6 = flow.ipVersion === 6;
      const record = seen.find(
        (r) =>
          r[v6 ? 'cflow.srcaddrv6' : 'cflow.srcaddr'] === src &&
          r[v6 ? 'cflow.dstaddrv6' : 'cflow.dstaddr'] === dst &&
          Number(r['cflow.srcport']) === sport &&
          Number(r['cflow.dstport']) === dport &&
          Number(r['cflow.protocol']) === flow.ipProtocol,
      );
      assert.ok(record, `tshark shows no record for ${src}:${sport} > ${dst}:${dport}`);
      assert.equal(record.template, v6 ? '257' : '256');
      assert.equal(Number(record['cflow.packets']), packets);
      assert.equal(Number(record['cflow.layer2_octet_delta_count']), bytes, 'frame bytes: the flow table');
      assert.equal(
        Number(record['cflow.octets']),
        bytes - packets * ETHERNET,
        'IP bytes: the frames less their Ethernet headers',
      );
      const times = record['cflow.timedelta_tree'] as Json;
      assert.equal(tsharkTime(times['cflow.abstimestart'] as string), flow.firstSeen);
      assert.equal(tsharkTime(times['cflow.abstimeend'] as string), flow.lastSeen);
      const reason = flow.tcpState === 'closed' ? '3' : '4';
      assert.equal(record['cflow.flow_end_reason'], reason, `${flow.transport} ${flow.tcpState ?? ''}`);
    }
    const synAck = seen.find((r) => r['cflow.srcport'] === '443' && r['cflow.dstport'] === '40000');
    assert.equal(synAck?.['cflow.tcpflags'], '0x0013', 'SYN-ACK and FIN-ACK: SYN, ACK, FIN');
  });
});
