import { socketStateName, TcpStateNumber } from '../../shared/model/sockets';
import type { SocketOutcome, SocketRow } from '../../shared/model/sockets';
import type { KernelSocket } from './nativeSockDiag';

/** Closed rows kept for snapshots, at most (the oldest go first). */
export const MAX_CLOSED_ROWS = 5000;

/** Bytes one process sent and received in a tick. */
export interface ByteDelta {
  sent: number;
  received: number;
}

/** What one tick of the tracker found. */
export interface TrackerTick {
  /** rows new or changed in this tick, closed rows once */
  rows: SocketRow[];
  /** bytes per owning pid in this tick */
  deltas: Map<number, ByteDelta>;
  /** close events of sockets never seen open that `isCandidate` accepted */
  unattributedCloses: number;
}

/** Which watched process holds a socket now, undefined when none does. */
export type OwnerOf = (socket: KernelSocket) => number | undefined;

interface Tracked {
  row: SocketRow;
  last: KernelSocket;
  /** the state it was last seen in before closing (SYN-SENT tells a failed connect) */
  lastState: number;
}

/** How a connection ended, from its last reading (the close event's tcp_info when there is one). */
export function socketOutcome(last: KernelSocket, lastState: number): SocketOutcome {
  const info = last.tcpInfo;
  if (last.protocol !== 'tcp') return 'closed';
  if (!info) return lastState === TcpStateNumber.synSent && (last.retransmits ?? 0) > 0 ? 'timeout' : 'closed';
  // No option agreed and a SYN sent: the handshake never completed.
  if (info.options === 0 && info.segsOut >= 1 && info.bytesReceived === 0 && lastState !== TcpStateNumber.listen) {
    if (lastState === TcpStateNumber.synSent || info.segsIn <= 1) return info.segsIn >= 1 ? 'refused' : 'timeout';
  }
  return 'closed';
}

/** The fields of a row a reading can change, as one string: equal strings, nothing to send. */
function signature(row: SocketRow): string {
  return `${row.state}|${row.remoteAddress}|${row.remotePort}|${row.bytesAcked}|${row.bytesReceived}|${row.rttMs}|${row.retransmits}|${row.sendBytesPerSecond}|${row.receiveBytesPerSecond}`;
}

function rowOf(socket: KernelSocket, pid: number | undefined, firstSeen: number): SocketRow {
  return {
    id: socket.cookie,
    protocol: socket.protocol,
    family: socket.family,
    state: '',
    localAddress: socket.localAddress,
    localPort: socket.localPort,
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    ...(pid !== undefined ? { pid } : {}),
    uid: socket.uid,
    firstSeen,
  };
}

/**
 * The connections of the watched processes over time: a row per socket, byte rates from tcp_info's
 * counters between ticks, rows closed by the kernel's close events (with their final counters) or
 * by vanishing, and how each connection ended.
 */
export class SocketTracker {
  private readonly open = new Map<string, Tracked>();
  private readonly closed: SocketRow[] = [];
  private lastTime: number | undefined;
  /** rows already in this tick's changes */
  private listed = new Set<SocketRow>();
  /** bytes that sightings between ticks took into rows, owed to the next tick's deltas */
  private owed = new Map<number, ByteDelta>();

  /**
   * Folds one reading in. `sockets` is the whole table now, `closes` the close events since the
   * last tick; `ownerOf` scopes them; `countsHistory(pid)` says whether bytes a socket carried
   * before it was first seen belong to this tick (not at the first tick, nor for a process that
   * just joined the watch); `isCandidate` picks which unseen closes are counted as unattributed.
   */
  tick(
    now: number,
    sockets: readonly KernelSocket[],
    closes: readonly KernelSocket[],
    ownerOf: OwnerOf,
    countsHistory: (pid: number) => boolean,
    isCandidate: (socket: KernelSocket) => boolean = () => false,
  ): TrackerTick {
    const seconds = this.lastTime === undefined ? 0 : Math.max(0.001, (now - this.lastTime) / 1000);
    const first = this.lastTime === undefined;
    this.lastTime = now;
    this.listed = new Set();
    const result: TrackerTick = { rows: [], deltas: this.owed, unattributedCloses: 0 };
    this.owed = new Map();
    const seen = new Set<string>();
    for (const socket of sockets) {
      const tracked = this.open.get(socket.cookie);
      const pid = tracked ? tracked.row.pid : ownerOf(socket);
      if (!tracked && pid === undefined) continue;
      seen.add(socket.cookie);
      const entry = tracked ?? this.start(socket, pid, now, first || pid === undefined || !countsHistory(pid));
      this.update(entry, socket, seconds, result);
    }
    for (const socket of closes) {
      const tracked = this.open.get(socket.cookie);
      if (!tracked) {
        if (isCandidate(socket)) result.unattributedCloses += 1;
        continue;
      }
      seen.add(socket.cookie);
      this.update(tracked, socket, seconds, result);
      this.finish(tracked, now, result);
    }
    for (const tracked of this.open.values()) if (!seen.has(tracked.row.id)) this.finish(tracked, now, result);
    return result;
  }

