// The words of tooltips and the details pane, plain text only: labels and neighbour fields came
// from the network, and go into textContent or fillText, never into markup.
import { formatBytes, formatCount } from '../../shared/format/displayFormat';
import type { TopologyEdge, TopologyNode } from '../../shared/topology/topologyModel';
import type { TopologyScene } from './topologyScene';

const HOP_SOURCES = { link: 'on a directly attached subnet', traceroute: 'by traceroute', ttl: 'estimated from TTL' };
const KINDS: Record<TopologyNode['kind'], string> = {
  self: 'this machine',
  gateway: 'default gateway',
  router: 'router',
  switch: 'switch (LLDP/CDP)',
  host: 'host',
  internet: 'the Internet',
  subnet: 'subnet',
  domain: 'DNS domain',
};

/** Every line known about a node. */
export function nodeLines(node: TopologyNode, degree: number): string[] {
  const lines = [node.label, KINDS[node.kind]];
  if (node.ip && node.ip !== node.label) lines.push(`IP ${node.ip}`);
  if (node.mac) lines.push(`MAC ${node.mac}${node.vendor ? ` (${node.vendor})` : ''}`);
  if (node.osFamily) lines.push(`OS ${node.osFamily}`);
  if (node.hops !== undefined) {
    lines.push(`hop ${node.hops}${node.hopSource ? `, ${HOP_SOURCES[node.hopSource]}` : ''}`);
  }
  if (node.members !== undefined) lines.push(`${formatCount(node.members)} hosts`);
  if (node.openPorts > 0) lines.push(`${formatCount(node.openPorts)} open ports`);
  if (node.bytes > 0) lines.push(`${formatBytes(node.bytes)} captured`);
  if (node.neighbour) {
    const { protocol, systemName, portId, portDescription, vlan } = node.neighbour;
    const port = `port ${portId}${portDescription ? ` (${portDescription})` : ''}`;
    lines.push(
      `${protocol.toUpperCase()}: ${systemName ?? node.neighbour.chassisId}, ${port}${vlan ? `, VLAN ${vlan}` : ''}`,
    );
  }
  if (node.passiveOnly) lines.push('seen only in captured traffic');
  if (node.stale) lines.push('not seen recently');
  lines.push(`${formatCount(degree)} ${degree === 1 ? 'link' : 'links'}`);
  return lines;
}

/** An edge's ends and every piece of its evidence. */
export function edgeLines(edge: TopologyEdge, source: TopologyNode, target: TopologyNode): string[] {
  const lines = [`${source.label} ↔ ${target.label}`];
  for (const evidence of edge.evidence) lines.push(`${evidence.kind}: ${evidence.detail}`);
  if (edge.protocol) lines.push(`mostly ${edge.protocol}`);
  return lines;
}

/** The details pane's lines for a node: what is known of it, then each of its edges. */
export function detailLines(scene: TopologyScene, index: number): string[] {
  const { graph, ends } = scene;
  const lines = nodeLines(graph.nodes[index]!, scene.neighbours[index]?.length ?? 0);
  graph.edges.forEach((edge, e) => {
    const a = ends[e * 2]!;
    const b = ends[e * 2 + 1]!;
    if (a === index || b === index) lines.push(edgeLines(edge, graph.nodes[a]!, graph.nodes[b]!).join(' · '));
  });
  return lines;
}
