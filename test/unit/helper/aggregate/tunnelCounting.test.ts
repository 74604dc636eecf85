import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import type { TrafficSnapshot, TrafficSource } from '../../../../src/shared/model/traffic';
import { tunnelFrames } from '../../../fixtures/tunnelFrames';

const SOURCE: TrafficSource = { kind: 'file', path: '/x.pcap', format: 'pcap', linkTypes: [1] };
const T0 = 1_700_000_000_000;

/** The snapshot of an aggregator fed the tunnel frames whose names start with `names`. */
function counted(...names: string[]): TrafficSnapshot {
  const aggregator = new PacketAggregator({ recentBytes: 256, interfaceName: 'lab0' });
  const packet = new DecodedPacket();
  names.forEach((name, i) => {
    const frame = tunnelFrames.find((f) => f.name.startsWith(name))!;
    decodePacket(packet, frame.linkType, frame.bytes, 0, frame.bytes.length);
    aggregator.add(packet, T0 + i, frame.bytes.length);
  });
  return aggregator.snapshot(SOURCE, false);
}

describe('PacketAggregator on tunnelled frames (counted as tshark counts them)', () => {
  it('VXLAN: the outer and the inner IP conversation, the outer UDP flow and the inner TCP one', () => {
    const snapshot = counted('VXLAN (RFC 7348');
    const length = tunnelFrames.find((f) => f.name.startsWith('VXLAN (RFC 7348'))!.bytes.length;
    assert.deepEqual(
      snapshot.conversations.map((c) => `${c.aAddr}>${c.bAddr} ${c.packetsAtoB}/${c.bytesAtoB}`).sort(),
      [`192.168.9.1>192.168.9.2 1/${length}`, `198.51.100.1>198.51.100.2 1/${length}`],
    );
    assert.deepEqual(
      snapshot.flows.map((f) => `${f.transport} ${f.aAddr}:${f.aPort}>${f.bAddr}:${f.bPort} ${f.app ?? ''}`).sort(),
      ['tcp 192.168.9.1:50005>192.168.9.2:80 http', 'udp 198.51.100.1:50004>198.51.100.2:4789 '],
    );
    assert.deepEqual(snapshot.hosts.map((h) => h.addr).sort(), [
      '192.168.9.1',
      '192.168.9.2',
      '198.51.100.1',
      '198.51.100.2',
    ]);
    // The inner host's hardware address is the inner frame's; the outer one's, the underlay's.
    assert.equal(snapshot.hosts.find((h) => h.addr === '192.168.9.1')!.mac, '02:00:00:00:0a:0a');
    assert.equal(snapshot.hosts.find((h) => h.addr === '198.51.100.1')!.mac, '02:00:00:00:00:01');
    assert.deepEqual(
      snapshot.protocols.map((node) => node.path),
      ['eth', 'eth:ip', 'eth:ip:udp', 'eth:ip:udp:vxlan', 'eth:ip:udp:vxlan:eth', 'eth:ip:udp:vxlan:eth:ip'].concat([
        'eth:ip:udp:vxlan:eth:ip:tcp',
        'eth:ip:udp:vxlan:eth:ip:tcp:http',
      ]),
    );
  });

  it('GRE: a flow for the tunnel (as before) and the inner one; no MAC for hosts behind a layer-3 tunnel', () => {
    const snapshot = counted('GRE (RFC 2784)');
    assert.deepEqual(snapshot.flows.map((f) => f.transport).sort(), ['other', 'tcp']);
    assert.equal(snapshot.hosts.find((h) => h.addr === '192.168.1.1')!.mac, undefined);
  });

  it('each IP header counts, so the same pair at two levels counts twice (nested tunnels)', () => {
    const snapshot = counted('Nested', 'IP in IP');
    assert.deepEqual(snapshot.conversations.map((c) => `${c.aAddr}>${c.bAddr} ${c.packetsAtoB}`).sort(), [
      '172.16.0.1>172.16.0.2 1',
      '192.168.18.1>192.168.18.2 1',
      '192.168.19.1>192.168.19.2 1',
      '198.51.100.1>198.51.100.2 2',
    ]);
  });

  it('MPLS: one hierarchy node per label, as tshark nests them', () => {
    const paths = counted('MPLS label stack of three').protocols.map((node) => node.path);
    assert.ok(paths.includes('eth:mpls:mpls:mpls:ipv6:udp:data'), paths.join(', '));
  });

  it('a cut or unread tunnel ends the path where tshark ends it', () => {
    const paths = counted('VXLAN whose Ethernet', 'MPLS stack that ends', 'GRE with a protocol type', 'GRE cut inside')
      .protocols.map((node) => `${node.path}=${node.frames}`)
      .sort();
    assert.deepEqual(paths, [
      'eth:ip:gre:_ws.malformed=1',
      'eth:ip:gre=2',
      'eth:ip:udp:vxlan:_ws.malformed=1',
      'eth:ip:udp:vxlan=1',
      'eth:ip:udp=1',
      'eth:ip=3',
      'eth:mpls:mpls:_ws.malformed=1',
      'eth:mpls:mpls=1',
      'eth:mpls=1',
      'eth=4',
    ]);
  });

  it('names and devices inside a tunnel are learnt: a DNS answer in GRE, an ARP reply in VXLAN', () => {
    const snapshot = counted('GRE with checksum', 'VXLAN, VNI 124');
    assert.deepEqual(
      snapshot.dnsNames.map((n) => `${n.source} ${n.addr} ${n.name}`),
      ['dns 192.168.9.9 a.example'],
    );
    assert.deepEqual(
      snapshot.devices.map((d) => `${d.source} ${d.ip} ${d.mac}`),
      ['arp 192.168.10.1 02:00:00:00:0a:0a'],
    );
  });
});
