// A capture's traffic as a receiver of ticks keeps it: the extension's capture store (through
// mergeDelta) and the dashboard both fold the helper's deltas here, so the two can never disagree
// on which tick comes next, which row a delta replaces, or which rows the caps evict.
import type {
  CaptureCounters,
  DnsName,
  FlowSummary,
  LinkNeighbour,
  HostTraffic,
  IpConversation,
  PacketSummary,
  PassiveDevice,
  ProtocolNode,
  RateSample,
  TrafficDelta,
  TrafficSnapshot,
  TrafficSource,
  TrafficTables,
} from '../model/traffic';
import { newestRows } from './newestRows';
import { RingBuffer } from './ringBuffer';
import type { TrafficViewLimits } from './trafficLimits';
import { TRAFFIC_VIEW_LIMITS } from './trafficLimits';

/** Where a delta falls against the state. */
export type TickOrder =
  /** the next tick: fold it in */
  | { kind: 'next' }
  /** a tick already included, of another capture, or with no live capture loaded: nothing to do */
  | { kind: 'stale' }
  /** ticks were lost in between: ask the helper for a fresh snapshot (`capture/snapshot`) */
  | { kind: 'missed'; expected: number; got: number };

/** Which tables a folded delta touched (rows changed, removed or evicted), so views redraw only those. */
export type TableChanges = Record<keyof TrafficTables, boolean>;

/** What folding a delta did. */
export type ApplyResult = { kind: 'merged'; changes: TableChanges } | Exclude<TickOrder, { kind: 'next' }>;

/** The key a passive device is kept under: one row per interface and address (the Devices tree's identity too). */
export function passiveDeviceKey(device: Pick<PassiveDevice, 'interface' | 'ip'>): string {
  return `${device.interface}|${device.ip}`;
}

/** The key a neighbour is kept under: the announcing device and port, per protocol (one switch port, one row). */
export function neighbourKey(row: Pick<LinkNeighbour, 'protocol' | 'chassisId' | 'portId'>): string {
  return `${row.protocol}|${row.chassisId}|${row.portId}`;
}

/** The key of a learnt name: an address often has several (`www.lab.test` by DNS, `labserver` by mDNS). */
export function dnsNameKey(row: Pick<DnsName, 'addr' | 'name'>): string {
  return `${row.addr}|${row.name}`;
}

/** Counters of a capture that has seen nothing. */
export function emptyCounters(): CaptureCounters {
  return {
    packets: 0,
    bytes: 0,
    kernelDrops: 0,
    interfaceDrops: 0,
    truncated: 0,
    malformed: 0,
    evicted: { flows: 0, hosts: 0, conversations: 0, dnsNames: 0 },
  };
}

/**
 * A snapshot, then one delta per tick. Rows are whole rows that replace those with the same key
 * (keeping their place); `removed` rows go; packets and rate samples are appended (a delta the state
 * already held changes nothing); every table is then cut to `limits`, least recently seen first. A
 * gap in the tick numbers cannot be repaired from deltas, because rows changed in the lost tick
 * would stay stale: `apply` says so and changes nothing.
 */
export class TrafficState {
  source: TrafficSource | undefined;
  counters: CaptureCounters = emptyCounters();
  running = false;
  /** first and last packet, ms since the Unix epoch; 0 before the first packet */
  firstPacketTime = 0;
  lastPacketTime = 0;
  /** the last tick included; absent when the snapshot did not say (then any next delta is taken) */
  tick: number | undefined;
  readonly flows = new Map<string, FlowSummary>();
  /** by address */
  readonly hosts = new Map<string, HostTraffic>();
  readonly conversations = new Map<string, IpConversation>();
  /** by path; the hierarchy only grows within a capture (a handful of rows), so it is never cut */
  readonly protocols = new Map<string, ProtocolNode>();
  /** by `dnsNameKey` */
  readonly dnsNames = new Map<string, DnsName>();
  /** devices seen passively, by `passiveDeviceKey` */
  readonly passive = new Map<string, PassiveDevice>();
  /** LLDP/CDP neighbours, by `neighbourKey` */
  readonly neighbours = new Map<string, LinkNeighbour>();
  /** packets in frame order */
  readonly recent: RingBuffer<PacketSummary>;
  /** per-second samples by start time, oldest first */
  readonly rates: RingBuffer<RateSample>;
  /** the hosts and conversations the last fold removed or evicted (a view that patches its graph subtracts them) */
  dropped: { hosts: HostTraffic[]; conversations: IpConversation[] } = { hosts: [], conversations: [] };

