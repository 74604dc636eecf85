// `lanlens topology`'s human output: the nodes by hop with how each hop was learnt, then the edges
// with every piece of evidence.
import { renderTable } from './table';
import { formatBytes } from '../../shared/format/displayFormat';
import type { TopologyGraph } from '../../shared/topology/topologyModel';

/** Nodes, then edges, then a summary line. */
export function renderTopology(graph: TopologyGraph): string {
  const nodes = [...graph.nodes].sort((a, b) => (a.hops ?? 99) - (b.hops ?? 99) || a.id.localeCompare(b.id));
  const nodeRows = nodes.map((node) => [
    node.id,
    node.kind,
    node.hops === undefined ? '-' : `${node.hops}${node.hopSource ? ` (${node.hopSource})` : ''}`,
    node.mac ?? '-',
    node.label,
    [
      node.neighbour
        ? `${node.neighbour.protocol} ${node.neighbour.systemName ?? ''} port ${node.neighbour.portId}`
        : '',
      node.bytes > 0 ? formatBytes(node.bytes) : '',
      node.passiveOnly ? 'passive' : '',
    ]
      .filter(Boolean)
      .join(', '),
  ]);
  const edgeRows = graph.edges.map((edge) => [
    edge.source,
    edge.target,
    edge.evidence.map((evidence) => `${evidence.kind} ${evidence.detail}`.trim()).join('; '),
  ]);
  const notes = [
    `${graph.nodes.length} nodes, ${graph.edges.length} edges`,
    graph.collapsed.length > 0 ? `folded: ${graph.collapsed.join(', ')}` : '',
    graph.switchedLan ? 'switched LAN: only this machine’s own and broadcast traffic can be seen' : '',
  ];
  return [
    renderTable(['NODE', 'KIND', 'HOP', 'MAC', 'NAME', ''], nodeRows),
    '',
    renderTable(['FROM', 'TO', 'EVIDENCE'], edgeRows),
    notes.filter(Boolean).join(' · '),
  ].join('\n');
}
