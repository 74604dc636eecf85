// The conversations layout's graph: one edge per pair of talkers from the captured IP
// conversations (tshark's conv,ip), with its bytes each way and the protocol that carried most of
// them; local hosts are themselves, external peers are grouped by the DNS domain they were named by.
import { displayText } from '../format/displayText';
import type { FlowSummary, IpConversation } from '../model/traffic';
import type { AddressBook } from './addressBook';
import { addressBook, addressNode, isLocalAddress, isPeerAddress, markStale } from './addressBook';
import { collapseSubnets } from './collapseSubnets';
import { blankNode, edgeId, GraphBuilder, TRAFFIC } from './graphBuilder';
import { DEFAULT_COLLAPSE_ABOVE, SELF_ID } from './networkGraph';
import type { TopologyGraph, TopologyInputs } from './topologyModel';

// Second-level labels under which registrars sell names (example.co.uk): the domain is three labels.
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ne', 'or', 'go']);

/** The registrable domain of a host name (`cdn.example.co.uk` → `example.co.uk`); undefined for one label. */
export function registrableDomain(name: string): string | undefined {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  if (labels.length < 2) return undefined;
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const take = tld.length === 2 && SECOND_LEVEL.has(second) && labels.length >= 3 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** An edge's drawn width in pixels for its bytes: logarithmic, so 1 kB and 1 GB both stay readable. */
export function logByteWidth(bytes: number): number {
  return 1 + 1.2 * Math.log10(1 + Math.max(0, bytes) / 1000);
}

/** Builds the conversations layout's graph. */
export function buildConversationGraph(inputs: TopologyInputs): TopologyGraph {
  const book = addressBook(inputs);
  const graph = new GraphBuilder();
  const protocols = dominantProtocols(inputs.traffic?.flows ?? []);
  const serverNames = new Map<string, string>();
  for (const flow of inputs.traffic?.flows ?? []) if (flow.serverName) serverNames.set(flow.bAddr, flow.serverName);
  const nodeOf = (ip: string) => peerNode(graph, book, ip, serverNames.get(ip));
  const self = graph.node(SELF_ID, () => blankNode(SELF_ID, 'self', 'this machine', 'home'));
  self.hops = 0;
  for (const row of inputs.traffic?.conversations ?? []) {
    if (!isPeerAddress(book, row.aAddr) || !isPeerAddress(book, row.bAddr)) continue;
    const a = nodeOf(row.aAddr);
    const b = nodeOf(row.bAddr);
    graph.link(a, b, TRAFFIC, row.bytesAtoB, row.bytesBtoA);
    const edge = graph.edges.get(edgeId(a, b));
    const protocol = protocols.get(pairKey(row));
    if (edge && protocol && !edge.protocol) edge.protocol = protocol;
  }
  // Without a scan this machine's address is unknown: drawn alone it would say nothing.
  if (!hasEdge(graph, SELF_ID) && graph.nodes.size > 1) graph.nodes.delete(SELF_ID);
  const collapsed = collapseSubnets(graph, inputs.collapseAbove ?? DEFAULT_COLLAPSE_ABOVE);
  markStale(graph.nodes.values(), book.staleBefore);
  return graph.graph('conversations', false, collapsed);
}

/** The node an address talks through: itself when local (or unnamed), else its domain's. */
function peerNode(graph: GraphBuilder, book: AddressBook, ip: string, serverName: string | undefined): string {
  if (book.selfIps.has(ip)) {
    const self = graph.nodes.get(SELF_ID)!;
    self.ip ??= ip;
    const host = book.hosts.get(ip);
    if (host) self.bytes = Math.max(self.bytes, host.bytesIn + host.bytesOut);
    return SELF_ID;
  }
  const name = book.names.get(ip)?.name ?? serverName;
  const domain = !isLocalAddress(book, ip) && name ? registrableDomain(displayText(name, 253) ?? '') : undefined;
  if (!domain) return graph.node(`ip:${ip}`, () => addressNode(book, ip)).id;
  const node = graph.node(`domain:${domain}`, () => blankNode(`domain:${domain}`, 'domain', domain, 'globe'));
  const host = book.hosts.get(ip);
  if (host) {
    node.bytes += host.bytesIn + host.bytesOut;
    node.lastSeen = Math.max(node.lastSeen, host.lastSeen);
  }
  node.members = (node.members ?? 0) + 1;
  node.passiveOnly = true;
  return node.id;
}

function hasEdge(graph: GraphBuilder, id: string): boolean {
  for (const edge of graph.edges.values()) if (edge.source === id || edge.target === id) return true;
  return false;
}

function pairKey(row: Pick<IpConversation, 'aAddr' | 'bAddr'>): string {
  return row.aAddr < row.bAddr ? `${row.aAddr}|${row.bAddr}` : `${row.bAddr}|${row.aAddr}`;
}

/** Per address pair, the application (else transport) that carried most bytes. */
function dominantProtocols(flows: Iterable<FlowSummary>): Map<string, string> {
  const totals = new Map<string, Map<string, number>>();
  for (const flow of flows) {
    const key = pairKey(flow);
    let byProtocol = totals.get(key);
    if (!byProtocol) totals.set(key, (byProtocol = new Map<string, number>()));
    const protocol = displayText(flow.app, 16) ?? flow.transport;
    byProtocol.set(protocol, (byProtocol.get(protocol) ?? 0) + flow.bytesAtoB + flow.bytesBtoA);
  }
  const dominant = new Map<string, string>();
  for (const [key, byProtocol] of totals) {
    let best: [string, number] | undefined;
    for (const entry of byProtocol) if (!best || entry[1] > best[1]) best = entry;
    if (best) dominant.set(key, best[0]);
  }
  return dominant;
}
