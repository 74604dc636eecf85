// What the dashboard knows, built from one DashboardState and then one tick per second. Tables
// are keyed maps replaced row by row; recent packets and samples are rings; each table has a
// version number so a view redraws only when its data changed. Pure: no DOM, unit-tested.
import type { CaptureStatus } from '../../shared/model/capture';
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type {
  BandwidthSample,
  CaptureCounters,
  DnsName,
  FlowSummary,
  HostTraffic,
  PacketSummary,
  PassiveDevice,
  ProtocolNode,
  RateSample,
  TrafficSource,
} from '../../shared/model/traffic';
import type { DashboardMode, DashboardState, DashboardTick, DeviceName } from '../../shared/webviewProtocol';
import { RingBuffer } from './ringBuffer';

/** The dashboard's memory bounds. */
export const limits = {
  /** recent packets shown in live mode */
  recentPackets: 10_000,
  /** per-second samples: 5 minutes */
  samples: 300,
  /** rows kept per table; the helper has its own caps, these only guard the view */
  flows: 20_000,
  hosts: 20_000,
  names: 20_000,
};

/** What applying a tick did. */
export type TickOutcome =
  /** applied */
  | 'applied'
  /** a tick was missed: ask the host for a snapshot */
  | 'gap'
  /** from another capture than the one shown (late after a reset): ignored */
  | 'stale';

const emptyCounters = (): CaptureCounters => ({
  packets: 0,
  bytes: 0,
  kernelDrops: 0,
  interfaceDrops: 0,
  truncated: 0,
  malformed: 0,
  evicted: { flows: 0, hosts: 0, conversations: 0, dnsNames: 0 },
});

/** Version numbers per part, bumped on every change. */
export interface ModelVersions {
  flows: number;
  hosts: number;
  protocols: number;
  recent: number;
  rates: number;
  bandwidth: number;
  names: number;
  status: number;
}

export class TrafficModel {
  mode: DashboardMode = 'live';
  source: TrafficSource | undefined;
  counters: CaptureCounters = emptyCounters();
  running = false;
  firstPacketTime = 0;
  lastPacketTime = 0;
  /** the last tick included */
  tick = 0;
  /** whether the snapshot said which tick it includes (else the first delta is taken as it comes) */
  private tickKnown = false;
  captureStatus: CaptureStatus = { available: false };
  interfaces: NetworkInterfaceInfo[] = [];
  activeInterface: string | undefined;
  recording = false;
  /** packets in the file or recording that can be paged */
  packetCount = 0;

  readonly flows = new Map<string, FlowSummary>();
  readonly hosts = new Map<string, HostTraffic>();
  readonly protocols = new Map<string, ProtocolNode>();
  readonly dnsNames = new Map<string, DnsName>();
  readonly passive = new Map<string, PassiveDevice>();
  readonly devices = new Map<string, DeviceName>();
  readonly recent = new RingBuffer<PacketSummary>(limits.recentPackets);
  readonly rates = new RingBuffer<RateSample>(limits.samples);
  readonly bandwidth = new RingBuffer<BandwidthSample>(limits.samples);
  readonly versions: ModelVersions = {
    flows: 0,
    hosts: 0,
    protocols: 0,
    recent: 0,
    rates: 0,
    bandwidth: 0,
    names: 0,
    status: 0,
  };

  /** the capture id ticks must carry ('' before a live capture, the file's id in file mode) */
  get captureId(): string {
    return this.source?.kind === 'live' ? this.source.captureId : '';
  }

  /** Forgets everything and takes the host's state. */
  reset(state: DashboardState): void {
    this.mode = state.mode;
    const traffic = state.traffic;
    this.source = traffic?.source;
    this.counters = traffic?.counters ?? emptyCounters();
    this.running = traffic?.running ?? false;
    this.firstPacketTime = traffic?.firstPacketTime ?? 0;
    this.lastPacketTime = traffic?.lastPacketTime ?? 0;
    this.tick = traffic?.tick ?? 0;
    this.tickKnown = traffic?.tick !== undefined;
    this.flows.clear();
    this.hosts.clear();
    this.protocols.clear();
    this.dnsNames.clear();
    this.passive.clear();
    this.recent.clear();
    this.rates.clear();
    this.bandwidth.clear();
    if (traffic) {
      this.mergeTables(traffic);
    }
    for (const sample of state.bandwidth) appendSample(this.bandwidth, sample);
    this.setDevices(state.devices);
    this.setStatus(state.captureStatus, state.interfaces, state.activeInterface);
    this.recording = state.recording;
    this.packetCount = state.packetCount;
    this.bumpAll();
  }

