// What a live capture leaves in the history, folded from its ticks: each tick's rows are whole and
// cumulative, so the bytes since the last tick are told apart here (LastTotals keeps only each row's
// four counts, never the tick's rows), added up per hour, and handed to the recorder at each flush.
// One map lookup per changed row per tick, never per packet: the capture path only builds its
// ticks, as it always has.
import type { HistorySource } from './historyRecorder';
import type { HistoryWrite, HistoryWriter } from './historyWriter';
import { HourFlows } from './hourFlows';
import { HourHosts } from './hourHosts';
import { LastTotals } from './lastTotals';
import { PassiveSightings } from './passiveSightings';
import { exclusiveProtocols } from './protocolMix';
import { periodStart } from '../../shared/history/periods';
import type { CaptureCounters, FlowSummary, HostTraffic, TrafficDelta } from '../../shared/model/traffic';

/** Flows kept per interface per hour (the busiest), unless told otherwise. */
export const FLOWS_PER_HOUR = 100;
/**
 * Flows one hour gathers in memory at most; past it, the smallest that were never written go. An
 * hour's flushes write at most 120 × FLOWS_PER_HOUR of them, so this leaves room for as many
 * candidates again (each costs about 200 bytes in HourFlows, an IPv6 flow's key, map entry and counts).
 */
export const MAX_HOUR_FLOWS = 20_000;

/** What one hour of the capture gathered. */
interface HourBucket {
  /** each host's bytes and packets since the last flush */
  hosts: HourHosts;
  /** frames and bytes per hierarchy path, since the last flush */
  paths: Map<string, { frames: number; bytes: number }>;
  /** the hour's total per flow key, and how much of it is written */
  flows: HourFlows;
}

/** Folds one live capture's ticks into hourly traffic, passive sightings and, at its end, its activity. */
export class CaptureHistory implements HistorySource {
  private readonly hours = new Map<number, HourBucket>();
  /** each host's bytes in, bytes out, packets in and packets out at its last tick */
  private readonly hostTotals = new LastTotals();
  private readonly pathTotals = new Map<string, { frames: number; bytes: number }>();
  /** each flow's bytes and packets A to B and B to A at its last tick */
  private readonly flowTotals = new LastTotals();
  private sightings = new PassiveSightings();
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
    for (const device of delta.devices) this.sightings.add(device);
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
    const sightings = this.sightings;
    this.sightings = new PassiveSightings(sightings.size);
    if (sightings.size > 0) {
      writes.push((writer) => {
        for (const sighting of sightings.sightings()) writer.devices.sight(sighting);
      });
    }
    if (this.endedAt !== undefined) writes.push((writer) => this.activity(writer, this.endedAt ?? now));
    return writes;
  }

  private bucket(start: number): HourBucket {
    let bucket = this.hours.get(start);
    if (!bucket) {
      bucket = { hosts: new HourHosts(), paths: new Map(), flows: new HourFlows(MAX_HOUR_FLOWS) };
      this.hours.set(start, bucket);
    }
    return bucket;
  }

  private host(hour: HourBucket, host: HostTraffic): void {
    const gained = this.hostTotals.gain(host.addr, host.bytesIn, host.bytesOut, host.packetsIn, host.packetsOut);
    hour.hosts.add(host.addr, host.mac, gained);
  }

  private flow(hour: HourBucket, flow: FlowSummary): void {
    const { bytesAtoB, bytesBtoA, packetsAtoB, packetsBtoA } = flow;
    const gained = this.flowTotals.gain(flow.id, bytesAtoB, bytesBtoA, packetsAtoB, packetsBtoA);
    hour.flows.add(flow, gained);
  }

  /** One hour's hosts and protocols since the last take, and what its busiest flows gained. */
  private hourWrite(start: number, bucket: HourBucket): HistoryWrite {
    const hosts = bucket.hosts;
    bucket.hosts = new HourHosts(hosts.size);
    const protocols = exclusiveProtocols(bucket.paths);
    bucket.paths = new Map();
    const flows = bucket.flows.busiest(this.flowsPerHour);
    const iface = this.iface;
    return (writer) => {
      for (const host of hosts.totals()) writer.traffic.addHost(iface, start, host);
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
