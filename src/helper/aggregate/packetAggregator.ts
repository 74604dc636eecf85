import { ADDRESS_WORDS, isUnspecified, parseAddress } from './addressWords';
import { learnNames } from './appNames';
import type { NameSink } from './appNames';
import { ConversationTable } from './conversationTable';
import { DnsNameTable } from './dnsNameTable';
import { FlowTable } from './flowTable';
import type { AggregatorSegment } from './aggregatorSegment';
import { hierarchyKey, hierarchyPath } from './hierarchyKey';
import { hierarchyTail } from './hierarchyTail';
import { HostTable } from './hostTable';
import { IpCounter } from './ipCounter';
import { macNumber } from './macNumber';
import { NeighbourTable } from './neighbourTable';
import { PassiveDevices } from './passiveDevices';
import { ProtocolHierarchy } from './protocolHierarchy';
import { RateSeries } from './rateSeries';
import { RecentPackets } from './recentPackets';
import { RecentSummaries } from './recentSummaries';
import { hasValidIpHeader } from './tapRules';
import { TunnelPaths } from './tunnelHierarchy';
import type { AggregatorLimits, TrafficAggregator } from './trafficAggregator';
import { listRows, pageRows } from './listedRows';
import type { CaptureRows, CaptureRowsTable } from '../../shared/captureFileProtocol';
import type {
  CaptureCounters,
  DnsName,
  PassiveDevice,
  TrafficDelta,
  TrafficSnapshot,
  TrafficSource,
} from '../../shared/model/traffic';
import { keepNewest } from '../../shared/traffic/newestRows';
import type { TrafficViewLimits } from '../../shared/traffic/trafficLimits';
import { AppInfo } from '../decode/app/appInfo';
import { APP_PROTOCOL_NAMES, AppProtocol } from '../decode/app/appRegistry';
import { decodeApp } from '../decode/app/decodeApp';
import { Icmpv6Type } from '../decode/icmpv6';
import { NetworkLayer, TransportLayer } from '../decode/packet';
import type { DecodedPacket } from '../decode/packet';
import type { TcpView } from '../decode/summary/tcpView';

const lastSeen = (row: { lastSeen: number }) => row.lastSeen;

/** Caps that keep a capture within about 100 MB however long it runs. */
export const DEFAULT_LIMITS: AggregatorLimits = {
  flows: 100_000,
  hosts: 50_000,
  conversations: 100_000,
  dnsNames: 20_000,
  recentPackets: 1000,
  rateSamples: 600,
  neighbours: 1_000,
};

/** How an aggregator is set up. */
export interface AggregatorOptions {
  limits?: Partial<AggregatorLimits>;
  /**
   * Bytes kept of each packet in the recent ring so summaries can be made later (live captures,
   * whose buffer is reused). 0 for files: `readPacket` reads them again from the file instead.
   */
  recentBytes?: number;
  /** reads `capturedLength` bytes at `fileOffset` of the capture file, for summaries of recent packets */
  readPacket?: (fileOffset: number, capturedLength: number) => Uint8Array | undefined;
  /** interface (or file) name put on passively discovered devices */
  interfaceName?: string;
  /**
   * false for an aggregator asked only for snapshots (a file read whole): its tables then keep no
   * note of changed rows for `takeDelta` (which throws), a little less work per packet
   */
  deltas?: boolean;
}

/**
 * The TrafficAggregator: folds every decoded packet into flows, hosts, IP conversations, the
 * protocol hierarchy, per-second rates, the recent-packets ring and passively seen devices.
 * Counting follows tshark's (`-z conv,ip`, `endpoints,ip`, `conv,tcp`, `conv,udp`, `io,phs`,
 * with IP reassembly off), so the numbers can be compared with it directly.
 */
export class PacketAggregator implements TrafficAggregator, NameSink {
  readonly limits: AggregatorLimits;
  readonly flows: FlowTable;
  readonly hosts: HostTable;
  readonly conversations: ConversationTable;
  readonly protocols = new ProtocolHierarchy();
  readonly names: DnsNameTable;
  readonly rates: RateSeries;
  readonly recent: RecentPackets;
  readonly devices: PassiveDevices;
  readonly neighbours: NeighbourTable;
  private packets = 0;
  private bytes = 0;
  private truncated = 0;
  private malformed = 0;
  private kernelDrops = 0;
  private interfaceDrops = 0;
  private firstPacketTime = 0;
  private lastPacketTime = 0;
  private tick = 0;
  /** recent-ring count at the previous delta */
  private recentReported = 0;
  private readonly ip: IpCounter;
  private readonly tunnelPaths = new TunnelPaths();
  private readonly recentSummaries: RecentSummaries;
  /** the application layer of the packet being added (reused) */
  private readonly app = new AppInfo();
  private readonly nameOf = (addr: string) => this.names.nameOf(addr);
  /** a flow's, a host's and an IP conversation's row as ticks, snapshots and pages send it */
  private readonly flowRow = (slot: number) => this.flows.summary(slot, this.nameOf);
  private readonly hostRow = (slot: number) => this.hosts.summary(slot, this.nameOf);
  private readonly conversationRow = (slot: number) => this.conversations.summary(slot);

