// The network layout's graph: this machine at the centre, the devices of its subnets one hop out
// (linked by the subnet they answered on), routers and the hosts behind them on the rings their
// traceroutes or TTLs put them, the LLDP/CDP neighbour at the other end of the cable, traffic
// between local hosts, and the Internet beyond the gateway once traffic to public addresses is seen.
import { displayText } from '../format/displayText';
import type { LinkNeighbour } from '../model/traffic';
import type { AddressBook } from './addressBook';
import { addressBook, addressNode, classify, isLocalAddress, isPeerAddress, markStale } from './addressBook';
import { collapseSubnets } from './collapseSubnets';
import { blankNode, GraphBuilder, TRAFFIC } from './graphBuilder';
import type { TopologyGraph, TopologyInputs, TopologyNode } from './topologyModel';

/** The id of this machine's node. */
export const SELF_ID = 'self';
/** The id of the Internet node. */
export const INTERNET_ID = 'internet';
/** Hosts above which the largest subnets collapse into one node each. */
export const DEFAULT_COLLAPSE_ABOVE = 5000;

/** Builds the network layout's graph. */
export function buildNetworkGraph(inputs: TopologyInputs): TopologyGraph {
  const book = addressBook(inputs);
  const graph = new GraphBuilder();
  const ids = new Map<string, string>();
  // Made once per address: a tick asks for the same few thousand ids tens of thousands of times.
  const idOf = (ip: string) => {
    let id = ids.get(ip);
    if (id === undefined) ids.set(ip, (id = book.selfIps.has(ip) ? SELF_ID : `ip:${ip}`));
    return id;
  };
  addSelf(graph, book, inputs);
  for (const device of book.devices.values()) {
    if (device.isSelf) continue;
    const node = graph.node(idOf(device.ip), () => addressNode(book, device.ip));
    if (node.hopSource === 'link') graph.link(SELF_ID, node.id, { kind: 'same-subnet', detail: node.subnet ?? '' });
  }
  const macs = new Set([...graph.nodes.values()].map((node) => node.mac));
  for (const seen of book.passive.values()) {
    if (book.selfIps.has(seen.ip) || !isPeerAddress(book, seen.ip)) continue;
    // Another address of a device already drawn (its IPv6 link-local one, say): no second node.
    if (seen.mac && macs.has(seen.mac) && !graph.nodes.has(idOf(seen.ip))) continue;
    const node = graph.node(idOf(seen.ip), () => addressNode(book, seen.ip));
    graph.link(SELF_ID, node.id, { kind: 'same-subnet', detail: node.subnet ?? '' });
  }
  addTracedPaths(graph, book, idOf);
  for (const row of inputs.traffic?.neighbours ?? []) addNeighbour(graph, book, row);
  addTraffic(graph, book, inputs, idOf);
  const switchedLan = isSwitched(book, inputs);
  const collapsed = collapseSubnets(graph, inputs.collapseAbove ?? DEFAULT_COLLAPSE_ABOVE);
  markStale(graph.nodes.values(), book.staleBefore);
  return graph.graph('network', switchedLan, collapsed);
}

function addSelf(graph: GraphBuilder, book: AddressBook, inputs: TopologyInputs): void {
  const own = inputs.devices.filter((device) => device.isSelf);
  const self = graph.node(SELF_ID, () => blankNode(SELF_ID, 'self', 'this machine', 'home'));
  self.hops = 0;
  self.lastSeen = inputs.now;
  const first = own[0];
  if (!first) return;
  self.ip = first.ip;
  self.mac = first.mac;
  self.subnet = book.subnets[0]?.text ?? first.subnet;
  const name = displayText(own.find((device) => device.hostname)?.hostname, 64);
  self.label = name ? `${name} (this machine)` : `${first.ip} (this machine)`;
  for (const ip of book.selfIps) {
    const host = book.hosts.get(ip);
    if (host) self.bytes += host.bytesIn + host.bytesOut;
  }
}

/** Each traceroute's path: this machine, the routers that answered, the host; consecutive answers linked. */
function addTracedPaths(graph: GraphBuilder, book: AddressBook, idOf: (ip: string) => string): void {
  for (const record of book.hops.values()) {
    if (record.source !== 'traceroute' || book.selfIps.has(record.ip)) continue;
    const target = graph.node(idOf(record.ip), () => addressNode(book, record.ip));
    let previous = SELF_ID;
    let previousTtl = 0;
    const path = record.path ?? [];
    for (let ttl = 1; ttl <= path.length; ttl++) {
      const address = path[ttl - 1];
      if (!address || address === record.ip || book.selfIps.has(address)) continue;
      const router = graph.node(idOf(address), () => addressNode(book, address));
      // It passed the probe on: it forwards.
      if (router.kind === 'host') router.kind = 'router';
      if (router.icon === 'device-desktop' || router.icon === 'question') router.icon = 'radio-tower';
      if (router.hopSource !== 'link') {
        router.hops = ttl;
        router.hopSource = 'traceroute';
      }
      graph.link(previous, router.id, { kind: 'traceroute', detail: hopWords(previousTtl, ttl) });
      previous = router.id;
      previousTtl = ttl;
    }
    graph.link(previous, target.id, { kind: 'traceroute', detail: hopWords(previousTtl, record.hops) });
  }
}

