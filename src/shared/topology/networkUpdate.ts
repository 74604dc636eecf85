// A capture tick applied to the network layout's graph in place of building it again: at 5,000
// hosts a build takes 40–60 ms of the page's thread, while a tick mostly adds bytes to edges that
// exist, starts a few conversations between nodes that exist and drops the oldest. Rows come
// beside the rows they replace, so each adds its difference; each traffic edge counts the
// conversations it carries, so the last one leaving takes its traffic evidence (or the edge) away.
// Whatever the patch cannot decide exactly as buildNetworkGraph would (a node to add or remove, a
// changed name, TTL or MAC, folded subnets) it refuses, and the caller builds the graph afresh; a
// test holds the two to the same graph.
import type { HostTraffic, IpConversation } from '../model/traffic';
import type { AddressBook } from './addressBook';
import { classify, DEFAULT_STALE_AFTER_MS, markStale } from './addressBook';
import { edgeId, TRAFFIC, trafficWords } from './graphBuilder';
import { INTERNET_ID, SELF_ID } from './networkGraph';
import type { TopologyEdge, TopologyGraph, TopologyNode } from './topologyModel';

/** A row of a tick beside the row it replaces (`before` undefined: a new row). */
export interface Replaced<T> {
  before?: T;
  after: T;
}

/** The part of a tick the network layout draws. */
export interface NetworkTick {
  conversations: readonly Replaced<IpConversation>[];
  hosts: readonly Replaced<HostTraffic>[];
  /** rows the tick removed or the caps evicted */
  droppedConversations: readonly IpConversation[];
  droppedHosts: readonly HostTraffic[];
  /** ms since the Unix epoch */
  now: number;
}

/** Where a conversation's bytes go, as buildNetworkGraph links it. */
interface ConversationLink {
  /** between two hosts other than this machine: the LAN is not switched */
  others: boolean;
  /** the edge's ends; absent: the conversation draws no edge */
  ends?: { source: string; target: string; /** the conversation's a end is the source side */ aIsSource: boolean };
}

/** One network graph kept up to date tick by tick. */
export class NetworkGraphUpdater {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges = new Map<string, TopologyEdge>();
  /** conversations carried per traffic edge */
  private readonly carried = new Map<string, number>();
  private readonly gateway: string | undefined;

  /** `graph`: built by buildNetworkGraph from `conversations`; `book`: the address book of the devices. */
  constructor(
    public graph: TopologyGraph,
    private readonly book: AddressBook,
    conversations: Iterable<IpConversation>,
  ) {
    for (const node of graph.nodes) this.nodes.set(node.id, node);
    for (const edge of graph.edges) this.edges.set(edge.id, edge);
    this.gateway = graph.nodes.find((node) => node.kind === 'gateway')?.id;
    for (const row of conversations) {
      const link = this.linkOf(row);
      if (link !== 'rebuild' && link?.ends) this.count(link.ends, 1);
    }
  }

  /** The graph after the tick (new arrays; nodes and edges updated in place), or undefined: build it again. */
  apply(tick: NetworkTick): TopologyGraph | undefined {
    const { graph } = this;
    if (graph.layout !== 'network' || graph.collapsed.length > 0 || !this.decidable(tick)) return undefined;
    const links = tick.conversations.map(({ after }) => this.linkOf(after) as ConversationLink | undefined);
    const dropped = tick.droppedConversations.map((row) => this.linkOf(row) as ConversationLink | undefined);
    // Every edge that loses its last conversation must keep some other evidence, or it goes.
    const leaving = new Map<string, number>();
    dropped.forEach(
      (link) => link?.ends && leaving.set(this.idOf(link.ends), (leaving.get(this.idOf(link.ends)) ?? 0) + 1),
    );
    const changed = new Set<TopologyEdge>();
    let removedEdges = false;
    let { switchedLan } = graph;
    for (const { before, after } of tick.hosts) this.addHost(after, before, 1);
    for (const row of tick.droppedHosts) this.addHost(row, undefined, -1);
    const added: TopologyEdge[] = [];
    tick.conversations.forEach(({ before, after }, i) => {
      const link = links[i];
      if (link?.others) switchedLan = false;
      if (!link?.ends) return;
      const edge = this.edgeFor(link.ends, added);
      this.addBytes(edge, link.ends, after, before, 1);
      if (!before) this.count(link.ends, 1);
      changed.add(edge);
    });
    tick.droppedConversations.forEach((row, i) => {
      const ends = dropped[i]?.ends;
      if (!ends) return;
      const edge = this.edges.get(this.idOf(ends))!;
      this.addBytes(edge, ends, row, undefined, -1);
      if (this.count(ends, -1) > 0) return void changed.add(edge);
      edge.evidence = edge.evidence.filter((reason) => reason.kind !== 'traffic');
      if (edge.evidence.length === 0) {
        this.edges.delete(edge.id);
        removedEdges = true;
      }
    });
    for (const edge of changed) {
      for (const reason of edge.evidence) if (reason.kind === 'traffic') reason.detail = trafficWords(edge);
    }
    const self = this.nodes.get(SELF_ID);
    if (self) self.lastSeen = tick.now;
    markStale(graph.nodes, tick.now - DEFAULT_STALE_AFTER_MS);
    const edges = removedEdges ? [...this.edges.values()] : [...graph.edges, ...added];
    this.graph = { ...graph, nodes: [...graph.nodes], edges, switchedLan };
    return this.graph;
  }

