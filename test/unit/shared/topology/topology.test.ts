import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildConversationGraph,
  logByteWidth,
  registrableDomain,
} from '../../../../src/shared/topology/conversationGraph';
import { hopsFromTtl, initialTtl, mergeHops } from '../../../../src/shared/topology/hops';
import { buildNetworkGraph, INTERNET_ID, SELF_ID } from '../../../../src/shared/topology/networkGraph';
import type { TopologyGraph } from '../../../../src/shared/topology/topologyModel';
import {
  HOSTILE,
  conversationRow,
  hostRow,
  labInputs,
  syntheticInputs,
  topologyDevice,
} from '../../../fixtures/topologyFixtures';

const node = (graph: TopologyGraph, id: string) => {
  const found = graph.nodes.find((candidate) => candidate.id === id);
  assert.ok(found, `node ${id} in ${graph.nodes.map((n) => n.id).join(', ')}`);
  return found;
};
const edge = (graph: TopologyGraph, a: string, b: string) => {
  const found = graph.edges.find(
    (candidate) =>
      (candidate.source === a && candidate.target === b) || (candidate.source === b && candidate.target === a),
  );
  assert.ok(found, `edge ${a}–${b}`);
  return found;
};
const kinds = (graph: TopologyGraph, a: string, b: string) =>
  edge(graph, a, b)
    .evidence.map((e) => e.kind)
    .sort();

describe('hops from TTLs', () => {
  const table: [number, number, number | undefined][] = [
    [64, 64, 1],
    [63, 64, 2],
    [57, 64, 8],
    [128, 128, 1],
    [120, 128, 9],
    [255, 255, 1],
    [250, 255, 6],
    [65, 128, 64],
  ];
  for (const [seen, initial, hops] of table) {
    it(`TTL ${seen}: started at ${initial}, hop ${hops}`, () => {
      assert.equal(initialTtl(seen), initial);
      assert.equal(hopsFromTtl(seen), hops);
    });
  }
  it('refuses what is no TTL', () => {
    for (const seen of [0, -1, 256, 1.5]) assert.equal(hopsFromTtl(seen), undefined);
  });
  it('a traceroute beats an estimate, whichever comes first', () => {
    const probe = { ip: '10.2.0.1', hops: 3, source: 'traceroute' as const };
    const guess = { ip: '10.2.0.1', hops: 2, source: 'ttl' as const };
    assert.equal(mergeHops([probe], [guess]).get('10.2.0.1'), probe);
    assert.equal(mergeHops([guess], [probe]).get('10.2.0.1'), probe);
  });
});

