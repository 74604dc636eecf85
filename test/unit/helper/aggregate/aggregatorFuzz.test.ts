import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import { appFrames } from '../../../fixtures/appFrames';
import { neighbourFrames } from '../../../fixtures/neighbourFrames';
import { handMadeFrames } from '../../../fixtures/handMadeFrames';
import { linkFrames } from '../../../fixtures/linkFrames';
import { tunnelFrames } from '../../../fixtures/tunnelFrames';

const FRAMES = 200_000;

// A deterministic pseudo-random sequence, so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('aggregator on hostile frames', () => {
  it(`folds ${FRAMES.toLocaleString('en')} mutated and truncated frames into small tables without throwing`, () => {
    // Small caps, so eviction runs all the time; copies of the packets kept, as in a live capture.
    const aggregator = new PacketAggregator({
      limits: { flows: 64, hosts: 32, conversations: 32, dnsNames: 16, recentPackets: 50, rateSamples: 30 },
      recentBytes: 128,
      interfaceName: 'fuzz0',
    });
    const seeds = [...handMadeFrames, ...linkFrames, ...tunnelFrames, ...appFrames, ...neighbourFrames];
    const next = random(7);
    const packet = new DecodedPacket();
    let wireBytes = 0;
    for (let n = 0; n < FRAMES; n++) {
      const seed = seeds[Math.floor(next() * seeds.length)];
      const frame = Buffer.from(seed.bytes);
      const flips = Math.floor(next() * 6);
      for (let i = 0; i < flips; i++) frame[Math.floor(next() * frame.length)] = Math.floor(next() * 256);
      const length = next() < 0.3 ? Math.floor(next() * frame.length) : frame.length;
      decodePacket(packet, seed.linkType, frame, 0, length);
      // Time jumps back and forth now and then, as clocks do.
      const time = 1_700_000_000_000 + n * 3 + (next() < 0.01 ? -5000 : 0);
      aggregator.add(packet, time, frame.length);
      wireBytes += frame.length;
      if (n % 20_000 === 0) {
        const delta = aggregator.takeDelta('fuzz', true);
        assert.ok(delta.flows.length <= 64 && delta.hosts.length <= 32);
      }
    }
    const snapshot = aggregator.snapshot(
      {
        kind: 'live',
        captureId: 'fuzz',
        interface: 'fuzz0',
        filter: '',
        snaplen: 262144,
        promiscuous: true,
        linkType: 1,
      },
      true,
    );
    assert.equal(snapshot.counters.packets, FRAMES);
    assert.equal(snapshot.counters.bytes, wireBytes);
    assert.ok(snapshot.flows.length <= 64 && snapshot.hosts.length <= 32 && snapshot.conversations.length <= 32);
    assert.ok(snapshot.dnsNames.length <= 16 && snapshot.recent.length === 50 && snapshot.rates.length <= 30);
    assert.ok(snapshot.counters.evicted.flows > 0 && snapshot.counters.evicted.hosts > 0);
    // Every frame reaches a root of the hierarchy (a link layer), or none when its link type is unknown.
    const roots = snapshot.protocols.filter((node) => !node.path.includes(':'));
    assert.ok(roots.reduce((sum, node) => sum + node.frames, 0) <= FRAMES);
    // Whatever the bytes said, the snapshot is plain JSON.
    assert.doesNotThrow(() => JSON.stringify(snapshot));
  });
});
