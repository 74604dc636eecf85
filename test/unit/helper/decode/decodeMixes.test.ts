// The benchmark's frame mixes (bench/decode.bench.ts) decode as they say, so its packets/s figures
// measure the whole decode of those frames: a frame that stopped decoding early would make the
// benchmark faster, not fail it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bufferSource } from '../../../../src/helper/capture/byteSource';
import { chunksOf } from '../../../../src/helper/capture/chunkSource';
import { openPacketReader } from '../../../../src/helper/capture/pcapFile';
import { AppInfo } from '../../../../src/helper/decode/app/appInfo';
import { APP_PROTOCOL_NAMES } from '../../../../src/helper/decode/app/appRegistry';
import { decodeApp } from '../../../../src/helper/decode/app/decodeApp';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { DecodedPacket, TransportLayer } from '../../../../src/helper/decode/packet';
import { appFrames } from '../../../fixtures/appFrames';
import { pcapHeader } from '../../../fixtures/captureBytes';
import { APP_MIX_LENGTH, appMix, TRANSPORT_MIX_BLOCK, transportMix } from '../../../fixtures/decodeMixes';

describe('the decode benchmark’s frame mixes', () => {
  const packet = new DecodedPacket();

  it('transport mix: one full-size TCP frame in five, the rest small UDP, over 50 flows', () => {
    const { records, frames } = transportMix();
    assert.equal(frames.length, TRANSPORT_MIX_BLOCK);
    const flows = new Set<number>();
    frames.forEach(([offset, length], i) => {
      decodePacket(packet, LinkType.Ethernet, records, offset, length);
      assert.equal(packet.malformed || packet.truncated, false, `frame ${i}`);
      flows.add(packet.srcPort);
      if (i % 5 === 0) {
        assert.deepEqual(
          [packet.transport, length, packet.payloadLength],
          [TransportLayer.Tcp, 1514, 1448],
          `frame ${i}`,
        );
      } else {
        assert.deepEqual([packet.transport, length, packet.payloadLength], [TransportLayer.Udp, 100, 58], `frame ${i}`);
      }
    });
    assert.equal(flows.size, 50);
  });

  it('transport mix: its records read back as a pcap stream, frame for frame', () => {
    const { records, frames } = transportMix();
    const reader = openPacketReader(
      chunksOf(bufferSource(Buffer.concat([pcapHeader(true, false, LinkType.Ethernet), records]))),
    );
    const read: Array<[number, number]> = [];
    for (let record = reader.next(); record; record = reader.next()) {
      assert.equal(record.linkType, LinkType.Ethernet);
      read.push([record.capturedLength, record.data[record.offset + 23]]);
    }
    reader.close();
    // Length and IP protocol byte of every frame, in order.
    assert.deepEqual(
      read,
      frames.map(([offset, length]) => [length, records[offset + 23]]),
    );
  });

  it('app mix: half TCP bulk and a fifth small UDP (data), a fifth TLS, a tenth hand-made app frames as named', () => {
    const app = new AppInfo();
    const stream = appMix();
    assert.equal(stream.length, APP_MIX_LENGTH);
    const names = stream.map((frame) => {
      decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
      return APP_PROTOCOL_NAMES[decodeApp(packet, app)];
    });
    const expected = names.map((_, i) => {
      const slot = i % 10;
      if (slot < 5 || (slot >= 7 && slot < 9)) return 'data';
      if (slot < 7) return 'tls';
      return appFrames[Math.floor(i / 10) % appFrames.length].protocol;
    });
    assert.deepEqual(names, expected);
  });
});