  /** Applies one second of changes. */
  applyTick(tick: DashboardTick): TickOutcome {
    if (tick.bandwidth) {
      appendSample(this.bandwidth, tick.bandwidth);
      this.versions.bandwidth++;
    }
    const delta = tick.traffic;
    if (!delta) return 'applied';
    if (delta.captureId !== this.captureId) return 'stale';
    if (delta.tick <= this.tick) return 'stale';
    if ((this.tickKnown || this.tick !== 0) && delta.tick !== this.tick + 1) return 'gap';
    this.tick = delta.tick;
    this.tickKnown = true;
    this.counters = delta.counters;
    this.running = delta.running;
    this.lastPacketTime = delta.lastPacketTime;
    if (!this.firstPacketTime && delta.recent[0]) this.firstPacketTime = delta.recent[0].time;
    for (const id of delta.removed.flows) this.flows.delete(id);
    for (const addr of delta.removed.hosts) this.hosts.delete(addr);
    const changed = this.mergeTables(delta);
    if (changed.flows || delta.removed.flows.length) this.versions.flows++;
    if (changed.hosts || delta.removed.hosts.length) this.versions.hosts++;
    this.versions.status++;
    return 'applied';
  }

  setDevices(devices: DeviceName[]): void {
    this.devices.clear();
    for (const device of devices) this.devices.set(device.ip, device);
    this.versions.names++;
  }

  setStatus(captureStatus: CaptureStatus, interfaces: NetworkInterfaceInfo[], activeInterface?: string): void {
    this.captureStatus = captureStatus;
    this.interfaces = interfaces;
    this.activeInterface = activeInterface;
    this.versions.status++;
  }

  /** Rows whole or changed, as a snapshot or a delta carries them. */
  private mergeTables(tables: {
    flows: FlowSummary[];
    hosts: HostTraffic[];
    protocols: ProtocolNode[];
    dnsNames: DnsName[];
    recent: PacketSummary[];
    rates: RateSample[];
    devices: PassiveDevice[];
  }): { flows: boolean; hosts: boolean } {
    for (const flow of tables.flows) this.flows.set(flow.id, flow);
    for (const host of tables.hosts) this.hosts.set(host.addr, host);
    for (const node of tables.protocols) this.protocols.set(node.path, node);
    for (const name of tables.dnsNames) this.dnsNames.set(name.addr, name);
    for (const device of tables.devices) this.passive.set(device.ip, device);
    for (const packet of tables.recent) this.recent.push(packet);
    for (const sample of tables.rates) appendSample(this.rates, sample);
    trim(this.flows, limits.flows, (flow) => flow.lastSeen);
    trim(this.hosts, limits.hosts, (host) => host.lastSeen);
    trim(this.dnsNames, limits.names, (name) => name.lastSeen);
    trim(this.passive, limits.names, (device) => device.lastSeen);
    if (tables.protocols.length) this.versions.protocols++;
    if (tables.recent.length) this.versions.recent++;
    if (tables.rates.length) this.versions.rates++;
    if (tables.dnsNames.length || tables.devices.length) this.versions.names++;
    return { flows: tables.flows.length > 0, hosts: tables.hosts.length > 0 };
  }

  private bumpAll(): void {
    for (const key of Object.keys(this.versions) as (keyof ModelVersions)[]) this.versions[key]++;
  }
}

/** Appends a time-stamped sample; a second sample for the same time replaces it, older ones are dropped. */
export function appendSample<T extends { time: number }>(ring: RingBuffer<T>, sample: T): void {
  const last = ring.last();
  if (last && sample.time === last.time) ring.replaceLast(sample);
  else if (!last || sample.time > last.time) ring.push(sample);
}

/** Keeps a map within `cap` rows, evicting the least recently seen (only when it overflows by 10%). */
function trim<T>(map: Map<string, T>, cap: number, lastSeen: (row: T) => number): void {
  if (map.size <= cap * 1.1) return;
  const oldest = [...map.entries()].sort((a, b) => lastSeen(a[1]) - lastSeen(b[1]));
  for (let i = 0; i < oldest.length - cap; i++) map.delete(oldest[i]![0]);
}
