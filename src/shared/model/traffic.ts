// What the packet engine knows about traffic, in the shape the extension and the dashboard use.
// One vocabulary serves a live capture (a snapshot, then one delta per tick) and a capture file
// (one snapshot). Every string other than addresses comes from the network: treat it as hostile.

/** The transport a flow runs over, as tshark names it in its conversation tables. */
export type FlowTransport = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'other';

/** TCP connection state as seen from the packets (not a full state machine: what a monitor needs). */
export type TcpState =
  /** SYN seen, no SYN-ACK yet */
  | 'syn-sent'
  /** SYN-ACK seen, handshake not completed */
  | 'syn-received'
  /** data or the handshake's final ACK seen (also for flows whose start was not captured) */
  | 'established'
  /** one side sent FIN */
  | 'closing'
  /** both sides sent FIN */
  | 'closed'
  /** RST seen */
  | 'reset';

/**
 * One flow: a 5-tuple in both directions. Side A is the side that sent the first packet seen
 * (for TCP, the side that sent the SYN when the SYN was captured), as tshark's `conv,tcp` does.
 */
export interface FlowSummary {
  /** stable within one capture; opaque */
  id: string;
  transport: FlowTransport;
  /** IP protocol number (6, 17, 1, 58…) */
  ipProtocol: number;
  ipVersion: 4 | 6;
  aAddr: string;
  /** 0 for transports without ports */
  aPort: number;
  bAddr: string;
  bPort: number;
  /** application protocol named by content, as Wireshark names it ('dns', 'http', 'tls', 'quic', 'ssh'…) */
  app?: string;
  /** the server's name from TLS SNI, HTTP Host or a DNS answer for `bAddr` (hostile) */
  serverName?: string;
  packetsAtoB: number;
  /** bytes on the wire (frame length), A to B */
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
  /** ms since the Unix epoch (fractional) */
  firstSeen: number;
  lastSeen: number;
  /** TCP flows only */
  tcpState?: TcpState;
}

/** Traffic to and from one address (an endpoint in tshark's terms). */
export interface HostTraffic {
  /** IPv4 or IPv6 address */
  addr: string;
  /** hardware address last seen sending from it on the local link, lower case with colons */
  mac?: string;
  /** a name for it learnt from captured DNS answers, DHCP or mDNS (hostile) */
  name?: string;
  /** IP TTL (IPv6 hop limit) of the last packet it sent, as it arrived: the topology's hop estimate */
  ttl?: number;
  packetsIn: number;
  bytesIn: number;
  packetsOut: number;
  bytesOut: number;
  firstSeen: number;
  lastSeen: number;
}

/** Traffic between two IP addresses (tshark `-z conv,ip`); A is the source of the first packet seen. */
export interface IpConversation {
  /** stable within one capture; opaque */
  id: string;
  aAddr: string;
  bAddr: string;
  packetsAtoB: number;
  bytesAtoB: number;
  packetsBtoA: number;
  bytesBtoA: number;
  firstSeen: number;
  lastSeen: number;
}

/** One row of the protocol hierarchy (tshark `-z io,phs`). */
export interface ProtocolNode {
  /**
   * colon-separated path from the link layer, as tshark's `-z io,phs` nests it: `eth:ip:tcp:tls`,
   * `eth:vlan:ip:udp:dns` (its top-level protocol tree items, so no `frame` or `ethertype`)
   */
  path: string;
  /** frames whose dissection reached this node */
  frames: number;
  /** their bytes on the wire */
  bytes: number;
}

/** An address and the name a captured DNS answer (or DHCP/mDNS) gave it. */
export interface DnsName {
  addr: string;
  /** hostile */
  name: string;
  source: 'dns' | 'mdns' | 'dhcp' | 'llmnr' | 'nbns';
  lastSeen: number;
}

/** One line of the packet list, as Wireshark's columns show it. */
export interface PacketSummary {
  /** 1-based frame number within the capture or file */
  index: number;
  /** ms since the Unix epoch (fractional) */
  time: number;
  /** bytes on the wire */
  length: number;
  /** bytes captured (less than `length` when the snap length cut it) */
  capturedLength: number;
  /** source and destination: IP address when there is one, else MAC */
  src: string;
  dst: string;
  srcPort?: number;
  dstPort?: number;
  /** the innermost protocol named, Wireshark style: 'TCP', 'DNS', 'TLSv1.3', 'ARP'… */
  protocol: string;
  /** the Info column: `Standard query 0x1a2b A example.com`, `GET /index.html HTTP/1.1`… (hostile) */
  info: string;
  /** the flow it belongs to, when it has one */
  flowId?: string;
}