  constructor(options: AggregatorOptions = {}) {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.limits = limits;
    this.flows = new FlowTable(limits.flows);
    this.hosts = new HostTable(limits.hosts);
    this.conversations = new ConversationTable(limits.conversations);
    this.ip = new IpCounter(this.flows, this.hosts, this.conversations);
    this.names = new DnsNameTable(limits.dnsNames);
    this.rates = new RateSeries(limits.rateSamples);
    this.recent = new RecentPackets(limits.recentPackets, options.recentBytes ?? 0);
    this.devices = new PassiveDevices(limits.hosts, options.interfaceName ?? '');
    this.neighbours = new NeighbourTable(limits.neighbours, options.interfaceName ?? '');
    this.recentSummaries = new RecentSummaries(this.recent, options.readPacket, (packet) => this.tcpView(packet));
    if (options.deltas === false) {
      for (const table of [this.flows, this.hosts, this.conversations, this.devices]) table.rows.untrackChanges();
    }
  }

  /**
   * Folds in one packet (see TrafficAggregator.add). `fileOffset` is where the packet's bytes
   * start in its capture file, when it comes from one, so the recent ring can read it again.
   */
  add(packet: DecodedPacket, timeMs: number, wireLength: number, fileOffset = -1): void {
    const frame = ++this.packets;
    this.bytes += wireLength;
    if (this.firstPacketTime === 0) this.firstPacketTime = timeMs;
    if (timeMs > this.lastPacketTime) this.lastPacketTime = timeMs;
    if (packet.truncated) this.truncated++;
    if (packet.malformed) this.malformed++;
    this.rates.add(timeMs, wireLength);
    const app = this.app;
    // Frames without IP may carry a protocol of their own (LLDP, CDP): decodeApp looks at those too.
    const appProtocol =
      packet.payloadLength > 0 || packet.network >= NetworkLayer.Llc ? decodeApp(packet, app) : AppProtocol.None;
    this.countHierarchy(packet, appProtocol, wireLength);

    let flowSerial = 0;
    // Each IP header of a tunnelled frame is counted, as tshark's taps count them.
    if (packet.tunnelDepth !== 0) this.countOuterLayers(packet, timeMs, wireLength);
    if (packet.ipVersion !== 0 && hasValidIpHeader(packet)) {
      flowSerial = this.ip.count(packet, timeMs, wireLength);
      if (flowSerial !== 0 && appProtocol > AppProtocol.Data) {
        this.flows.setApp(this.flows.lastSlot, APP_PROTOCOL_NAMES[appProtocol], app.serverName || undefined);
      }
      if (packet.transport === TransportLayer.Icmpv6) this.noteNeighbour(packet, timeMs);
      if (NAMING[appProtocol] === 1) learnNames(packet, app, macNumber(packet.data, packet.srcMacOffset), timeMs, this);
    } else if (packet.network === NetworkLayer.Arp) this.noteArp(packet, timeMs);
    else if (appProtocol > AppProtocol.Data) this.neighbours.add(packet, app, timeMs);

    this.recent.add(
      frame,
      timeMs,
      wireLength,
      packet.linkType,
      packet.data,
      packet.frameOffset,
      packet.capturedLength,
      fileOffset,
      flowSerial,
    );
  }

  /** How a TCP segment of this capture is numbered (relative, scaled), as its flow learnt it. */
  tcpView(packet: DecodedPacket): TcpView | undefined {
    return this.ip.tcpView(packet);
  }

  setDrops(kernelDrops: number, interfaceDrops: number): void {
    this.kernelDrops = kernelDrops;
    this.interfaceDrops = interfaceDrops;
  }

  /** records a name for an address learnt from DNS, DHCP or mDNS, and marks the host changed */
  learnName(addr: string, name: string, source: DnsName['source'], time: number): void {
    if (!this.names.set(addr, name, source, time)) return;
    const { probe } = this.hosts.rows;
    const version = parseForHost(addr, probe);
    if (version !== 0) this.hosts.markChanged();
  }

