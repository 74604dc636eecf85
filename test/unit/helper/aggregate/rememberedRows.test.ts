// A flow remembers the slots of its conversation and hosts so its next packets skip three lookups.
// While a table has freed no slot the memory is trusted as it is; once rows were evicted and their
// slots reused by others, the flow must find its rows again rather than count into a stranger's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import type { TrafficSource } from '../../../../src/shared/model/traffic';
import { ipFrame } from '../../../fixtures/testFrames';
import type { FrameSpec } from '../../../fixtures/testFrames';

const SOURCE: TrafficSource = { kind: 'file', path: 'x.pcap', format: 'pcap', linkTypes: [1] };
const KEPT: FrameSpec = { src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 5000, dport: 53 };

describe("a flow's remembered conversation and hosts", () => {
  for (const deltas of [true, false]) {
    it(`are found again once evicted and their slots reused (deltas ${deltas})`, () => {
      // Room for every flow, but for two conversations and four hosts only.
      const aggregator = new PacketAggregator({ limits: { flows: 100, conversations: 2, hosts: 4 }, deltas });
      const packet = new DecodedPacket();
      let time = 1_700_000_000_000;
      const add = (spec: FrameSpec) => {
        const frame = ipFrame(spec);
        decodePacket(packet, 1, frame, 0, frame.length);
        aggregator.add(packet, (time += 10), frame.length);
      };
      add(KEPT);
      add(KEPT);
      // Other pairs push the kept flow's conversation and hosts out; their rows take the freed slots.
      for (let i = 3; i < 9; i += 2) add({ ...KEPT, src: `10.0.0.${i}`, dst: `10.0.0.${i + 1}` });
      add(KEPT);
      const snapshot = aggregator.snapshot(SOURCE, false, false);
      const host = (addr: string) => snapshot.hosts.find((row) => row.addr === addr);
      assert.equal(snapshot.flows.find((flow) => flow.aAddr === '10.0.0.1')?.packetsAtoB, 3);
      // Counted afresh in new rows: one packet each, none of the kept flow's in the others'.
      assert.equal(host('10.0.0.1')?.packetsOut, 1);
      assert.equal(host('10.0.0.2')?.packetsIn, 1);
      const conversation = snapshot.conversations.find((row) => row.aAddr === '10.0.0.1');
      assert.equal(conversation?.packetsAtoB, 1);
      for (const row of snapshot.hosts.filter((row) => row.addr !== '10.0.0.1' && row.addr !== '10.0.0.2')) {
        assert.equal(row.packetsIn + row.packetsOut, 1, row.addr);
      }
      for (const row of snapshot.conversations.filter((row) => row !== conversation)) {
        assert.equal(row.packetsAtoB + row.packetsBtoA, 1, row.aAddr);
      }
    });
  }
});
