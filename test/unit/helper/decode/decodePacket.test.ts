import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { DecodedPacket, NetworkLayer, TransportLayer } from '../../../../src/helper/decode/packet';
import { protocolStack } from '../../../../src/helper/decode/protocolStack';
import { handMadeFrames, hex } from '../../../fixtures/handMadeFrames';
import { linkFrames } from '../../../fixtures/linkFrames';
import { tunnelFrames } from '../../../fixtures/tunnelFrames';

const packet = new DecodedPacket();
/** Every hand-made frame: Ethernet and cooked captures, then the other link types. */
const allFrames = [...handMadeFrames, ...linkFrames, ...tunnelFrames];

/** Fields that must hold for any decode, whatever the bytes: offsets stay inside the frame. */
function assertInside(decoded: DecodedPacket, where: string): void {
  const start = decoded.frameOffset;
  const end = start + decoded.capturedLength;
  assert.ok(end <= decoded.data.length, `${where}: frame within the buffer`);
  for (const key of ['networkOffset', 'transportOffset', 'payloadOffset', 'srcAddrOffset', 'dstAddrOffset'] as const) {
    const value = decoded[key];
    assert.ok(value === -1 || (value >= start && value <= end), `${where}: ${key} ${value} outside ${start}..${end}`);
  }
  if (decoded.payloadOffset !== -1)
    assert.ok(decoded.payloadOffset + decoded.payloadLength <= end, `${where}: payload`);
}

describe('decodePacket on hand-made frames', () => {
  for (const frame of allFrames) {
    it(frame.name, () => {
      decodePacket(packet, frame.linkType, frame.bytes, 0, frame.bytes.length);
      assert.deepEqual(protocolStack(packet), frame.stack);
      const actual: Record<string, unknown> = {};
      for (const key of Object.keys(frame.fields)) actual[key] = (packet as unknown as Record<string, unknown>)[key];
      assert.deepEqual(actual, frame.fields);
      assert.equal(packet.malformed, false);
      if (frame.payload !== undefined) {
        const text = Buffer.from(packet.data).toString(
          'latin1',
          packet.payloadOffset,
          packet.payloadOffset + packet.payloadLength,
        );
        assert.equal(text, frame.payload);
      }
      assertInside(packet, frame.name);
    });
  }

  it('reads a frame in place at an offset inside a larger buffer (as pcap readers hand them out)', () => {
    const frame = handMadeFrames[1];
    const buffer = Buffer.alloc(frame.bytes.length + 1000, 0xee);
    frame.bytes.copy(buffer, 500);
    decodePacket(packet, frame.linkType, buffer, 500, frame.bytes.length);
    assert.deepEqual(protocolStack(packet), frame.stack);
    assert.equal(packet.payloadOffset, 500 + 54);
    assert.equal(
      buffer.toString('latin1', packet.payloadOffset, packet.payloadOffset + packet.payloadLength),
      frame.payload,
    );
    assert.equal(packet.srcMacOffset, 506);
  });

  it('honours the captured length, not the buffer (cap reuses one big buffer)', () => {
    const frame = handMadeFrames[0];
    const buffer = Buffer.alloc(65535);
    frame.bytes.copy(buffer);
    decodePacket(packet, frame.linkType, buffer, 0, 40);
    assert.equal(packet.capturedLength, 40);
    assert.equal(packet.transport, TransportLayer.Tcp);
    assert.equal(packet.srcPort, 50000);
    assert.equal(packet.truncated, true);
  });

  it('cut at every length: no throw, offsets inside, a cut header sets truncated', () => {
    for (const frame of allFrames) {
      decodePacket(packet, frame.linkType, frame.bytes, 0, frame.bytes.length);
      const full = protocolStack(packet);
      for (let length = 0; length < frame.bytes.length; length++) {
        decodePacket(packet, frame.linkType, frame.bytes, 0, length);
        assertInside(packet, `${frame.name} cut at ${length}`);
        const stack = protocolStack(packet);
        // A shorter capture never invents a layer the whole frame does not have.
        assert.deepEqual(stack, full.slice(0, stack.length), `${frame.name} cut at ${length}`);
        // NFLOG is a list of TLVs: cut between two, what is left is a whole message without its payload.
        const wholeShorter = frame.linkType === LinkType.Nflog && stack.length === 1;
        if (stack.length < full.length && !wholeShorter) {
          assert.ok(packet.truncated, `${frame.name} cut at ${length}: truncated`);
        }
      }
    }
  });

  it('clamps lengths and offsets that lie (negative, past the buffer, NaN)', () => {
    const bytes = handMadeFrames[0].bytes;
    for (const [offset, length] of [
      [0, 1e9],
      [-5, 20],
      [bytes.length + 10, 5],
      [0, -1],
      [Number.NaN, Number.NaN],
    ] as const) {
      decodePacket(packet, LinkType.Ethernet, bytes, offset, length);
      assertInside(packet, `${offset}/${length}`);
    }
  });

  it('marks contradictory headers malformed and stops there', () => {
    const cases: Array<[string, string, NetworkLayer, TransportLayer]> = [
      [
        'IPv4 header length 16',
        '44 00 0014 0000 0000 40 06 0000 7f000001 7f000001',
        NetworkLayer.Ipv4,
        TransportLayer.None,
      ],
      [
        'IPv4 total length below the header',
        '45 00 0010 0000 0000 40 06 0000 7f000001 7f000001',
        NetworkLayer.Ipv4,
        TransportLayer.None,
      ],
      [
        'TCP data offset 4',
        '45 00 0028 0000 0000 40 06 0000 7f000001 7f000001 0001 0002 00000000 00000000 40 02 0000 0000 0000',
        NetworkLayer.Ipv4,
        TransportLayer.Tcp,
      ],
      [
        'UDP length 4',
        '45 00 001c 0000 0000 40 11 0000 7f000001 7f000001 0001 0002 0004 0000',
        NetworkLayer.Ipv4,
        TransportLayer.Udp,
      ],
    ];
    for (const [name, bytes, network, transport] of cases) {
      const frame = hex(bytes);
      decodePacket(packet, LinkType.Ipv4, frame, 0, frame.length);
      assert.equal(packet.malformed, true, name);
      assert.equal(packet.network, network, name);
      assert.equal(packet.transport, transport, name);
      assert.equal(packet.payloadOffset, -1, name);
    }
  });

  it('a version nibble that is neither 4 nor 6 on a raw link is another protocol, not an error', () => {
    const frame = hex('50 00 0014');
    decodePacket(packet, LinkType.Raw, frame, 0, frame.length);
    assert.deepEqual(protocolStack(packet), ['raw']);
    assert.equal(packet.network, NetworkLayer.Other);
  });

  it('an unknown link type decodes to nothing', () => {
    decodePacket(packet, 147, handMadeFrames[0].bytes, 0, 60);
    assert.deepEqual(protocolStack(packet), []);
  });

  it('reset clears everything a previous packet left', () => {
    const fresh = new DecodedPacket();
    decodePacket(packet, handMadeFrames[0].linkType, handMadeFrames[0].bytes, 0, handMadeFrames[0].bytes.length);
    packet.reset();
    assert.deepEqual({ ...packet }, { ...fresh });
  });
});
