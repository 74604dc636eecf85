// What a live capture leaves in the history, folded from its ticks: each tick's rows are whole and
// cumulative, so the bytes since the last tick are told apart here (LastTotals keeps only each row's
// four counts, never the tick's rows), added up per hour, and handed to the recorder at each flush.
// One map lookup per changed row per tick, never per packet: the capture path only builds its
// ticks, as it always has.
import type { Sighting } from './deviceWriter';
import type { HistorySource } from './historyRecorder';
import type { HistoryWrite, HistoryWriter } from './historyWriter';
import { LastTotals } from './lastTotals';
import { exclusiveProtocols } from './protocolMix';
import type { FlowTotals, HostTotals } from '../../shared/model/history';
import { periodStart } from '../../shared/history/periods';
import type { CaptureCounters, FlowSummary, HostTraffic, TrafficDelta } from '../../shared/model/traffic';

/** Flows kept per interface per hour (the busiest), unless told otherwise. */
export const FLOWS_PER_HOUR = 100;
/**
 * Flows one hour gathers in memory at most; past it, the smallest that were never written go. An
 * hour's flushes write at most 120 × FLOWS_PER_HOUR of them, so this leaves room for as many
 * candidates again (each costs about 400 bytes: 50,000 held 19 MiB in the soak).
 */
const MAX_HOUR_FLOWS = 20_000;

/** What one hour of the capture gathered. */
interface HourBucket {
  hosts: Map<string, HostTotals>;
  /** frames and bytes per hierarchy path, since the last flush */
  paths: Map<string, { frames: number; bytes: number }>;
  /** the hour's total per flow key, and how much of it is written */
  flows: Map<string, { flow: FlowTotals; written: FlowTotals | undefined }>;
}

/** Folds one live capture's ticks into hourly traffic, passive sightings and, at its end, its activity. */
export class CaptureHistory implements HistorySource {
  private readonly hours = new Map<number, HourBucket>();
  /** each host's bytes in, bytes out, packets in and packets out at its last tick */
  private readonly hostTotals = new LastTotals();
  private readonly pathTotals = new Map<string, { frames: number; bytes: number }>();
  /** each flow's bytes and packets A to B and B to A at its last tick */
  private readonly flowTotals = new LastTotals();
  private sightings = new Map<string, Sighting>();
  private counters: CaptureCounters | undefined;
  private endedAt: number | undefined;

  constructor(
    readonly iface: string,
    private readonly filter: string,
    private readonly started: number,
    private readonly flowsPerHour = FLOWS_PER_HOUR,
  ) {}

  /** Folds one tick (taken at `time`) in. */
  tick(delta: TrafficDelta, time: number): void {
    const hour = this.bucket(periodStart(time, 'hour'));
    for (const host of delta.hosts) this.host(hour, host);
    for (const node of delta.protocols) {
      const before = this.pathTotals.get(node.path) ?? { frames: 0, bytes: 0 };
      this.pathTotals.set(node.path, { frames: node.frames, bytes: node.bytes });
      const sum = hour.paths.get(node.path) ?? { frames: 0, bytes: 0 };
      sum.frames += Math.max(0, node.frames - before.frames);
      sum.bytes += Math.max(0, node.bytes - before.bytes);
      hour.paths.set(node.path, sum);
    }
    for (const flow of delta.flows) this.flow(hour, flow);
    for (const addr of delta.removed.hosts) this.hostTotals.delete(addr);
    for (const id of delta.removed.flows) this.flowTotals.delete(id);
    for (const device of delta.devices) {
      const names =
        device.hostname && (device.source === 'dhcp' || device.source === 'mdns')
          ? [{ name: device.hostname, source: device.source }]
          : [];
      const sighting: Sighting = {
        ip: device.ip,
        mac: device.mac,
        interface: device.interface,
        subnet: '',
        time: device.lastSeen,
        vendor: device.vendor,
        names,
      };
      this.sightings.set(`${device.mac ?? ''}|${device.ip}`, sighting);
    }
    this.counters = delta.counters;
  }

  /** The capture ended at `time`: its activity is written with the next take. */
  end(time: number): void {
    this.endedAt = time;
  }

  take(now: number, all: boolean): HistoryWrite[] {
    const current = periodStart(now, 'hour');
    const writes: HistoryWrite[] = [];
    for (const [start, bucket] of this.hours) {
      writes.push(this.hourWrite(start, bucket));
      if (start < current || all) this.hours.delete(start);
    }
    const sightings = [...this.sightings.values()];
    this.sightings = new Map();
    if (sightings.length > 0) writes.push((writer) => sightings.forEach((sighting) => writer.devices.sight(sighting)));
    if (this.endedAt !== undefined) writes.push((writer) => this.activity(writer, this.endedAt ?? now));
    return writes;
  }

