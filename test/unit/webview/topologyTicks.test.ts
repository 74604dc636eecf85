// A capture tick patches the network graph the view holds (src/shared/topology/networkUpdate.ts)
// instead of building it again: after every tick of random sequences (bytes growing, new
// conversations between hosts and to the Internet, hosts only traffic knows, rows removed and
// evicted by the caps) the graph equals the one buildNetworkGraph makes of the same state, and most
// ticks were patched, not rebuilt. The graph is had as the view has it (topologyView.ts): the patched
// one, else one the layout worker builds from the inputs, taken up for the next ticks to patch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostTraffic, IpConversation } from '../../../src/shared/model/traffic';
import { buildTopology } from '../../../src/shared/topology/buildTopology';
import { buildNetworkGraph, SELF_ID } from '../../../src/shared/topology/networkGraph';
import type { TopologyGraph } from '../../../src/shared/topology/topologyModel';
import { TRAFFIC_VIEW_LIMITS } from '../../../src/shared/traffic/trafficLimits';
import { TopologyData } from '../../../src/webview/topology/topologyData';
import { NOW, conversationRow, hostRow, labInputs, stateOf, syntheticInputs } from '../../fixtures/topologyFixtures';
import { delta } from '../shared/trafficFixtures';

/** A graph with edges in id order and each edge's ends in name order: a patch may list them otherwise. */
function comparable(graph: TopologyGraph) {
  const edges = graph.edges
    .map((edge) =>
      edge.source <= edge.target
        ? edge
        : { ...edge, source: edge.target, target: edge.source, bytesOut: edge.bytesIn, bytesIn: edge.bytesOut },
    )
    .map((edge) => ({
      ...edge,
      evidence: edge.evidence.map((reason) =>
        reason.kind === 'traffic' ? { kind: 'traffic', detail: `${edge.bytesOut}/${edge.bytesIn}` } : reason,
      ),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  // This machine's last-seen is the view's clock, a few ms on from the tick's.
  const nodes = graph.nodes.map((node) => (node.id === SELF_ID ? { ...node, lastSeen: 0 } : node));
  return { ...graph, nodes, edges };
}

/**
 * The network graph the view shows: as ticks patched it, else built as the layout worker builds it
 * (from the inputs as posted, a structured clone, and posted back) and adopted at the version it
 * was built from.
 */
function shownGraph(data: TopologyData): TopologyGraph {
  const patched = data.patched('network');
  if (patched) return patched;
  const version = data.version;
  const built = buildTopology(structuredClone(data.inputs()), 'network');
  return data.adopt(structuredClone(built), version);
}

const LOCAL = ['10.1.0.1', '10.1.0.2', '10.1.0.11', '10.1.0.20', '10.1.0.30', '10.1.0.254', '10.2.0.11'];
const PUBLIC = ['93.184.216.34', '1.1.1.1', '8.8.8.8'];

function run(seed: number, conversationCap: number, ticks: number): { patched: number; rebuilt: number } {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const inputs = labInputs();
  const data = new TopologyData({ ...TRAFFIC_VIEW_LIMITS, conversations: conversationCap });
  data.reset(stateOf(inputs));
  let graph = shownGraph(data);
  let patched = 0;
  let rebuilt = 0;
  for (let tick = 1; tick <= ticks; tick++) {
    const now = NOW + tick * 1000;
    const conversations: IpConversation[] = [];
    const hosts: HostTraffic[] = [];
    const removed: string[] = [];
    for (const row of data.traffic.conversations.values()) {
      const roll = random();
      if (roll < 0.4)
        conversations.push({ ...row, bytesAtoB: row.bytesAtoB + 700, bytesBtoA: row.bytesBtoA + 90, lastSeen: now });
      else if (roll < 0.45) removed.push(row.id);
    }
    for (let i = Math.floor(random() * 3); i > 0; i--) {
      const [a, b] = random() < 0.7 ? [pick(LOCAL), pick(LOCAL)] : [pick(LOCAL), pick(PUBLIC)];
      if (a !== b) conversations.push({ ...conversationRow(a, b, 400, 200), lastSeen: now });
    }
    // Now and then a local host no scan saw: only a build can add its node.
    if (random() < 0.1)
      conversations.push({ ...conversationRow('10.1.0.11', `10.1.0.${100 + tick}`, 50, 50), lastSeen: now });
    for (const row of data.traffic.hosts.values()) {
      if (random() < 0.3) hosts.push({ ...row, bytesIn: row.bytesIn + 1000, lastSeen: now });
    }
    if (random() < 0.3) hosts.push(hostRow(`192.168.9.${tick}`, 500));
    data.applyTick(
      delta('topology-test', tick, { conversations, hosts, removed: { flows: [], hosts: [], conversations: removed } }),
      now,
    );
    const next = shownGraph(data);
    if (next.nodes[0] === graph.nodes[0]) patched++;
    else rebuilt++;
    graph = next;
    const expected = buildNetworkGraph({
      devices: inputs.devices,
      hops: inputs.hops,
      now,
      traffic: {
        hosts: [...data.traffic.hosts.values()],
        conversations: [...data.traffic.conversations.values()],
        flows: [...data.traffic.flows.values()],
        dnsNames: [...data.traffic.dnsNames.values()],
        neighbours: [...data.traffic.neighbours.values()],
        devices: [...data.traffic.passive.values()],
      },
    });
    assert.deepEqual(comparable(graph), comparable(expected), `seed ${seed}, tick ${tick}`);
  }
  return { patched, rebuilt };
}

describe('a capture tick on the network graph', () => {
  it('patched, equals the graph built afresh, tick after tick', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { patched, rebuilt } = run(seed, TRAFFIC_VIEW_LIMITS.conversations, 40);
      assert.ok(patched > rebuilt, `seed ${seed}: ${patched} patched, ${rebuilt} rebuilt`);
    }
  });

  it('with the conversations table at its cap, the evicted rows leave the graph as a build leaves them', () => {
    for (const seed of [6, 7, 8]) {
      const { patched } = run(seed, 8, 40);
      assert.ok(patched > 10, `seed ${seed}: ${patched} patched`);
    }
  });

  it('a tick of 5,000 hosts and 10,000 conversations touches only what it changed', () => {
    const inputs = syntheticInputs(5000, 10_000);
    const data = new TopologyData();
    data.reset(stateOf(inputs));
    const before = shownGraph(data);
    const rows = [...data.traffic.conversations.values()];
    const grown = rows.slice(0, 2000).map((row) => ({ ...row, bytesAtoB: row.bytesAtoB + 1500, lastSeen: NOW + 1000 }));
    const fresh = conversationRow('10.64.0.1', '10.64.3.7', 900, 300);
    data.applyTick(delta('topology-test', 1, { conversations: [...grown, fresh] }), NOW + 1000);
    const after = shownGraph(data);
    assert.equal(after.nodes[0], before.nodes[0], 'the same node objects: patched');
    assert.equal(after.edges.length, before.edges.length + 1);
    assert.deepEqual(
      after.edges.slice(0, before.edges.length).map((edge) => edge.id),
      before.edges.map((edge) => edge.id),
    );
  });
});