  /**
   * Whether the patch gives what a build would: no node comes or goes, none changes its label,
   * kind or ring, the Internet keeps a conversation and its newest time.
   */
  private decidable(tick: NetworkTick): boolean {
    const { nodes } = this;
    // Without traffic before, whether the LAN is switched is yet to be decided.
    if (!this.graph.edges.some((edge) => edge.evidence.some((reason) => reason.kind === 'traffic'))) return false;
    for (const { before, after } of tick.hosts) {
      if (!nodes.has(this.nodeId(after.addr))) continue; // the network layout draws no host only traffic knows
      if (!before || before.mac !== after.mac || before.ttl !== after.ttl || before.name !== after.name) return false;
      if (after.lastSeen < before.lastSeen) return false;
    }
    if (tick.droppedHosts.some((row) => nodes.has(this.nodeId(row.addr)))) return false;
    for (const { before, after } of tick.conversations) {
      if (before && after.lastSeen < before.lastSeen) return false;
      if (this.linkOf(after) === 'rebuild') return false;
    }
    const internet = nodes.get(INTERNET_ID);
    for (const row of tick.droppedConversations) {
      const link = this.linkOf(row);
      if (link === 'rebuild' || !link?.ends) continue;
      // A host only its conversations drew goes with them.
      for (const ip of [row.aAddr, row.bAddr]) {
        if (classify(this.book, ip).local && !this.book.devices.has(ip) && !this.book.selfIps.has(ip)) return false;
      }
      if (link.ends.target === INTERNET_ID && internet) {
        if ((internet.members ?? 0) <= 1 || row.lastSeen >= internet.lastSeen) return false;
      }
    }
    return true;
  }

  private nodeId(ip: string): string {
    return this.book.selfIps.has(ip) ? SELF_ID : `ip:${ip}`;
  }

  private idOf(ends: { source: string; target: string }): string {
    return edgeId(ends.source, ends.target);
  }

  private count(ends: { source: string; target: string }, by: number): number {
    const id = this.idOf(ends);
    const count = (this.carried.get(id) ?? 0) + by;
    this.carried.set(id, count);
    return count;
  }

  private addHost(row: HostTraffic, before: HostTraffic | undefined, sign: 1 | -1): void {
    const node = this.nodes.get(this.nodeId(row.addr));
    if (!node || (sign === 1 && !before)) return;
    const bytes = (r: HostTraffic | undefined) => (r ? r.bytesIn + r.bytesOut : 0);
    node.bytes += sign * bytes(row) - (sign === 1 ? bytes(before) : 0);
    if (sign === 1 && node.id !== SELF_ID) node.lastSeen = Math.max(node.lastSeen, row.lastSeen);
  }

  /** The edge of a link, made (and listed in `added`) when new; traffic evidence added if missing. */
  private edgeFor(ends: NonNullable<ConversationLink['ends']>, added: TopologyEdge[]): TopologyEdge {
    const id = this.idOf(ends);
    let edge = this.edges.get(id);
    if (!edge) {
      edge = { id, source: ends.source, target: ends.target, evidence: [], bytesOut: 0, bytesIn: 0 };
      this.edges.set(id, edge);
      added.push(edge);
    }
    if (!edge.evidence.some((reason) => reason.kind === 'traffic')) edge.evidence.push({ ...TRAFFIC });
    return edge;
  }

  /** Adds a row's bytes (less those of the row it replaces) to its edge, and to the Internet node. */
  private addBytes(
    edge: TopologyEdge,
    ends: NonNullable<ConversationLink['ends']>,
    row: IpConversation,
    before: IpConversation | undefined,
    sign: 1 | -1,
  ): void {
    const out = sign * row.bytesAtoB - (before?.bytesAtoB ?? 0);
    const back = sign * row.bytesBtoA - (before?.bytesBtoA ?? 0);
    const [sent, received] = ends.aIsSource ? [out, back] : [back, out];
    const forward = edge.source === ends.source;
    edge.bytesOut += forward ? sent : received;
    edge.bytesIn += forward ? received : sent;
    if (ends.target !== INTERNET_ID) return;
    const internet = this.nodes.get(INTERNET_ID)!;
    internet.bytes += out + back;
    if (sign === 1) internet.lastSeen = Math.max(internet.lastSeen, row.lastSeen);
    if (sign === -1 || !before) internet.members = (internet.members ?? 0) + sign;
  }

  /** Where a conversation's bytes go; 'rebuild': it needs a node the graph lacks. */
  private linkOf(row: IpConversation): ConversationLink | 'rebuild' | undefined {
    const { book, nodes } = this;
    const a = classify(book, row.aAddr);
    const b = classify(book, row.bAddr);
    if (!a.peer || !b.peer) return undefined;
    const others = !book.selfIps.has(row.aAddr) && !book.selfIps.has(row.bAddr);
    if (!a.local && !b.local) return { others };
    const aId = this.nodeId(row.aAddr);
    const bId = this.nodeId(row.bAddr);
    if ((a.local && !nodes.has(aId)) || (b.local && !nodes.has(bId))) return 'rebuild';
    if (a.local && b.local)
      return aId === bId ? { others } : { others, ends: { source: aId, target: bId, aIsSource: true } };
    if (!nodes.has(INTERNET_ID)) return 'rebuild';
    const local = a.local ? aId : bId;
    return { others, ends: { source: this.gateway ?? local, target: INTERNET_ID, aIsSource: a.local } };
  }
}
