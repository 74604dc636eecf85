import type { PassiveDevice, RateSample, TrafficDelta, TrafficSnapshot } from '../model/traffic';
import type { TrafficViewLimits } from './trafficLimits';
import { TRAFFIC_VIEW_LIMITS } from './trafficLimits';

/** What folding one tick into a snapshot gave. */
export type MergeResult =
  /** the delta was the next one: the new state (a new object; the old one is left as it was) */
  | { kind: 'merged'; snapshot: TrafficSnapshot }
  /** a delta already included, or of another capture: nothing to do */
  | { kind: 'stale' }
  /** ticks were lost in between: ask the helper for a fresh snapshot (`capture/snapshot`) */
  | { kind: 'missed'; expected: number; got: number };

/** The key a passive device is kept under: one row per address and interface. */
export function passiveDeviceKey(device: Pick<PassiveDevice, 'interface' | 'ip'>): string {
  return `${device.interface}|${device.ip}`;
}

/**
 * Folds one tick's delta into the snapshot of a live capture. Rows are whole rows that replace
 * those with the same key; `removed` rows go; the packet ring and rate samples are appended (and
 * de-duplicated, so a delta the snapshot already held changes nothing); every table is then cut
 * to `limits`, least recently seen first. A gap in the tick numbers cannot be repaired from
 * deltas, because rows changed in the lost tick would stay stale: it asks for a new snapshot.
 */
export function mergeDelta(
  snapshot: TrafficSnapshot,
  delta: TrafficDelta,
  limits: TrafficViewLimits = TRAFFIC_VIEW_LIMITS,
): MergeResult {
  if (snapshot.source.kind !== 'live' || snapshot.source.captureId !== delta.captureId) return { kind: 'stale' };
  const known = snapshot.tick;
  // A snapshot that does not say which tick it includes takes any next delta as the next one.
  if (known !== undefined) {
    if (delta.tick <= known) return { kind: 'stale' };
    if (delta.tick !== known + 1) return { kind: 'missed', expected: known + 1, got: delta.tick };
  }
  const byLastSeen = (row: { lastSeen: number }) => row.lastSeen;
  const merged: TrafficSnapshot = {
    source: snapshot.source,
    counters: delta.counters,
    running: delta.running,
    firstPacketTime: snapshot.firstPacketTime || firstTimeIn(delta),
    lastPacketTime: Math.max(snapshot.lastPacketTime, delta.lastPacketTime),
    tick: delta.tick,
    flows: upsert(snapshot.flows, delta.flows, (row) => row.id, delta.removed.flows, limits.flows, byLastSeen),
    hosts: upsert(snapshot.hosts, delta.hosts, (row) => row.addr, delta.removed.hosts, limits.hosts, byLastSeen),
    conversations: upsert(
      snapshot.conversations,
      delta.conversations,
      (row) => row.id,
      delta.removed.conversations,
      limits.conversations,
      byLastSeen,
    ),
    // The hierarchy only grows within a capture: a handful of rows, never evicted.
    protocols: upsert(
      snapshot.protocols,
      delta.protocols,
      (row) => row.path,
      [],
      Infinity,
      () => 0,
    ),
    dnsNames: upsert(
      snapshot.dnsNames,
      delta.dnsNames,
      (row) => `${row.addr}|${row.name}`,
      [],
      limits.dnsNames,
      byLastSeen,
    ),
    recent: appendRecent(snapshot.recent, delta.recent, limits.recentPackets),
    rates: mergeRates(snapshot.rates, delta.rates, limits.rateSamples),
    devices: upsert(snapshot.devices, delta.devices, passiveDeviceKey, [], limits.devices, byLastSeen),
  };
  return { kind: 'merged', snapshot: merged };
}

/**
 * Replaces rows by key (keeping each known row's place, appending new ones), drops `removed`, and
 * when more than `cap` remain drops those with the lowest `age` (least recently seen).
 */
function upsert<T>(
  rows: readonly T[],
  changed: readonly T[],
  keyOf: (row: T) => string,
  removed: readonly string[],
  cap: number,
  age: (row: T) => number,
): T[] {
  if (changed.length === 0 && removed.length === 0 && rows.length <= cap) return rows.slice();
  const table = new Map<string, T>();
  for (const row of rows) table.set(keyOf(row), row);
  for (const key of removed) table.delete(key);
  for (const row of changed) table.set(keyOf(row), row);
  const result = [...table.values()];
  if (result.length <= cap) return result;
  // The newest `cap` rows survive; ties keep the earlier row, as the table's order is stable.
  const keep = new Set(
    result
      .map((row, index) => ({ row, index, age: age(row) }))
      .sort((a, b) => b.age - a.age || a.index - b.index)
      .slice(0, cap)
      .map((entry) => entry.row),
  );
  return result.filter((row) => keep.has(row));
}

/** Packets after the last one held, in frame order, the newest `cap` kept. */
function appendRecent<T extends { index: number }>(ring: readonly T[], fresh: readonly T[], cap: number): T[] {
  const last = ring.length > 0 ? ring[ring.length - 1]!.index : 0;
  const added = fresh.filter((packet) => packet.index > last);
  const all = added.length === 0 ? ring.slice() : ring.concat(added);
  return all.length > cap ? all.slice(all.length - cap) : all;
}

/** Samples by start time (a later sample for the same second replaces the earlier one), oldest first. */
function mergeRates(samples: readonly RateSample[], fresh: readonly RateSample[], cap: number): RateSample[] {
  if (fresh.length === 0) return samples.length > cap ? samples.slice(samples.length - cap) : samples.slice();
  const byTime = new Map<number, RateSample>();
  for (const sample of samples) byTime.set(sample.time, sample);
  for (const sample of fresh) byTime.set(sample.time, sample);
  const all = [...byTime.values()].sort((a, b) => a.time - b.time);
  return all.length > cap ? all.slice(all.length - cap) : all;
}

/** The earliest packet time a delta shows (0 when it shows none), for a snapshot taken before the first packet. */
function firstTimeIn(delta: TrafficDelta): number {
  let first = Infinity;
  for (const packet of delta.recent) first = Math.min(first, packet.time);
  for (const flow of delta.flows) first = Math.min(first, flow.firstSeen);
  for (const host of delta.hosts) first = Math.min(first, host.firstSeen);
  return first === Infinity ? 0 : first;
}
