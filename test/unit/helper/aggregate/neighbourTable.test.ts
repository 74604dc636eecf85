// The aggregator's LLDP/CDP neighbour table: one row per protocol, chassis and port, refreshed by
// each announcement, capped with evictions counted, carried in snapshots and deltas, merged across
// file parts, and folded by the receivers' TrafficState under the same key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import type { AggregatorOptions } from '../../../../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import type { TrafficSource } from '../../../../src/shared/model/traffic';
import { TRAFFIC_VIEW_LIMITS } from '../../../../src/shared/traffic/trafficLimits';
import { TrafficState, neighbourKey } from '../../../../src/shared/traffic/trafficState';
import { neighbourFrames } from '../../../fixtures/neighbourFrames';

const SOURCE: TrafficSource = {
  kind: 'live',
  captureId: 'c1',
  interface: 'lab0',
  filter: '',
  snaplen: 65535,
  promiscuous: true,
  linkType: 1,
};
const T0 = 1_700_000_000_000;
const frame = (name: string) => neighbourFrames.find((candidate) => candidate.name.startsWith(name))!;
const SWITCH = frame('LLDP from a switch');
const ROUTER = frame('CDP v2 from a router');
const HOST = frame('LLDP from a host');

function aggregator(options: AggregatorOptions = {}): PacketAggregator {
  return new PacketAggregator({ interfaceName: 'lab0', ...options });
}

function feed(into: PacketAggregator, frames: { bytes: Buffer; linkType: number }[], start = T0): void {
  const packet = new DecodedPacket();
  frames.forEach((each, i) => {
    decodePacket(packet, each.linkType, each.bytes, 0, each.bytes.length);
    into.add(packet, start + i * 1000, each.bytes.length);
  });
}

describe('neighbour table', () => {
  it('keeps what each device says about itself, with its source MAC, interface and times', () => {
    const table = aggregator();
    feed(table, [SWITCH, ROUTER]);
    const [lldp, cdp] = table.snapshot(SOURCE, true).neighbours;
    assert.deepEqual(lldp, {
      protocol: 'lldp',
      chassisId: '02:00:00:00:00:99',
      chassisIdType: 'mac',
      portId: 'ge-0/0/1',
      portIdType: 'interface-name',
      portDescription: 'uplink to core',
      systemName: 'switch1',
      systemDescription: 'Juniper switch',
      capabilities: ['Bridge', 'Router'],
      enabledCapabilities: ['Bridge'],
      managementAddresses: ['10.0.0.254', 'fd00::fe'],
      vlan: 100,
      sourceMac: '02:00:00:00:00:99',
      interface: 'lab0',
      ttl: 120,
      firstSeen: T0,
      lastSeen: T0,
    });
    assert.equal(cdp.protocol, 'cdp');
    assert.equal(cdp.chassisId, 'router1');
    assert.equal(cdp.portId, 'GigabitEthernet0/1');
    assert.equal(cdp.platform, 'cisco WS-C2960-24TT-L');
    assert.deepEqual(cdp.capabilities, ['Router', 'Switch', 'IGMP capable']);
    assert.deepEqual(cdp.managementAddresses, ['10.0.0.1', 'fd00::1', '10.0.0.2']);
    assert.equal(cdp.vlan, 10);
    assert.equal(cdp.duplex, 'full');
    assert.equal(cdp.ttl, 180);
  });

  it('an announcement heard again refreshes its row (first seen kept) and is in the next delta only', () => {
    const table = aggregator();
    feed(table, [SWITCH, ROUTER]);
    assert.equal(table.takeDelta('c1', true).neighbours.length, 2);
    assert.equal(table.takeDelta('c1', true).neighbours.length, 0);
    feed(table, [SWITCH], T0 + 30_000);
    const delta = table.takeDelta('c1', true);
    assert.deepEqual(
      delta.neighbours.map((row) => [row.chassisId, row.firstSeen, row.lastSeen]),
      [['02:00:00:00:00:99', T0, T0 + 30_000]],
    );
    assert.equal(table.snapshot(SOURCE, true).neighbours.length, 2);
  });

  it('is capped: the least recently heard goes first, and the evictions are counted', () => {
    const table = aggregator({ limits: { neighbours: 2 } });
    feed(table, [SWITCH, ROUTER, HOST]);
    const snapshot = table.snapshot(SOURCE, true);
    assert.deepEqual(
      snapshot.neighbours.map((row) => row.chassisId),
      ['router1', '02:00:00:00:00:99'],
    );
    assert.equal(snapshot.neighbours[1].portId, '02:00:00:00:00:99', 'the host, not the switch port');
    assert.equal(snapshot.counters.evicted.neighbours, 1);
    assert.equal(aggregator().snapshot(SOURCE, true).counters.evicted.neighbours, undefined, 'absent until one is');
  });

  it('a file read in parts gives the table one pass gives', () => {
    const frames = [SWITCH, ROUTER, HOST, SWITCH];
    const whole = aggregator();
    feed(whole, frames);
    const first = aggregator();
    const second = aggregator();
    feed(first, frames.slice(0, 2));
    feed(second, frames.slice(2), T0 + 2000);
    first.absorb(second.segment());
    assert.deepEqual(first.snapshot(SOURCE, true).neighbours, whole.snapshot(SOURCE, true).neighbours);
  });

  it('receivers fold the rows by the same key and cap them too', () => {
    const table = aggregator();
    feed(table, [SWITCH, ROUTER]);
    const state = new TrafficState({ ...TRAFFIC_VIEW_LIMITS, neighbours: 2 });
    state.load({ ...table.snapshot(SOURCE, true), tick: 0 });
    table.takeDelta('c1', true);
    feed(table, [HOST, SWITCH], T0 + 5000);
    const result = state.apply({ ...table.takeDelta('c1', true), tick: 1 });
    assert.equal(result.kind === 'merged' && result.changes.neighbours, true);
    assert.deepEqual(
      [...state.neighbours.keys()],
      [
        neighbourKey({ protocol: 'lldp', chassisId: '02:00:00:00:00:99', portId: 'ge-0/0/1' }),
        'lldp|02:00:00:00:00:99|02:00:00:00:00:99',
      ],
    );
  });
});