function hopWords(from: number, to: number): string {
  const silent = to - from - 1;
  return `TTL ${from} → ${to}${silent > 0 ? ` (${silent} silent)` : ''}`;
}

/**
 * An LLDP/CDP announcement: the device it came from (by management address or source MAC) gains
 * what it said; a device not otherwise known becomes a switch node. Either way it is linked to
 * this machine, which heard it on the wire.
 */
function addNeighbour(graph: GraphBuilder, book: AddressBook, row: LinkNeighbour): void {
  if (row.ttl === 0) return; // it said goodbye
  let node: TopologyNode | undefined;
  for (const address of row.managementAddresses) node ??= graph.nodes.get(`ip:${address}`);
  if (!node && row.sourceMac) {
    for (const candidate of graph.nodes.values()) if (candidate.mac === row.sourceMac) node ??= candidate;
  }
  const name = displayText(row.systemName, 64);
  if (!node) {
    const key = row.sourceMac ?? displayText(row.chassisId, 64) ?? '?';
    node = graph.node(`lldp:${key}`, () => {
      const made = blankNode(`lldp:${key}`, 'switch', name ?? displayText(row.chassisId, 64) ?? '?', 'type-hierarchy');
      made.mac = row.sourceMac;
      made.hops = 1;
      made.hopSource = 'link';
      made.ip = row.managementAddresses.find((address) => isLocalAddress(book, address));
      return made;
    });
  } else if (name && node.label === node.ip) {
    node.label = name;
  }
  node.lastSeen = Math.max(node.lastSeen, row.lastSeen);
  node.neighbour ??= {
    protocol: row.protocol,
    chassisId: displayText(row.chassisId, 64) ?? '',
    portId: displayText(row.portId, 64) ?? '',
    portDescription: displayText(row.portDescription, 64),
    systemName: name,
    capabilities: row.capabilities?.map((capability) => displayText(capability, 32) ?? ''),
    vlan: row.vlan,
  };
  graph.link(SELF_ID, node.id, { kind: row.protocol, detail: `port ${displayText(row.portId, 64) ?? '?'}` });
}

/** Conversations between local hosts become traffic edges; traffic to public addresses goes to the Internet node. */
function addTraffic(graph: GraphBuilder, book: AddressBook, inputs: TopologyInputs, idOf: (ip: string) => string) {
  const gateway = [...graph.nodes.values()].find((node) => node.kind === 'gateway');
  for (const row of inputs.traffic?.conversations ?? []) {
    const aClass = classify(book, row.aAddr);
    const bClass = classify(book, row.bAddr);
    if (!aClass.peer || !bClass.peer) continue;
    const a = aClass.local ? localNode(graph, book, row.aAddr, idOf) : undefined;
    const b = bClass.local ? localNode(graph, book, row.bAddr, idOf) : undefined;
    if (a && b) {
      graph.link(a, b, TRAFFIC, row.bytesAtoB, row.bytesBtoA);
      continue;
    }
    const local = a ?? b;
    if (!local) continue;
    const internet = graph.node(INTERNET_ID, () => blankNode(INTERNET_ID, 'internet', 'Internet', 'cloud'));
    internet.lastSeen = Math.max(internet.lastSeen, row.lastSeen);
    internet.bytes += row.bytesAtoB + row.bytesBtoA;
    internet.members = (internet.members ?? 0) + 1;
    // Out of the local host, across the gateway when there is one.
    const [out, back] = a ? [row.bytesAtoB, row.bytesBtoA] : [row.bytesBtoA, row.bytesAtoB];
    graph.link(gateway?.id ?? local, INTERNET_ID, TRAFFIC, out, back);
  }
  const internet = graph.nodes.get(INTERNET_ID);
  if (internet) internet.hops = (gateway?.hops ?? 1) + 1;
}

/** The id of a local address's node, made when new. */
function localNode(graph: GraphBuilder, book: AddressBook, ip: string, idOf: (ip: string) => string) {
  const id = idOf(ip);
  if (!graph.nodes.has(id)) graph.nodes.set(id, addressNode(book, ip));
  return id;
}

/**
 * On a switched LAN a capture only sees this machine's own traffic and broadcasts: a capture
 * with conversations, none of them between two other hosts, says so.
 */
function isSwitched(book: AddressBook, inputs: TopologyInputs): boolean {
  let any = false;
  for (const row of inputs.traffic?.conversations ?? []) {
    any = true;
    const others = !book.selfIps.has(row.aAddr) && !book.selfIps.has(row.bAddr);
    if (others && isPeerAddress(book, row.aAddr) && isPeerAddress(book, row.bAddr)) return false;
  }
  return any;
}