describe('the network layout', () => {
  const graph = buildNetworkGraph(labInputs());

  it('never draws an edge without evidence, nor one to a missing node', () => {
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (const e of graph.edges) {
      assert.ok(e.evidence.length > 0, e.id);
      assert.ok(ids.has(e.source) && ids.has(e.target), e.id);
    }
  });

  it('puts this machine at hop 0 and the devices of its subnet at hop 1, linked by the subnet', () => {
    assert.equal(node(graph, SELF_ID).hops, 0);
    assert.equal(node(graph, SELF_ID).label, '10.1.0.1 (this machine)');
    const gateway = node(graph, 'ip:10.1.0.254');
    assert.deepEqual([gateway.kind, gateway.hops, gateway.hopSource, gateway.icon], ['gateway', 1, 'link', 'globe']);
    assert.deepEqual(edge(graph, SELF_ID, 'ip:10.1.0.254').evidence, [{ kind: 'same-subnet', detail: '10.1.0.0/24' }]);
  });

  it('a traceroute path makes its router and puts the hosts behind it at hop 2', () => {
    const router = node(graph, 'ip:10.1.0.2');
    assert.deepEqual([router.kind, router.hops, router.hopSource], ['router', 1, 'link']);
    assert.deepEqual(kinds(graph, SELF_ID, 'ip:10.1.0.2'), ['same-subnet', 'traceroute']);
    for (const ip of ['10.2.0.11', '10.2.0.12']) {
      const host = node(graph, `ip:${ip}`);
      assert.deepEqual([host.hops, host.hopSource], [2, 'traceroute']);
      assert.deepEqual(edge(graph, 'ip:10.1.0.2', `ip:${ip}`).evidence, [{ kind: 'traceroute', detail: 'TTL 1 → 2' }]);
    }
  });

  it('where no probe ran, the TTL its packets arrived with places a host', () => {
    const far = node(graph, 'ip:10.3.0.5');
    assert.deepEqual([far.hops, far.hopSource, far.passiveOnly], [3, 'ttl', true]);
  });

  it('the LLDP neighbour is the device it came from, with its name and port', () => {
    const neighbour = node(graph, 'ip:10.1.0.20');
    assert.equal(neighbour.label, 'lab-switch');
    assert.equal(neighbour.neighbour?.portId, 'eth0');
    assert.deepEqual(kinds(graph, SELF_ID, 'ip:10.1.0.20'), ['lldp', 'same-subnet']);
    const core = node(graph, 'lldp:02:00:00:00:00:ff');
    assert.deepEqual([core.kind, core.label, core.hops], ['switch', 'core', 1]);
    assert.deepEqual(edge(graph, SELF_ID, core.id).evidence, [{ kind: 'cdp', detail: 'port Gi0/1' }]);
  });

  it('traffic between local hosts is an edge with its bytes; public peers are the Internet, beyond the gateway', () => {
    const talk = edge(graph, 'ip:10.1.0.11', 'ip:10.1.0.50');
    assert.deepEqual([talk.bytesOut + talk.bytesIn, talk.evidence[0].kind], [2000, 'traffic']);
    const internet = node(graph, INTERNET_ID);
    assert.equal(internet.hops, 2);
    const out = edge(graph, 'ip:10.1.0.254', INTERNET_ID);
    assert.equal(out.source, 'ip:10.1.0.254');
    assert.deepEqual([out.bytesOut, out.bytesIn], [1000, 3000]);
    assert.equal(out.evidence[0].detail, '1.00 kB →, 3.00 kB ←');
    assert.ok(!graph.nodes.some((n) => n.ip === '10.1.0.255'), 'a broadcast address is no node');
  });

  it('keeps hostile names as text, marks passive and stale nodes, sizes and colours by scan', () => {
    const named = node(graph, 'ip:10.1.0.11');
    assert.deepEqual([named.label, named.osFamily, named.openPorts, named.icon], [HOSTILE, 'Linux', 3, 'server']);
    assert.equal(node(graph, 'ip:10.1.0.50').passiveOnly, true);
    assert.equal(node(graph, 'ip:10.1.0.11').passiveOnly, false);
    assert.equal(node(graph, 'ip:10.1.0.30').stale, true);
    assert.equal(node(graph, 'ip:10.1.0.11').stale, false);
  });

  it('says a LAN is switched when the capture shows no unicast between two other hosts', () => {
    assert.equal(graph.switchedLan, false);
    const inputs = labInputs();
    inputs.traffic!.conversations = [conversationRow('10.1.0.1', '10.1.0.11', 10, 10)];
    assert.equal(buildNetworkGraph(inputs).switchedLan, true);
    assert.equal(buildNetworkGraph({ ...inputs, traffic: undefined }).switchedLan, false);
  });

  it('collapses the largest subnets above the threshold, keeping every edge’s evidence', () => {
    const inputs = labInputs();
    for (let i = 1; i <= 50; i++) {
      inputs.devices = [
        ...inputs.devices,
        topologyDevice({ ip: `10.9.0.${i}`, subnet: '10.9.0.0/24', methods: ['tcp'] }),
      ];
    }
    inputs.traffic!.hosts = [...inputs.traffic!.hosts, hostRow('10.9.0.1', 100)];
    inputs.traffic!.conversations = [
      ...inputs.traffic!.conversations,
      conversationRow('10.1.0.11', '10.9.0.1', 70, 30),
    ];
    const big = buildNetworkGraph({ ...inputs, collapseAbove: 20 });
    assert.deepEqual(big.collapsed, ['10.9.0.0/24']);
    const subnet = node(big, 'subnet:10.9.0.0/24');
    assert.deepEqual([subnet.kind, subnet.members], ['subnet', 50]);
    assert.ok(!big.nodes.some((n) => n.id === 'ip:10.9.0.1'));
    assert.equal(edge(big, 'ip:10.1.0.11', subnet.id).bytesOut + edge(big, 'ip:10.1.0.11', subnet.id).bytesIn, 100);
  });

  it('builds 5,000 hosts in well under a tick', () => {
    const inputs = syntheticInputs(5000, 10000);
    const started = performance.now();
    const big = buildNetworkGraph({ ...inputs, collapseAbove: 10_000 });
    const ms = performance.now() - started;
    assert.equal(big.nodes.length, 5001);
    assert.ok(ms < 1000, `${ms} ms`);
    assert.equal(
      buildNetworkGraph({ ...inputs, collapseAbove: 3000 }).nodes.length,
      2,
      'one subnet of 5,000 hosts folds into one node',
    );
  });
});

describe('the conversations layout', () => {
  const graph = buildConversationGraph(labInputs());

  it('draws each conversation with its bytes and dominant protocol; external peers by domain', () => {
    const web = edge(graph, SELF_ID, 'domain:example.com');
    assert.deepEqual([web.bytesOut, web.bytesIn, web.protocol], [1000, 3000, 'tls']);
    assert.equal(node(graph, 'domain:example.com').members, 1);
    assert.equal(edge(graph, 'ip:10.1.0.11', 'ip:10.1.0.50').protocol, 'http');
    for (const e of graph.edges)
      assert.deepEqual(
        e.evidence.map((x) => x.kind),
        ['traffic'],
      );
  });

  it('registrable domains', () => {
    const table: [string, string | undefined][] = [
      ['www.example.com', 'example.com'],
      ['cdn.assets.example.co.uk.', 'example.co.uk'],
      ['example.com', 'example.com'],
      ['localhost', undefined],
      ['a.b.c.de', 'c.de'],
    ];
    for (const [name, domain] of table) assert.equal(registrableDomain(name), domain, name);
  });

  it('widths grow with the logarithm of bytes', () => {
    assert.ok(logByteWidth(0) === 1);
    assert.ok(logByteWidth(1e9) < 10 && logByteWidth(1e9) > logByteWidth(1e6));
  });
});
