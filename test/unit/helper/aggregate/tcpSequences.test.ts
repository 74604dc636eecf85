// TCP segments numbered as Wireshark numbers them by default (relative sequence numbers, scaled
// window), learnt by the flow table in capture order: a handshake with and without window scaling
// on both sides, a stream first seen mid-way, ports reused by a new connection, and a capture
// read in two parts (the second starting with the other end's segment) numbered as one pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { AppInfo } from '../../../../src/helper/decode/app/appInfo';
import { decodeApp } from '../../../../src/helper/decode/app/decodeApp';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import { packetColumns } from '../../../../src/helper/decode/summary/packetColumns';

const SYN = 0x02;
const ACK = 0x10;
const A = { ip: [10, 0, 0, 1], port: 40000 };
const B = { ip: [10, 0, 0, 2], port: 80 };

interface Segment {
  from: 'A' | 'B';
  flags: number;
  seq: number;
  ack?: number;
  win: number;
  /** window scale option, on a SYN */
  ws?: number;
}

/** An Ethernet/IPv4/TCP frame; with `ws`, a window scale option (and a NOP) after the header. */
function frame({ from, flags, seq, ack = 0, win, ws }: Segment): Uint8Array {
  const [src, dst] = from === 'A' ? [A, B] : [B, A];
  const options = ws === undefined ? [] : [1, 3, 3, ws];
  const tcpLength = 20 + options.length;
  const bytes = new Uint8Array(14 + 20 + tcpLength);
  const view = new DataView(bytes.buffer);
  view.setUint16(12, 0x0800);
  bytes[14] = 0x45;
  view.setUint16(16, 20 + tcpLength);
  bytes[22] = 64;
  bytes[23] = 6;
  bytes.set(src.ip, 26);
  bytes.set(dst.ip, 30);
  view.setUint16(34, src.port);
  view.setUint16(36, dst.port);
  view.setUint32(38, seq);
  view.setUint32(42, ack);
  bytes[46] = (tcpLength / 4) << 4;
  bytes[47] = flags;
  view.setUint16(48, win);
  bytes.set(options, 54);
  return bytes;
}

/** Each segment's Info column, numbered by what `aggregator` learnt. */
function infos(aggregator: PacketAggregator, segments: Segment[]): string[] {
  const packet = new DecodedPacket();
  const app = new AppInfo();
  return segments.map((segment) => {
    const bytes = frame(segment);
    decodePacket(packet, LinkType.Ethernet, bytes, 0, bytes.length);
    decodeApp(packet, app);
    return packetColumns(packet, app, aggregator.tcpView(packet)).info.replace(/^\d+ → \d+ /, '');
  });
}

function aggregate(segments: Segment[]): PacketAggregator {
  const aggregator = new PacketAggregator({ interfaceName: 'lab0' });
  const packet = new DecodedPacket();
  segments.forEach((segment, i) => {
    const bytes = frame(segment);
    decodePacket(packet, LinkType.Ethernet, bytes, 0, bytes.length);
    aggregator.add(packet, 1000 + i, bytes.length);
  });
  return aggregator;
}

const handshake = (clientWs?: number, serverWs?: number): Segment[] => [
  { from: 'A', flags: SYN, seq: 1000, win: 64240, ws: clientWs },
  { from: 'B', flags: SYN | ACK, seq: 5000, ack: 1001, win: 65160, ws: serverWs },
  { from: 'A', flags: ACK, seq: 1001, ack: 5001, win: 502 },
  { from: 'B', flags: ACK, seq: 5001, ack: 1001, win: 509 },
];

const cases: { name: string; segments: Segment[]; expected: string[] }[] = [
  {
    name: 'both SYNs scale: relative numbers, windows shifted (never a SYN’s)',
    segments: handshake(7, 7),
    expected: [
      '[SYN] Seq=0 Win=64240 Len=0 WS=128',
      '[SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 WS=128',
      '[ACK] Seq=1 Ack=1 Win=64256 Len=0',
      '[ACK] Seq=1 Ack=1 Win=65152 Len=0',
    ],
  },
  {
    name: 'the SYN-ACK does not scale: neither side does',
    segments: handshake(7, undefined),
    expected: [
      '[SYN] Seq=0 Win=64240 Len=0 WS=128',
      '[SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0',
      '[ACK] Seq=1 Ack=1 Win=502 Len=0',
      '[ACK] Seq=1 Ack=1 Win=509 Len=0',
    ],
  },
  {
    name: 'first seen mid-stream: bases one before, the window as sent',
    segments: handshake(7, 7).slice(2),
    expected: ['[ACK] Seq=1 Ack=1 Win=502 Len=0', '[ACK] Seq=1 Ack=1 Win=509 Len=0'],
  },
  {
    name: 'a sequence number that wraps past 2^32 stays relative',
    segments: [
      { from: 'A', flags: SYN, seq: 4294967290, win: 100 },
      { from: 'A', flags: ACK, seq: 3, ack: 7, win: 100 },
    ],
    expected: ['[SYN] Seq=0 Win=100 Len=0', '[ACK] Seq=9 Ack=1 Win=100 Len=0'],
  },
];

for (const { name, segments, expected } of cases) {
  test(`TCP numbering: ${name}`, () => {
    assert.deepEqual(infos(aggregate(segments), segments), expected);
  });
}

test('TCP numbering: ports reused by a new connection start new bases', () => {
  const again: Segment[] = [
    { from: 'A', flags: SYN, seq: 90_000, win: 64240 },
    { from: 'A', flags: ACK, seq: 90_001, ack: 7001, win: 502 },
  ];
  const aggregator = aggregate([...handshake(7, 7), ...again]);
  assert.deepEqual(infos(aggregator, again.slice(1)), ['[ACK] Seq=1 Ack=1 Win=502 Len=0']);
});

test('TCP numbering: a capture read in two parts numbers its segments as one pass does', () => {
  const segments = handshake(7, 7);
  const whole = aggregate(segments);
  // The second part starts with the server's segment: its flow's A is the other end there.
  const first = aggregate(segments.slice(0, 2));
  first.absorb(aggregate(segments.slice(3)).segment());
  assert.deepEqual(infos(first, segments), infos(whole, segments));
});