  constructor(readonly limits: Readonly<TrafficViewLimits> = TRAFFIC_VIEW_LIMITS) {
    this.recent = new RingBuffer<PacketSummary>(limits.recentPackets);
    this.rates = new RingBuffer<RateSample>(limits.rateSamples);
  }

  /** Rows a table holds in the helper, of which those held here are the newest or, of a file, the largest. */
  rowsInAll(table: 'flows' | 'hosts'): number {
    return Math.max(this.counters.tables?.[table] ?? 0, this[table].size);
  }

  /** The capture id deltas must carry: '' without a live capture (a file, or nothing yet). */
  get captureId(): string {
    return this.source?.kind === 'live' ? this.source.captureId : '';
  }

  /** Forgets everything and takes a whole snapshot (`undefined`: no capture yet). */
  load(snapshot: TrafficSnapshot | undefined): void {
    this.source = snapshot?.source;
    this.counters = snapshot?.counters ?? emptyCounters();
    this.running = snapshot?.running ?? false;
    this.firstPacketTime = snapshot?.firstPacketTime ?? 0;
    this.lastPacketTime = snapshot?.lastPacketTime ?? 0;
    this.tick = snapshot?.tick;
    for (const table of [
      this.flows,
      this.hosts,
      this.conversations,
      this.protocols,
      this.dnsNames,
      this.passive,
      this.neighbours,
    ]) {
      table.clear();
    }
    this.recent.clear();
    this.rates.clear();
    if (snapshot) this.fold(snapshot, { flows: [], hosts: [], conversations: [] });
  }

  /** Where `delta` falls: the next tick, a stale one, or one after a gap. */
  order(delta: TrafficDelta): TickOrder {
    if (!this.captureId || delta.captureId !== this.captureId) return { kind: 'stale' };
    const known = this.tick;
    if (known === undefined) return { kind: 'next' };
    if (delta.tick <= known) return { kind: 'stale' };
    if (delta.tick !== known + 1) return { kind: 'missed', expected: known + 1, got: delta.tick };
    return { kind: 'next' };
  }

  /** Folds the next tick's delta in; a stale or early one changes nothing. */
  apply(delta: TrafficDelta): ApplyResult {
    const order = this.order(delta);
    if (order.kind !== 'next') return order;
    this.tick = delta.tick;
    this.counters = delta.counters;
    this.running = delta.running;
    this.firstPacketTime ||= firstTimeIn(delta);
    this.lastPacketTime = Math.max(this.lastPacketTime, delta.lastPacketTime);
    return { kind: 'merged', changes: this.fold(delta, delta.removed) };
  }

  /** The state as a snapshot: new arrays of the same rows. */
  snapshot(): TrafficSnapshot {
    if (!this.source) throw new Error('no capture loaded');
    return {
      source: this.source,
      counters: this.counters,
      running: this.running,
      firstPacketTime: this.firstPacketTime,
      lastPacketTime: this.lastPacketTime,
      ...(this.tick === undefined ? {} : { tick: this.tick }),
      flows: [...this.flows.values()],
      hosts: [...this.hosts.values()],
      conversations: [...this.conversations.values()],
      protocols: [...this.protocols.values()],
      dnsNames: [...this.dnsNames.values()],
      recent: this.recent.toArray(),
      rates: this.rates.toArray(),
      devices: [...this.passive.values()],
      neighbours: [...this.neighbours.values()],
    };
  }