/** One layer of a dissected packet, for the packet details pane. */
export interface PacketLayer {
  /** short name ('eth', 'ip', 'tcp', 'dns'…) */
  name: string;
  /** one line, e.g. `Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2` (hostile) */
  title: string;
  /** byte range of the layer in the frame */
  offset: number;
  length: number;
  fields: { name: string; value: string; offset?: number; length?: number }[];
}

/** A dissected packet with its bytes (for the details and hex panes). */
export interface PacketDetail {
  summary: PacketSummary;
  layers: PacketLayer[];
  /** the captured bytes, base64 */
  bytesBase64: string;
}

/** A device seen passively in captured ARP, DHCP, mDNS or NDP. */
export interface PassiveDevice {
  ip: string;
  mac?: string;
  /** organisation that owns the MAC's OUI, from the IEEE registry (the helper has the table) */
  vendor?: string;
  /** hostile */
  hostname?: string;
  /** DHCP vendor class, when the device sent one (hostile) */
  vendorClass?: string;
  source: 'arp' | 'dhcp' | 'mdns' | 'ndp';
  /** interface it was captured on */
  interface: string;
  lastSeen: number;
}

/**
 * A device that announced itself on the link with LLDP or CDP (a switch, router, phone or host):
 * one row per protocol, chassis and port. What the topology view draws as the switch this machine
 * is plugged into. Every string comes from the network: treat it as hostile.
 */
export interface LinkNeighbour {
  protocol: 'lldp' | 'cdp';
  /** LLDP's chassis id, CDP's device id, as text (a MAC, an address or a name) */
  chassisId: string;
  /** what the chassis id is (LLDP): 'mac', 'network-address', 'interface-name', 'locally-assigned'… */
  chassisIdType?: string;
  /** the port the announcement was sent from */
  portId: string;
  /** what the port id is (LLDP): 'mac', 'interface-name', 'locally-assigned'… */
  portIdType?: string;
  portDescription?: string;
  systemName?: string;
  /** LLDP's system description; CDP's software version */
  systemDescription?: string;
  /** CDP's platform ('cisco WS-C2960-24TT-L') */
  platform?: string;
  /** capabilities as the protocol names them ('Bridge', 'Router'; CDP 'Switch', 'IGMP capable'…) */
  capabilities?: string[];
  /** LLDP: the capabilities that are enabled */
  enabledCapabilities?: string[];
  /** management addresses (IPv4, IPv6), in the order announced */
  managementAddresses: string[];
  /** the port's VLAN: LLDP's IEEE 802.1 port VLAN id, CDP's native VLAN */
  vlan?: number;
  /** CDP's duplex */
  duplex?: 'full' | 'half';
  /** hardware address the announcement came from, lower case with colons */
  sourceMac?: string;
  /** interface (or file) it was captured on */
  interface: string;
  /** seconds the announcement stays valid from `lastSeen` (0: the device is leaving) */
  ttl: number;
  /** ms since the Unix epoch */
  firstSeen: number;
  lastSeen: number;
}

/** Counters of a capture, cumulative since it started. */
export interface CaptureCounters {
  /** frames read (from the wire or the file) */
  packets: number;
  /** their bytes on the wire */
  bytes: number;
  /** frames the kernel dropped because LAN Lens did not read them in time (pcap `ps_drop`) */
  kernelDrops: number;
  /** frames the interface or driver dropped (pcap `ps_ifdrop`) */
  interfaceDrops: number;
  /** frames a header of which was cut by the snap length */
  truncated: number;
  /** frames a header of which contradicted itself */
  malformed: number;
  /** table rows evicted to stay within the memory caps, per table (`neighbours` only once any were) */
  evicted: { flows: number; hosts: number; conversations: number; dnsNames: number; neighbours?: number };
  /**
   * rows each table holds in the helper now: a view keeps fewer (TRAFFIC_VIEW_LIMITS: a live
   * capture's newest, a file's largest), and says how many there are from these
   */
  tables?: { flows: number; hosts: number; conversations: number };
  /** live captures that record (`record`): what `capture/save` would write now */
  recording?: RecordingState;
  /** live captures that export their flows (`ipfix`): what was sent so far */
  ipfix?: FlowExportCounters;
}