  /** records a device named by DHCP or mDNS */
  learnDevice(
    ip: string,
    mac: number,
    source: PassiveDevice['source'],
    time: number,
    hostname?: string,
    vendorClass?: string,
  ): void {
    this.devices.addNamed(ip, mac, source, time, hostname, vendorClass);
  }

  counters(): CaptureCounters {
    return {
      packets: this.packets,
      bytes: this.bytes,
      kernelDrops: this.kernelDrops,
      interfaceDrops: this.interfaceDrops,
      truncated: this.truncated,
      malformed: this.malformed,
      evicted: {
        flows: this.flows.evicted,
        hosts: this.hosts.evicted,
        conversations: this.conversations.evicted,
        dnsNames: this.names.evicted,
        ...(this.neighbours.evicted ? { neighbours: this.neighbours.evicted } : {}),
      },
      tables: {
        flows: this.flows.rows.count,
        hosts: this.hosts.rows.count,
        conversations: this.conversations.rows.count,
      },
    };
  }

  takeDelta(captureId: string, running: boolean): TrafficDelta {
    const flows: TrafficDelta['flows'] = [];
    this.flows.rows.takeDirty((slot) => flows.push(this.flowRow(slot)));
    const hosts: TrafficDelta['hosts'] = [];
    this.hosts.rows.takeDirty((slot) => hosts.push(this.hostRow(slot)));
    const conversations: TrafficDelta['conversations'] = [];
    this.conversations.rows.takeDirty((slot) => conversations.push(this.conversationRow(slot)));
    const devices: TrafficDelta['devices'] = [];
    this.devices.rows.takeDirty((slot) => devices.push(this.devices.summary(slot)));
    const recent = this.recentSummaries.since(this.recentReported);
    this.recentReported = this.recent.added;
    return {
      captureId,
      tick: ++this.tick,
      counters: this.counters(),
      running,
      lastPacketTime: this.lastPacketTime,
      flows,
      hosts,
      conversations,
      protocols: this.protocols.takeChanged(),
      dnsNames: this.names.takeChanged(),
      recent,
      rates: this.rates.takeChanged(),
      devices,
      neighbours: this.neighbours.takeChanged(),
      removed: {
        flows: this.flows.takeRemoved(),
        hosts: this.hosts.takeRemoved(),
        conversations: this.conversations.takeRemoved(),
      },
    };
  }

  /**
   * Everything counted; `withRecent` false leaves out the recent packets (their summaries cost a
   * file read each). With `cut`, each table holds only the rows a receiver cut to those limits keeps
   * (the newest, or a file's largest): what a view shows of a file whose tables hold many more (the
   * counters say how many each holds).
   */
  snapshot(source: TrafficSource, running: boolean, withRecent = true, cut?: TrafficViewLimits): TrafficSnapshot {
    const { flows, hosts, conversations, devices } = this;
    const rates = this.rates.all();
    const recent = withRecent ? this.recentSummaries.since(0) : [];
    return {
      source,
      ...(source.kind === 'live' ? { tick: this.tick } : {}),
      counters: this.counters(),
      running,
      firstPacketTime: this.firstPacketTime,
      lastPacketTime: this.lastPacketTime,
      flows: listRows(flows, this.flowRow, cut?.flows, cut?.keep),
      hosts: listRows(hosts, this.hostRow, cut?.hosts, cut?.keep),
      conversations: listRows(conversations, this.conversationRow, cut?.conversations, cut?.keep),
      protocols: this.protocols.all(),
      dnsNames: cut ? keepNewest(this.names.all(), cut.dnsNames, lastSeen) : this.names.all(),
      recent: cut ? recent.slice(-cut.recentPackets) : recent,
      rates: cut ? rates.slice(-cut.rateSamples) : rates,
      devices: listRows(devices, (slot) => devices.summary(slot), cut?.devices),
      neighbours: cut ? keepNewest(this.neighbours.all(), cut.neighbours, lastSeen) : this.neighbours.all(),
    };
  }

  /** Rows `from…` of a table (1-based, in the snapshot's order), and how many there are. */
  tableRows(table: CaptureRowsTable, from: number, count: number): CaptureRows {
    if (table === 'flows') return pageRows(this.flows, this.flowRow, from, count);
    if (table === 'hosts') return pageRows(this.hosts, this.hostRow, from, count);
    return pageRows(this.conversations, this.conversationRow, from, count);
  }

