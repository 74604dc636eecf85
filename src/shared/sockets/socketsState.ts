// The one model of a socket watch, folded tick by tick by the extension host (for exports) and by
// the sockets view alike: rows by id (closed rows kept, up to a cap), the processes, the latest
// traffic per process, and a series of total rates for the chart.
import type { ProcessEntry, ProcessTraffic, SocketRow, SocketsTick, SocketSourceKind } from '../model/sockets';

/** Rows kept at most; the oldest closed rows go first. */
export const MAX_SOCKET_ROWS = 20_000;
/** Points of the rate series kept (an hour at one a second). */
export const MAX_RATE_POINTS = 3600;

/** Total bytes per second of the watched processes at one tick. */
export interface RatePoint {
  /** ms since the Unix epoch */
  time: number;
  send: number;
  receive: number;
}

/** How a tick was folded in: `gap` when ticks were missed (ask for a snapshot). */
export type ApplyResult = 'ok' | 'gap';

/** What one watch has shown so far. */
export class SocketsState {
  readonly rows = new Map<string, SocketRow>();
  readonly processes = new Map<string, ProcessEntry>();
  traffic: ProcessTraffic[] = [];
  readonly series: RatePoint[] = [];
  source: SocketSourceKind | undefined;
  /** closes of sockets whose process was never seen, summed over the watch */
  unattributedCloses = 0;
  /** the kernel dropped close events at least once */
  lostCloseEvents = false;
  private lastTick = -1;
  private closedCount = 0;

  /** The number of the last tick folded in. */
  get tickNumber(): number {
    return this.lastTick;
  }

  /** Starts again from a snapshot (the whole watch), with the rate series drawn so far when there is one. */
  reset(snapshot: SocketsTick, series: readonly RatePoint[] = []): void {
    this.rows.clear();
    this.processes.clear();
    this.series.length = 0;
    this.series.push(...series);
    this.closedCount = 0;
    this.unattributedCloses = snapshot.unattributedCloses;
    this.lostCloseEvents = snapshot.lostCloseEvents;
    this.fold(snapshot);
  }

  /** Folds one tick in; a tick number that skips asks the caller for a snapshot. */
  apply(tick: SocketsTick): ApplyResult {
    const gap = this.lastTick >= 0 && tick.tick > this.lastTick + 1;
    this.unattributedCloses += tick.unattributedCloses;
    this.lostCloseEvents ||= tick.lostCloseEvents;
    this.fold(tick);
    return gap ? 'gap' : 'ok';
  }

  /** Rows in the order people read them: open first, busiest, then newest. */
  sortedRows(): SocketRow[] {
    return [...this.rows.values()].sort(
      (a, b) =>
        Number(a.closedAt !== undefined) - Number(b.closedAt !== undefined) ||
        rate(b) - rate(a) ||
        (b.closedAt ?? b.firstSeen) - (a.closedAt ?? a.firstSeen),
    );
  }

  /** A process's entry by pid (the living one, else the latest to exit). */
  process(pid: number): ProcessEntry | undefined {
    let found: ProcessEntry | undefined;
    for (const entry of this.processes.values()) {
      if (entry.pid !== pid) continue;
      if (entry.exitedAt === undefined) return entry;
      if (!found || (entry.exitedAt ?? 0) > (found.exitedAt ?? 0)) found = entry;
    }
    return found;
  }

  private fold(tick: SocketsTick): void {
    this.lastTick = tick.tick;
    this.source = tick.source;
    for (const entry of tick.processes) this.processes.set(`${entry.pid}:${entry.startTime}`, entry);
    for (const row of tick.sockets) {
      const before = this.rows.get(row.id);
      if (row.closedAt !== undefined && before?.closedAt === undefined) this.closedCount += 1;
      this.rows.set(row.id, row);
    }
    this.traffic = tick.traffic;
    if (this.series[this.series.length - 1]?.time === tick.time) return this.evict();
    let send = 0;
    let receive = 0;
    for (const entry of tick.traffic) {
      send += entry.sendBytesPerSecond;
      receive += entry.receiveBytesPerSecond;
    }
    this.series.push({ time: tick.time, send, receive });
    if (this.series.length > MAX_RATE_POINTS) this.series.splice(0, this.series.length - MAX_RATE_POINTS);
    this.evict();
  }

  /** Drops the oldest closed rows beyond the cap (open rows always stay). */
  private evict(): void {
    let excess = this.rows.size - MAX_SOCKET_ROWS;
    if (excess <= 0 || this.closedCount === 0) return;
    for (const [id, row] of this.rows) {
      if (excess <= 0) break;
      if (row.closedAt === undefined) continue;
      this.rows.delete(id);
      this.closedCount -= 1;
      excess -= 1;
    }
  }
}

function rate(row: SocketRow): number {
  return (row.sendBytesPerSecond ?? 0) + (row.receiveBytesPerSecond ?? 0);
}
