// What the dashboard knows: the capture's traffic, folded by the shared TrafficState (the rules the
// extension's store folds the same ticks by), plus what only the dashboard keeps: bandwidth
// readings, the Devices list's names, capture status, and a version number per part so a view
// redraws only when its data changed. Pure: no DOM, unit-tested.
import type { CaptureStatus } from '../../shared/model/capture';
import type { NetworkInterfaceInfo } from '../../shared/model/network';
import type { BandwidthSample, DnsName, PassiveDevice } from '../../shared/model/traffic';
import { newestByAddress } from '../../shared/traffic/addressNames';
import { RingBuffer } from '../../shared/traffic/ringBuffer';
import { TRAFFIC_VIEW_LIMITS } from '../../shared/traffic/trafficLimits';
import { TrafficState } from '../../shared/traffic/trafficState';
import type { DashboardMode, DashboardState, DashboardTick, DeviceName } from '../../shared/webviewProtocol';

/** The dashboard's memory bounds: the extension's (so both hold the same rows), and its bandwidth readings. */
export const limits = {
  ...TRAFFIC_VIEW_LIMITS,
  /** bandwidth readings: as many seconds as the capture's rate samples */
  samples: TRAFFIC_VIEW_LIMITS.rateSamples,
};

/** What applying a tick did. */
export type TickOutcome =
  /** applied */
  | 'applied'
  /** a tick was missed: ask the host for a snapshot */
  | 'gap'
  /** from another capture than the one shown (late after a reset): ignored */
  | 'stale';

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

/** The dashboard's model: a TrafficState and the dashboard's own parts. */
export class TrafficModel extends TrafficState {
  mode: DashboardMode = 'live';
  captureStatus: CaptureStatus = { available: false };
  interfaces: NetworkInterfaceInfo[] = [];
  activeInterface: string | undefined;
  recording = false;
  /** packets in the file or recording that can be paged (while a file is read, those read so far) */
  packetCount = 0;
  /** a file still being read: its packets are paged as far as read; its statistics come later */
  reading: { path: string } | undefined;
  /** the Devices list's names, by address */
  readonly devices = new Map<string, DeviceName>();
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
  /** the newest name and sighting of each address, rebuilt when the names change */
  private byAddress = {
    version: -1,
    names: 0,
    passive: 0,
    dns: new Map<string, DnsName>(),
    seen: new Map<string, PassiveDevice>(),
  };

  constructor() {
    super(limits);
  }

  /** Forgets everything and takes the host's state. */
  reset(state: DashboardState): void {
    this.mode = state.mode;
    this.load(state.traffic);
    this.bandwidth.clear();
    for (const sample of state.bandwidth) appendSample(this.bandwidth, sample);
    this.setDevices(state.devices);
    this.setStatus(state.captureStatus, state.interfaces, state.activeInterface);
    this.recording = state.recording;
    this.packetCount = state.packetCount;
    this.reading = state.reading;
    for (const key of Object.keys(this.versions) as (keyof ModelVersions)[]) this.versions[key]++;
  }

  /** Applies one second of changes. */
  applyTick(tick: DashboardTick): TickOutcome {
    if (tick.bandwidth) {
      appendSample(this.bandwidth, tick.bandwidth);
      this.versions.bandwidth++;
    }
    if (!tick.traffic) return 'applied';
    const result = this.apply(tick.traffic);
    if (result.kind === 'stale') return 'stale';
    if (result.kind === 'missed') return 'gap';
    const { changes } = result;
    const { versions } = this;
    if (changes.flows) versions.flows++;
    if (changes.hosts) versions.hosts++;
    if (changes.protocols) versions.protocols++;
    if (changes.recent) versions.recent++;
    if (changes.rates) versions.rates++;
    if (changes.dnsNames || changes.devices) versions.names++;
    versions.status++;
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

  /** The name learnt last for an address (captured DNS, mDNS, DHCP…), as the helper ranks them. */
  dnsName(addr: string): DnsName | undefined {
    return this.indexByAddress().dns.get(addr);
  }

  /** The latest passive sighting of an address, on whichever interface. */
  passiveDevice(addr: string): PassiveDevice | undefined {
    return this.indexByAddress().seen.get(addr);
  }

  /** Name lookups by address, rebuilt when the names' version or the tables' sizes moved. */
  private indexByAddress(): typeof this.byAddress {
    const index = this.byAddress;
    const { names } = this.versions;
    if (index.version === names && index.names === this.dnsNames.size && index.passive === this.passive.size) {
      return index;
    }
    this.byAddress = {
      version: names,
      names: this.dnsNames.size,
      passive: this.passive.size,
      dns: newestByAddress(this.dnsNames.values(), (row) => row.addr),
      seen: newestByAddress(this.passive.values(), (row) => row.ip),
    };
    return this.byAddress;
  }
}

/** Appends a bandwidth reading; one for the same time replaces the last, an older one is dropped. */
function appendSample<T extends { time: number }>(ring: RingBuffer<T>, sample: T): void {
  const last = ring.last();
  if (last && sample.time === last.time) ring.replaceLast(sample);
  else if (!last || sample.time > last.time) ring.push(sample);
}