/** What a live capture's flow export (IPFIX over UDP) has sent since it started. */
export interface FlowExportCounters {
  /** the collector, HOST:PORT as given */
  collector: string;
  /** flow records sent (one per direction of a flow and export period) */
  records: number;
  /** IPFIX messages (UDP datagrams) sent */
  messages: number;
  /** records not sent because the socket was backed up (the collector sees a gap in the sequence numbers) */
  dropped: number;
  /** sends that failed, e.g. nothing listening at the collector (ICMP port unreachable) */
  errors: number;
  /** the last failure's message */
  lastError?: string;
}

/** The pcap a live capture keeps for `capture/save`. */
export interface RecordingState {
  /** packets in the recording */
  packets: number;
  /** size of the pcap in bytes, headers included */
  bytes: number;
  /** it reached `maxFileBytes` and takes no more packets (the capture itself goes on) */
  full: boolean;
  /**
   * why recording stopped early (a full disk, a write error): the capture goes on, and the
   * recording keeps the packets written before the problem
   */
  error?: string;
}

/** Traffic of one second (or one tick). */
export interface RateSample {
  /** start of the interval, ms since the Unix epoch */
  time: number;
  /** length of the interval in ms (about 1000) */
  durationMs: number;
  packets: number;
  bytes: number;
}

/** Where the traffic comes from. */
export type TrafficSource =
  | {
      kind: 'live';
      captureId: string;
      interface: string;
      /** BPF filter, '' for none */
      filter: string;
      snaplen: number;
      promiscuous: boolean;
      /** LINKTYPE_* of the capture */
      linkType: number;
    }
  | {
      kind: 'file';
      path: string;
      format: 'pcap' | 'pcapng';
      /** LINKTYPE_* of its interfaces */
      linkTypes: number[];
      /**
       * the file is malformed from `offset` (bytes) on, e.g. cut short in the middle of a packet;
       * the statistics cover the packets before it
       */
      problem?: { offset: number; message: string };
    };

/** The tables, shared by a full snapshot and a delta. */
export interface TrafficTables {
  flows: FlowSummary[];
  hosts: HostTraffic[];
  conversations: IpConversation[];
  /** full hierarchy in a snapshot; changed rows in a delta */
  protocols: ProtocolNode[];
  dnsNames: DnsName[];
  /** oldest first; a snapshot holds the whole ring, a delta the packets since the last tick */
  recent: PacketSummary[];
  /** per-second samples, oldest first (a snapshot keeps the last few minutes) */
  rates: RateSample[];
  devices: PassiveDevice[];
  /** LLDP and CDP neighbours: all in a snapshot; those announced again or new in a delta */
  neighbours: LinkNeighbour[];
}

/** Everything known about one capture or file: sent once, then deltas. */
export interface TrafficSnapshot extends TrafficTables {
  source: TrafficSource;
  counters: CaptureCounters;
  /** the capture is running (false for files and stopped captures) */
  running: boolean;
  /** first and last packet, ms since the Unix epoch; 0 before the first packet */
  firstPacketTime: number;
  lastPacketTime: number;
  /**
   * live captures: the number of the last tick whose delta this snapshot already includes (0 before
   * the first tick), so a receiver knows which delta comes next; absent for files
   */
  tick?: number;
}

/**
 * What changed in one tick: rows in the tables are whole rows (replace by id/addr/path), `removed`
 * names rows evicted since the last tick. Counters are cumulative, not differences.
 */
export interface TrafficDelta extends TrafficTables {
  captureId: string;
  /** 1, 2, 3… so a receiver can tell it missed one and ask for a snapshot */
  tick: number;
  counters: CaptureCounters;
  running: boolean;
  lastPacketTime: number;
  removed: { flows: string[]; hosts: string[]; conversations: string[] };
  /** set on the last tick of a capture that stopped on its own: why (e.g. its interface went away) */
  stopReason?: string;
}

/** Upload and download of one interface over the last interval (from the OS counters, no privilege). */
export interface InterfaceBandwidth {
  interface: string;
  /** bytes per second received and sent over the last interval */
  rxBytesPerSecond: number;
  txBytesPerSecond: number;
  /** totals since the interface came up, in bytes */
  rxTotalBytes: number;
  txTotalBytes: number;
}

/** One bandwidth reading of every interface. */
export interface BandwidthSample {
  /** ms since the Unix epoch */
  time: number;
  interfaces: InterfaceBandwidth[];
}