  /** Rows whole or changed, as a snapshot or a delta carries them, then the caps. */
  private fold(tables: TrafficTables, removed: TrafficDelta['removed']): TableChanges {
    const { limits } = this;
    const dropped: TrafficState['dropped'] = { hosts: [], conversations: [] };
    this.dropped = dropped;
    const lastSeen = (row: { lastSeen: number }) => row.lastSeen;
    const upsert = <T>(
      table: Map<string, T>,
      rows: readonly T[],
      keyOf: (row: T) => string,
      gone: string[] = [],
      sink: T[] = [],
    ) => {
      for (const key of gone) {
        const row = table.get(key);
        if (row !== undefined && table.delete(key)) sink.push(row);
      }
      for (const row of rows) table.set(keyOf(row), row);
      return rows.length > 0 || gone.length > 0;
    };
    const changes: TableChanges = {
      flows: upsert(this.flows, tables.flows, (row) => row.id, removed.flows),
      hosts: upsert(this.hosts, tables.hosts, (row) => row.addr, removed.hosts, dropped.hosts),
      conversations: upsert(
        this.conversations,
        tables.conversations,
        (row) => row.id,
        removed.conversations,
        dropped.conversations,
      ),
      protocols: upsert(this.protocols, tables.protocols, (row) => row.path),
      dnsNames: upsert(this.dnsNames, tables.dnsNames, dnsNameKey),
      devices: upsert(this.passive, tables.devices, passiveDeviceKey),
      neighbours: upsert(this.neighbours, tables.neighbours, neighbourKey),
      recent: appendRecent(this.recent, tables.recent),
      rates: tables.rates.length > 0,
    };
    for (const sample of tables.rates) mergeSample(this.rates, sample);
    changes.flows = evictOldest(this.flows, limits.flows, lastSeen) || changes.flows;
    changes.hosts = evictOldest(this.hosts, limits.hosts, lastSeen, dropped.hosts) || changes.hosts;
    changes.conversations =
      evictOldest(this.conversations, limits.conversations, lastSeen, dropped.conversations) || changes.conversations;
    changes.dnsNames = evictOldest(this.dnsNames, limits.dnsNames, lastSeen) || changes.dnsNames;
    changes.devices = evictOldest(this.passive, limits.devices, lastSeen) || changes.devices;
    changes.neighbours = evictOldest(this.neighbours, limits.neighbours, lastSeen) || changes.neighbours;
    return changes;
  }
}

/** Packets after the last one held, in frame order (the ring keeps the newest); whether any came. */
function appendRecent(ring: RingBuffer<PacketSummary>, fresh: readonly PacketSummary[]): boolean {
  let last = ring.last()?.index ?? 0;
  let added = false;
  for (const packet of fresh) {
    if (packet.index <= last) continue;
    ring.push(packet);
    last = packet.index;
    added = true;
  }
  return added;
}

/**
 * Puts a sample in its place by start time: a later sample for the same second replaces the
 * earlier one; a late second (the helper re-sends one that late packets changed) goes in order.
 */
function mergeSample(ring: RingBuffer<RateSample>, sample: RateSample): void {
  const last = ring.last();
  if (!last || sample.time > last.time) {
    ring.push(sample);
    return;
  }
  for (let i = ring.size - 1; i >= 0; i--) {
    const held = ring.at(i)!;
    if (held.time === sample.time) {
      ring.set(i, sample);
      return;
    }
    if (held.time < sample.time) break;
  }
  // Rare: a second between those held. Older than a full ring's oldest, it would go at once.
  if (ring.size === ring.capacity && sample.time < ring.at(0)!.time) return;
  const all = ring.toArray();
  all.push(sample);
  all.sort((a, b) => a.time - b.time);
  ring.clear();
  for (const held of all) ring.push(held);
}

/** Cuts a table to `cap` rows, dropping the least recently seen (see `newestRows`) into `sink`; whether any went. */
function evictOldest<T>(table: Map<string, T>, cap: number, age: (row: T) => number, sink: T[] = []): boolean {
  if (table.size <= cap) return false;
  const keys: string[] = [];
  const ages = new Float64Array(table.size);
  for (const [key, row] of table) ages[keys.push(key) - 1] = age(row);
  const kept = newestRows(ages, cap)!;
  for (let i = 0; i < keys.length; i++) {
    if (kept[i]) continue;
    sink.push(table.get(keys[i]!)!);
    table.delete(keys[i]!);
  }
  return true;
}

/** The earliest packet time a delta shows (0 when it shows none), for a snapshot taken before the first packet. */
function firstTimeIn(delta: TrafficDelta): number {
  let first = Infinity;
  for (const packet of delta.recent) first = Math.min(first, packet.time);
  for (const flow of delta.flows) first = Math.min(first, flow.firstSeen);
  for (const host of delta.hosts) first = Math.min(first, host.firstSeen);
  return first === Infinity ? 0 : first;
}
