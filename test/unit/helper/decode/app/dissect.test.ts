import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppInfo } from '../../../../../src/helper/decode/app/appInfo';
import { APP_PROTOCOL_NAMES } from '../../../../../src/helper/decode/app/appRegistry';
import { decodeApp } from '../../../../../src/helper/decode/app/decodeApp';
import { decodePacket } from '../../../../../src/helper/decode/decodePacket';
import { dissectPacket, packetDetail } from '../../../../../src/helper/decode/dissect/dissectPacket';
import { DecodedPacket } from '../../../../../src/helper/decode/packet';
import { protocolStack } from '../../../../../src/helper/decode/protocolStack';
import { packetSummary } from '../../../../../src/helper/decode/summary/packetColumns';
import { handMadeFrames } from '../../../../fixtures/handMadeFrames';
import { linkFrames } from '../../../../fixtures/linkFrames';
import { appFrames } from '../../../../fixtures/appFrames';
import { neighbourFrames } from '../../../../fixtures/neighbourFrames';

const frames = [...handMadeFrames, ...linkFrames, ...appFrames, ...neighbourFrames];

describe('packet dissection for the details pane', () => {
  const packet = new DecodedPacket();
  const app = new AppInfo();

  for (const frame of frames) {
    it(`${frame.name}: one layer per decoded protocol, every range inside the frame`, () => {
      decodePacket(packet, frame.linkType, frame.bytes, 0, frame.bytes.length);
      decodeApp(packet, app);
      const layers = dissectPacket(packet, app);
      // tshark's frame.protocols leaves out the 802.11 management body, which its tree shows as an item.
      const names = layers.map((layer) => layer.name).filter((name) => name !== 'frame' && name !== 'wlan.mgt');
      const expected = protocolStack(packet);
      if (app.protocol) expected.push(APP_PROTOCOL_NAMES[app.protocol]);
      assert.deepEqual(names, expected);
      for (const layer of layers) {
        assert.ok(layer.offset >= 0 && layer.offset + layer.length <= frame.bytes.length, `${layer.name} range`);
        for (const field of layer.fields) {
          if (field.offset === undefined) continue;
          assert.ok(
            field.offset >= 0 && field.offset + field.length! <= frame.bytes.length,
            `${layer.name}.${field.name}`,
          );
        }
      }
    });
  }

  it('cut at every length, the detail never shows a byte that was not captured', () => {
    for (const frame of frames) {
      for (let length = 0; length <= frame.bytes.length; length++) {
        decodePacket(packet, frame.linkType, frame.bytes, 0, length);
        decodeApp(packet, app);
        const detail = packetDetail(packet, app, packetSummary(packet, app, 1, 0, frame.bytes.length));
        assert.equal(Buffer.from(detail.bytesBase64, 'base64').length, length);
        for (const layer of detail.layers) {
          assert.ok(layer.offset + layer.length <= length, `${frame.name} at ${length}: ${layer.name}`);
          for (const field of layer.fields) {
            if (field.offset !== undefined)
              assert.ok(field.offset + field.length! <= length, `${frame.name} at ${length}: ${field.name}`);
          }
        }
      }
    }
  });

  it('titles and fields read like Wireshark for a DNS response over Ethernet', () => {
    const frame = appFrames.find((f) => f.name.startsWith('DNS response'))!;
    decodePacket(packet, frame.linkType, frame.bytes, 0, frame.bytes.length);
    decodeApp(packet, app);
    const layers = dissectPacket(packet, app);
    assert.equal(layers[1].title, 'Ethernet II, Src: 02:00:00:00:00:01, Dst: 02:00:00:00:00:02');
    assert.equal(layers[2].title, 'Internet Protocol Version 4, Src: 10.0.0.2, Dst: 10.0.0.1');
    assert.equal(layers[3].title, 'User Datagram Protocol, Src Port: 53, Dst Port: 40000');
    const dns = layers[4];
    assert.match(dns.title, /^Domain Name System \(Standard query response 0x1a2b/);
    const a = dns.fields.find((field) => field.value.includes('93.184.216.34'))!;
    assert.equal(frame.bytes.subarray(a.offset, a.offset! + a.length!).toString('hex'), '5db8d822');
  });
});
