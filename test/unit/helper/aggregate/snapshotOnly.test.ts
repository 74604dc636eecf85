// Issue 18, the warm path: an aggregator made for a file read whole (`deltas: false`) keeps no note
// of changed rows, one load and store fewer per table a packet uses. It must count, order and evict
// exactly as one that does, whole or folded from parts as worker threads read them, and refuse a
// delta in words rather than send an empty one. Nor does it keep the ids of evicted rows, which only
// a delta takes: a file whose tables evict all along kept one string per eviction to the end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import type { AggregatorOptions } from '../../../../src/helper/aggregate/packetAggregator';
import { RowIndex } from '../../../../src/helper/aggregate/rowIndex';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import type { TrafficSource } from '../../../../src/shared/model/traffic';
import { flowMixFrame } from '../../../fixtures/testFrames';

const SOURCE: TrafficSource = { kind: 'file', path: 'x.pcap', format: 'pcap', linkTypes: [1] };
// Below the traffic's 1,000 flows and 157 hosts: every table evicts.
const LIMITS = { flows: 300, hosts: 60, conversations: 120 };
const PACKETS = 3000;

/** Packets `from…to-1` of 1,000 flows among 150 hosts, into a new aggregator made with `options`. */
function aggregate(options: AggregatorOptions, from = 0, to = PACKETS): PacketAggregator {
  const aggregator = new PacketAggregator({ interfaceName: 'x.pcap', limits: LIMITS, ...options });
  const packet = new DecodedPacket();
  for (let n = from; n < to; n++) {
    const frame = flowMixFrame(n);
    decodePacket(packet, 1, frame, 0, frame.length);
    aggregator.add(packet, 1_700_000_000_000 + n * 10, frame.length);
  }
  return aggregator;
}

describe('an aggregator asked only for snapshots', () => {
  it('counts, orders and evicts as one that keeps deltas, read whole or in parts', () => {
    const tracked = aggregate({}).snapshot(SOURCE, false, false);
    assert.ok(tracked.counters.evicted.flows > 0 && tracked.counters.evicted.hosts > 0);
    assert.deepEqual(aggregate({ deltas: false }).snapshot(SOURCE, false, false), tracked);
    const first = aggregate({ deltas: false }, 0, 1700);
    first.absorb(structuredClone(aggregate({ deltas: false }, 1700).segment()));
    const parts = aggregate({}, 0, 1700);
    parts.absorb(structuredClone(aggregate({}, 1700).segment()));
    assert.deepEqual(first.snapshot(SOURCE, false, false), parts.snapshot(SOURCE, false, false));
  });

  it('keeps no ids of evicted rows, which only a delta would take (a file evicting all along kept them all)', () => {
    const tracked = aggregate({});
    const removed = (aggregator: PacketAggregator) =>
      [aggregator.flows, aggregator.hosts, aggregator.conversations].map((table) => table.removed.length);
    assert.ok(removed(tracked).every((count) => count > 0));
    const snapshots = aggregate({ deltas: false });
    assert.ok(snapshots.counters().evicted.flows > 0);
    assert.deepEqual(removed(snapshots), [0, 0, 0]);
  });

  it('refuses a delta, and a table stops tracking only while empty', () => {
    assert.throws(() => aggregate({ deltas: false }, 0, 10).takeDelta('c', false), /does not track its changes/);
    const rows = new RowIndex(
      1,
      8,
      () => undefined,
      () => undefined,
    );
    rows.probe[0] = 1;
    rows.insert(rows.hashProbe());
    assert.throws(() => rows.untrackChanges(), /before its first row/);
  });

  it('lets only untrackChanges stop a table tracking its changes', () => {
    const rows = new RowIndex(
      1,
      8,
      () => undefined,
      () => undefined,
    );
    // The compiler refuses an assignment (the typecheck fails should one be allowed)…
    // @ts-expect-error tracksChanges is read-only outside RowIndex: only untrackChanges clears it
    const assignFromOutside = (): void => void (rows.tracksChanges = false);
    // …and at run time there is no setter: the assignment throws (strict code) or changes nothing.
    try {
      assignFromOutside();
    } catch (error) {
      assert.ok(error instanceof TypeError);
    }
    assert.equal(rows.tracksChanges, true);
    rows.untrackChanges();
    assert.equal(rows.tracksChanges, false);
  });
});
