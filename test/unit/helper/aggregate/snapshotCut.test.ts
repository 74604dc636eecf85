// Issue 18, huge captures: a file's snapshot is sent with each table cut to what a view keeps, so a
// file of 100,000 flows is not made into rows, serialised and sent to be cut on arrival. The cut
// must keep exactly the rows the receivers' own cut (TrafficState) keeps from the whole snapshot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import type { TrafficSource } from '../../../../src/shared/model/traffic';
import type { TrafficViewLimits } from '../../../../src/shared/traffic/trafficLimits';
import { TrafficState } from '../../../../src/shared/traffic/trafficState';
import { flowMixFrame } from '../../../fixtures/testFrames';

const SOURCE: TrafficSource = { kind: 'file', path: 'x.pcap', format: 'pcap', linkTypes: [1] };
const CUT: TrafficViewLimits = {
  flows: 300,
  hosts: 40,
  conversations: 100,
  dnsNames: 10,
  recentPackets: 20,
  rateSamples: 5,
  devices: 10,
  neighbours: 10,
};

/** An aggregator over 3,000 packets of 1,000 flows among 150 hosts, with times that repeat and go back. */
function busyAggregator(): PacketAggregator {
  const aggregator = new PacketAggregator({ interfaceName: 'x.pcap', recentBytes: 256 });
  const packet = new DecodedPacket();
  for (let n = 0; n < 3000; n++) {
    const frame = flowMixFrame(n);
    decodePacket(packet, 1, frame, 0, frame.length);
    // Several packets a millisecond (ties in last-seen times), and a clock that steps back now and then.
    const time = 1_700_000_000_000 + Math.floor(n / 4) * 1000 - (n % 97 === 0 ? 60_000 : 0);
    aggregator.add(packet, time, frame.length);
  }
  return aggregator;
}

describe('a snapshot cut to what a view keeps', () => {
  it('holds exactly the rows a receiver keeps of the whole snapshot, in the same order', () => {
    const aggregator = busyAggregator();
    const whole = aggregator.snapshot(SOURCE, false);
    assert.ok(whole.flows.length > CUT.flows && whole.hosts.length > CUT.hosts);
    assert.ok(whole.conversations.length > CUT.conversations && whole.rates.length > CUT.rateSamples);
    const received = new TrafficState(CUT);
    received.load(whole);
    const kept = received.snapshot();
    const cut = aggregator.snapshot(SOURCE, false, true, CUT);
    for (const table of ['flows', 'hosts', 'conversations', 'dnsNames', 'rates', 'recent', 'devices'] as const) {
      assert.deepEqual(cut[table], kept[table], table);
    }
    assert.deepEqual(cut.counters, whole.counters);
  });

  it('pages the whole flows and hosts tables in the whole snapshot’s order', () => {
    const aggregator = busyAggregator();
    const whole = aggregator.snapshot(SOURCE, false);
    const flows = [];
    for (let from = 1; from <= whole.flows.length; from += 128) {
      const page = aggregator.tableRows('flows', from, 128);
      assert.equal(page.total, whole.flows.length);
      flows.push(...page.rows);
    }
    assert.deepEqual(flows, whole.flows);
    assert.deepEqual(aggregator.tableRows('hosts', 1, 100_000).rows, whole.hosts);
    assert.deepEqual(aggregator.tableRows('hosts', whole.hosts.length + 1, 10), {
      rows: [],
      total: whole.hosts.length,
    });
  });
});
