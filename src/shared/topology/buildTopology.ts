import { buildConversationGraph } from './conversationGraph';
import { buildNetworkGraph } from './networkGraph';
import type { TopologyGraph, TopologyInputs, TopologyLayoutKind } from './topologyModel';

/** The graph of one layout from everything known. */
export function buildTopology(inputs: TopologyInputs, layout: TopologyLayoutKind): TopologyGraph {
  return layout === 'network' ? buildNetworkGraph(inputs) : buildConversationGraph(inputs);
}