  /** Everything counted so far as plain data, to move to another thread and `absorb` there. */
  segment(): AggregatorSegment {
    return {
      packets: this.packets,
      bytes: this.bytes,
      truncated: this.truncated,
      malformed: this.malformed,
      firstPacketTime: this.firstPacketTime,
      lastPacketTime: this.lastPacketTime,
      flows: this.flows.segment(),
      hosts: this.hosts.segment(),
      conversations: this.conversations.segment(),
      protocols: this.protocols.all(),
      names: this.names.all(),
      namesEvicted: this.names.evicted,
      rates: this.rates.all(),
      recent: this.recent.segment(),
      devices: this.devices.segment(),
      neighbours: this.neighbours.segment(),
    };
  }

  /**
   * Folds in what another aggregator counted over the part of the same capture that came right
   * after this one's packets (a file read in parts by several threads): the tables then hold what
   * one pass over both parts would have given (see each table's `absorb` for the few exceptions).
   */
  absorb(part: AggregatorSegment): void {
    const framesBefore = this.packets;
    this.packets += part.packets;
    this.bytes += part.bytes;
    this.truncated += part.truncated;
    this.malformed += part.malformed;
    if (this.firstPacketTime === 0) this.firstPacketTime = part.firstPacketTime;
    if (part.lastPacketTime > this.lastPacketTime) this.lastPacketTime = part.lastPacketTime;
    const flowSerials = this.flows.absorb(part.flows);
    this.hosts.absorb(part.hosts);
    this.conversations.absorb(part.conversations);
    this.protocols.absorb(part.protocols);
    this.names.absorb(part.names, part.namesEvicted);
    this.rates.absorb(part.rates);
    this.recent.absorb(part.recent, framesBefore, flowSerials);
    this.devices.absorb(part.devices);
    this.neighbours.absorb(part.neighbours);
  }

  private countHierarchy(packet: DecodedPacket, appProtocol: AppProtocol, wireLength: number): void {
    const tail = hierarchyTail(packet, appProtocol, this.app, wireLength);
    const protocols = this.protocols;
    const appName = APP_PROTOCOL_NAMES[appProtocol];
    if ((packet.tunnelDepth | packet.tunnel) !== 0) {
      protocols.count(this.tunnelPaths.chain(protocols, packet, tail, appName), wireLength);
      return;
    }
    const key = hierarchyKey(packet, tail);
    const chain = protocols.chain(key) ?? protocols.register(key, hierarchyPath(packet, tail, appName));
    protocols.count(chain, wireLength);
  }

  /** Counts the IP layers outside a packet's tunnels (its innermost is counted as any packet's). */
  private countOuterLayers(packet: DecodedPacket, time: number, length: number): void {
    for (let i = 0; i < packet.tunnelDepth; i++) {
      const outer = packet.outer[i]!;
      if (outer.ipVersion !== 0 && hasValidIpHeader(outer)) this.ip.count(outer, time, length);
    }
  }

  private noteArp(packet: DecodedPacket, time: number): void {
    // An ARP probe (RFC 5227) says 0.0.0.0: it announces a MAC, not an address.
    if (packet.arpSenderMacOffset < 0 || packet.arpSenderIp === 0) return;
    this.devices.addIpv4(packet.arpSenderIp, macNumber(packet.data, packet.arpSenderMacOffset), 'arp', time);
  }

  private noteNeighbour(packet: DecodedPacket, time: number): void {
    if (packet.ndpLinkAddressOffset < 0) return;
    const mac = macNumber(packet.data, packet.ndpLinkAddressOffset);
    // An advertisement's option names the target's link address; the others, the sender's.
    if (packet.icmpType === Icmpv6Type.NeighborAdvertisement && packet.ndpTargetOffset >= 0) {
      this.devices.addIpv6(packet.data, packet.ndpTargetOffset, mac, 'ndp', time);
    } else if (!isUnspecified(this.ip.pair)) {
      this.devices.addIpv6(packet.data, packet.srcAddrOffset, mac, 'ndp', time);
    }
  }
}

/** 1 for the application protocols that name addresses or devices, by id (a table: one load per packet). */
const NAMING = new Uint8Array(APP_PROTOCOL_NAMES.length);
for (const protocol of [AppProtocol.dns, AppProtocol.mdns, AppProtocol.llmnr, AppProtocol.nbns, AppProtocol.dhcp]) {
  NAMING[protocol] = 1;
}

/** writes a textual address into a host key probe; returns its version (0: not an address) */
function parseForHost(addr: string, probe: Uint32Array): number {
  const version = parseAddress(addr, probe, 0);
  probe[ADDRESS_WORDS] = version;
  return version;
}