  private bucket(start: number): HourBucket {
    let bucket = this.hours.get(start);
    if (!bucket) this.hours.set(start, (bucket = { hosts: new Map(), paths: new Map(), flows: new Map() }));
    return bucket;
  }

  private host(hour: HourBucket, host: HostTraffic): void {
    const gained = this.hostTotals.gain(host.addr, host.bytesIn, host.bytesOut, host.packetsIn, host.packetsOut);
    const sum = hour.hosts.get(host.addr) ?? { addr: host.addr, bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 };
    if (host.mac) sum.mac = host.mac;
    sum.bytesIn += gained[0]!;
    sum.bytesOut += gained[1]!;
    sum.packetsIn += gained[2]!;
    sum.packetsOut += gained[3]!;
    hour.hosts.set(host.addr, sum);
  }

  private flow(hour: HourBucket, flow: FlowSummary): void {
    const { bytesAtoB, bytesBtoA, packetsAtoB, packetsBtoA } = flow;
    const gained = this.flowTotals.gain(flow.id, bytesAtoB, bytesBtoA, packetsAtoB, packetsBtoA);
    const key = `${flow.transport}|${flow.aAddr}|${flow.aPort}|${flow.bAddr}|${flow.bPort}`;
    let entry = hour.flows.get(key);
    if (!entry && hour.flows.size >= MAX_HOUR_FLOWS) trimFlows(hour);
    if (!entry) {
      const empty = { bytesAtoB: 0, bytesBtoA: 0, packetsAtoB: 0, packetsBtoA: 0 };
      const { transport, aAddr, aPort, bAddr, bPort } = flow;
      entry = { flow: { transport, aAddr, aPort, bAddr, bPort, ...empty }, written: undefined };
      hour.flows.set(key, entry);
    }
    const sum = entry.flow;
    if (flow.app) sum.app = flow.app;
    if (flow.serverName) sum.serverName = flow.serverName;
    sum.bytesAtoB += gained[0]!;
    sum.bytesBtoA += gained[1]!;
    sum.packetsAtoB += gained[2]!;
    sum.packetsBtoA += gained[3]!;
  }

  /** One hour's hosts and protocols since the last take, and what its busiest flows gained. */
  private hourWrite(start: number, bucket: HourBucket): HistoryWrite {
    const hosts = [...bucket.hosts.values()];
    bucket.hosts = new Map();
    const protocols = exclusiveProtocols(bucket.paths);
    bucket.paths = new Map();
    const flows = busiestFlows(bucket, this.flowsPerHour);
    const iface = this.iface;
    return (writer) => {
      for (const host of hosts) writer.traffic.addHost(iface, start, host);
      for (const protocol of protocols) writer.traffic.addProtocol(iface, start, protocol);
      for (const flow of flows) writer.traffic.addFlow(iface, start, flow);
    };
  }

  private activity(writer: HistoryWriter, ended: number): void {
    const counters = this.counters;
    writer.addActivity({
      kind: 'capture',
      started: this.started,
      ended,
      interface: this.iface,
      target: this.filter,
      summary: { packets: counters?.packets ?? 0, bytes: counters?.bytes ?? 0, drops: counters?.kernelDrops ?? 0 },
    });
    this.endedAt = undefined;
  }
}

/** Drops the smaller half of the flows never written (a busy hour of short flows must not grow without bound). */
function trimFlows(bucket: HourBucket): void {
  const bytes = (flow: FlowTotals) => flow.bytesAtoB + flow.bytesBtoA;
  const unwritten = [...bucket.flows].filter(([, entry]) => entry.written === undefined);
  unwritten.sort(([, a], [, b]) => bytes(a.flow) - bytes(b.flow));
  for (const [key] of unwritten.slice(0, Math.ceil(unwritten.length / 2))) bucket.flows.delete(key);
}

/** The hour's busiest flows, each with what it gained since it was last written (so restarts add up). */
function busiestFlows(bucket: HourBucket, count: number): FlowTotals[] {
  const bytes = (flow: FlowTotals) => flow.bytesAtoB + flow.bytesBtoA;
  const top = [...bucket.flows.values()].sort((a, b) => bytes(b.flow) - bytes(a.flow)).slice(0, count);
  const gains: FlowTotals[] = [];
  for (const entry of top) {
    const { flow, written } = entry;
    const gain: FlowTotals = {
      ...flow,
      bytesAtoB: flow.bytesAtoB - (written?.bytesAtoB ?? 0),
      bytesBtoA: flow.bytesBtoA - (written?.bytesBtoA ?? 0),
      packetsAtoB: flow.packetsAtoB - (written?.packetsAtoB ?? 0),
      packetsBtoA: flow.packetsBtoA - (written?.packetsBtoA ?? 0),
    };
    if (gain.packetsAtoB + gain.packetsBtoA === 0) continue;
    entry.written = { ...flow };
    gains.push(gain);
  }
  return gains;
}