  /**
   * Between ticks: starts rows for the sockets of `sockets` that `ownerOf` names and that are not
   * tracked yet (a connection a process just opened), so its close is its own even if it ends
   * before the next tick; answers those rows. Their bytes so far go to the next tick.
   */
  sight(now: number, sockets: readonly KernelSocket[], ownerOf: OwnerOf): SocketRow[] {
    this.listed = new Set();
    const result: TrackerTick = { rows: [], deltas: this.owed, unattributedCloses: 0 };
    for (const socket of sockets) {
      if (this.open.has(socket.cookie)) continue;
      const pid = ownerOf(socket);
      if (pid === undefined) continue;
      this.update(this.start(socket, pid, now, false), socket, 0, result);
    }
    return result.rows;
  }

  /** The rows of sockets open now. */
  openRows(): SocketRow[] {
    return [...this.open.values()].map((tracked) => tracked.row);
  }

  /** Every open row and the closed rows kept. */
  rows(): SocketRow[] {
    return [...this.closed, ...[...this.open.values()].map((tracked) => tracked.row)];
  }

  /** A socket seen for the first time; its counters so far are this tick's unless `baseline`. */
  private start(socket: KernelSocket, pid: number | undefined, now: number, baseline: boolean): Tracked {
    const row = rowOf(socket, pid, now);
    if (baseline && socket.tcpInfo) {
      row.bytesAcked = socket.tcpInfo.bytesAcked;
      row.bytesReceived = socket.tcpInfo.bytesReceived;
    }
    const tracked: Tracked = { row, last: socket, lastState: socket.state };
    this.open.set(socket.cookie, tracked);
    return tracked;
  }

  /** Takes a reading into the row; adds its bytes to the owner's delta and the row to the changes. */
  private update(tracked: Tracked, socket: KernelSocket, seconds: number, result: TrackerTick): void {
    const { row } = tracked;
    const before = signature(row);
    const info = socket.tcpInfo;
    if (socket.state !== TcpStateNumber.close || socket.inode) tracked.lastState = socket.state;
    tracked.last = socket;
    row.state = socketStateName(socket.state);
    if (socket.inode && socket.remotePort) {
      row.remoteAddress = socket.remoteAddress;
      row.remotePort = socket.remotePort;
    }
    if (info) {
      const sent = Math.max(0, info.bytesAcked - (row.bytesAcked ?? 0));
      const received = Math.max(0, info.bytesReceived - (row.bytesReceived ?? 0));
      row.bytesAcked = info.bytesAcked;
      row.bytesReceived = info.bytesReceived;
      if (info.rttUs > 0) row.rttMs = info.rttUs / 1000;
      row.retransmits = info.totalRetrans;
      row.sendBytesPerSecond = seconds > 0 ? sent / seconds : 0;
      row.receiveBytesPerSecond = seconds > 0 ? received / seconds : 0;
      if (row.pid !== undefined && (sent > 0 || received > 0)) {
        const delta = result.deltas.get(row.pid) ?? { sent: 0, received: 0 };
        delta.sent += sent;
        delta.received += received;
        result.deltas.set(row.pid, delta);
      }
    } else if (socket.retransmits !== undefined) {
      row.retransmits = socket.retransmits;
    }
    if (signature(row) !== before) this.changed(row, result);
  }

  /** Lists a row among the tick's changes once. */
  private changed(row: SocketRow, result: TrackerTick): void {
    if (this.listed.has(row)) return;
    this.listed.add(row);
    result.rows.push(row);
  }

  private finish(tracked: Tracked, now: number, result: TrackerTick): void {
    const { row } = tracked;
    this.open.delete(row.id);
    row.closedAt = now;
    row.outcome = socketOutcome(tracked.last, tracked.lastState);
    row.state = 'CLOSED';
    row.sendBytesPerSecond = 0;
    row.receiveBytesPerSecond = 0;
    this.changed(row, result);
    this.closed.push(row);
    if (this.closed.length > MAX_CLOSED_ROWS) this.closed.splice(0, this.closed.length - MAX_CLOSED_ROWS);
  }
}
