// The topology graph: what the "Show Topology" view draws and `lanlens topology` prints. Built by
// pure functions from what LAN Lens already knows (scanned devices, port scans, captured traffic
// and LLDP/CDP neighbours, hop counts); every edge carries the evidence that it exists. Labels and
// neighbour fields came from the network: they are hostile, shown as text only.
import type { Device } from '../model/device';
import type { OsGuess } from '../model/ports';
import type { DnsName, FlowSummary, HostTraffic, IpConversation, LinkNeighbour, PassiveDevice } from '../model/traffic';

/** Why an edge is drawn: what was seen that links its two ends. */
export type EvidenceKind =
  /** captured IP packets between the two */
  | 'traffic'
  /** an LLDP announcement received from the other end */
  | 'lldp'
  /** a CDP announcement received from the other end */
  | 'cdp'
  /** consecutive hops of a TTL-limited probe's path */
  | 'traceroute'
  /** both answered on one directly attached subnet (an ARP reply) */
  | 'same-subnet';

/** One reason for an edge, with a few words for the tooltip (`port eth0`, `12.3 kB`, `10.0.0.0/24`). */
export interface Evidence {
  kind: EvidenceKind;
  /** plain text (may hold hostile names) */
  detail: string;
}

/** What a node stands for. */
export type TopologyNodeKind =
  /** the machine LAN Lens runs on */
  | 'self'
  /** the default gateway of a scanned interface */
  | 'gateway'
  /** a router seen as an intermediate hop */
  | 'router'
  /** an LLDP/CDP neighbour that is no scanned device: the switch at the other end of the cable */
  | 'switch'
  /** any other host */
  | 'host'
  /** beyond the gateway: public addresses */
  | 'internet'
  /** a subnet collapsed into one node */
  | 'subnet'
  /** external peers grouped by DNS domain (conversations layout) */
  | 'domain';

/** How a node's hop count was learnt. */
export type HopSource =
  /** on a directly attached subnet (answered ARP): one hop */
  | 'link'
  /** answered a TTL-limited probe */
  | 'traceroute'
  /** estimated from the TTL its packets arrived with */
  | 'ttl';

/** What an LLDP/CDP announcement said about a node (hostile strings). */
export interface NeighbourFacts {
  protocol: 'lldp' | 'cdp';
  chassisId: string;
  portId: string;
  portDescription?: string;
  systemName?: string;
  capabilities?: string[];
  vlan?: number;
}

/** One node of the graph. */
export interface TopologyNode {
  /** stable across rebuilds: `self`, `ip:10.0.0.5`, `lldp:<mac or chassis>`, `subnet:<cidr>`, `domain:<name>`, `internet` */
  id: string;
  kind: TopologyNodeKind;
  /** hostname, neighbour name or address, made safe to show (displayText) */
  label: string;
  ip?: string;
  /** lower case with colons */
  mac?: string;
  vendor?: string;
  /** the subnet it is grouped in (CIDR) */
  subnet?: string;
  /** a codicon name for its glyph */
  icon: string;
  /** OS family of the guess ('Linux', 'Windows'…), for its colour */
  osFamily?: string;
  /** 1 for a directly attached subnet, n for a host n−1 routers away; absent when unknown */
  hops?: number;
  hopSource?: HopSource;
  /** open ports found by a scan */
  openPorts: number;
  /** bytes it sent and received in the capture */
  bytes: number;
  /** known only from captured traffic, never answered a probe */
  passiveOnly: boolean;
  /** last sighting, ms since the Unix epoch (0: unknown) */
  lastSeen: number;
  /** not seen within the staleness window */
  stale: boolean;
  /** a collapsed subnet's or a domain's number of hosts */
  members?: number;
  neighbour?: NeighbourFacts;
}

/** One edge; never without evidence. */
export interface TopologyEdge {
  /** `a|b` of its ends' ids, in sorted order */
  id: string;
  source: string;
  target: string;
  evidence: Evidence[];
  /** captured bytes source → target and back (0 without traffic evidence) */
  bytesOut: number;
  bytesIn: number;
  /** the protocol carrying most of its bytes ('tls', 'dns', 'tcp'…), conversations layout */
  protocol?: string;
}

/** The two ways the view lays the graph out. */
export type TopologyLayoutKind = 'network' | 'conversations';

/** A whole graph. */
export interface TopologyGraph {
  layout: TopologyLayoutKind;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** a capture is loaded but shows no unicast between two other hosts: a switched LAN hides it */
  switchedLan: boolean;
  /** subnets collapsed into one node because the graph was too large */
  collapsed: string[];
}

/** A device as the topology takes it: a scan's device, with what port scans said about it. */
export interface TopologyDevice extends Device {
  os?: OsGuess;
  /** open ports found by a port scan (more complete than `openPorts` of a connect sweep) */
  openPortCount?: number;
}

/** How far a host is and how that was learnt. */
export interface HopRecord {
  ip: string;
  /** the TTL at which the host answered itself: 1 on-link, 2 behind one router… */
  hops: number;
  source: 'traceroute' | 'ttl';
  /** traceroute: the address that answered at each TTL before the host's (undefined: no answer) */
  path?: (string | undefined)[];
}

/** Captured traffic as the topology takes it: TrafficState's maps or a snapshot's arrays. */
export interface TopologyTraffic {
  hosts: Iterable<HostTraffic>;
  conversations: Iterable<IpConversation>;
  flows: Iterable<FlowSummary>;
  dnsNames: Iterable<DnsName>;
  neighbours: Iterable<LinkNeighbour>;
  devices: Iterable<PassiveDevice>;
}

/** Everything a graph is built from. */
export interface TopologyInputs {
  devices: readonly TopologyDevice[];
  traffic?: TopologyTraffic;
  hops: readonly HopRecord[];
  /** ms since the Unix epoch; nodes last seen before `now - staleAfterMs` are stale */
  now: number;
  /** default 10 minutes */
  staleAfterMs?: number;
  /** collapse the largest subnets into one node each while there are more hosts than this (default 5,000) */
  collapseAbove?: number;
}
