// Very large networks: above a threshold the largest subnets fold into one node each (their hosts
// counted as members), largest first, until the graph fits. This machine, gateways, routers and
// switches never fold: they are the map's skeleton. Edges are re-pointed at the subnet node and
// merged, keeping all their evidence; edges inside a folded subnet vanish with it.
import { addEvidence, blankNode, edgeId } from './graphBuilder';
import type { GraphBuilder } from './graphBuilder';
import type { TopologyEdge, TopologyNode } from './topologyModel';

/** Folds subnets until at most `limit` plain hosts remain; returns the subnets folded. */
export function collapseSubnets(graph: GraphBuilder, limit: number): string[] {
  const bySubnet = new Map<string, TopologyNode[]>();
  let hosts = 0;
  for (const node of graph.nodes.values()) {
    if (node.kind !== 'host' || !node.subnet) continue;
    hosts++;
    let members = bySubnet.get(node.subnet);
    if (!members) bySubnet.set(node.subnet, (members = []));
    members.push(node);
  }
  if (hosts <= limit) return [];
  const largest = [...bySubnet.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const folded = new Map<string, string>();
  const collapsed: string[] = [];
  for (const [subnet, members] of largest) {
    if (hosts <= limit) break;
    const group = foldInto(subnet, members);
    graph.nodes.set(group.id, group);
    for (const member of members) {
      graph.nodes.delete(member.id);
      folded.set(member.id, group.id);
    }
    hosts -= members.length - 1;
    collapsed.push(subnet);
  }
  repointEdges(graph, folded);
  return collapsed;
}

function foldInto(subnet: string, members: TopologyNode[]): TopologyNode {
  const group = blankNode(`subnet:${subnet}`, 'subnet', `${subnet} (${members.length} hosts)`, 'symbol-namespace');
  group.subnet = subnet;
  group.members = members.length;
  group.passiveOnly = members.every((member) => member.passiveOnly);
  group.hops = Math.min(...members.map((member) => member.hops ?? Infinity));
  if (!Number.isFinite(group.hops)) delete group.hops;
  else group.hopSource = members.find((member) => member.hops === group.hops)?.hopSource;
  for (const member of members) {
    group.bytes += member.bytes;
    group.openPorts += member.openPorts;
    group.lastSeen = Math.max(group.lastSeen, member.lastSeen);
  }
  return group;
}

function repointEdges(graph: GraphBuilder, folded: Map<string, string>): void {
  const edges = [...graph.edges.values()];
  graph.edges.clear();
  for (const edge of edges) {
    const source = folded.get(edge.source) ?? edge.source;
    const target = folded.get(edge.target) ?? edge.target;
    if (source === target) continue;
    const id = edgeId(source, target);
    const held = graph.edges.get(id);
    if (!held) {
      graph.edges.set(id, { ...edge, id, source, target, evidence: [...edge.evidence] });
      continue;
    }
    mergeEdge(held, { ...edge, source, target });
  }
}

function mergeEdge(into: TopologyEdge, edge: TopologyEdge): void {
  for (const evidence of edge.evidence) addEvidence(into, evidence);
  const forward = into.source === edge.source;
  into.bytesOut += forward ? edge.bytesOut : edge.bytesIn;
  into.bytesIn += forward ? edge.bytesIn : edge.bytesOut;
}
