// The flows one hour of a live capture gathered, for its flushes: each flow's sums and what of them
// is already written, in one typed array (SlotCounts) by a flat key of its 5-tuple, rather than an
// object per flow and another per write, each with its own copies of the addresses. The map holds
// the only reference to each key: the few flows written or dropped get theirs back from it.
import { SlotCounts } from './slotCounts';
import type { FlowTotals } from '../../shared/model/history';
import type { FlowSummary, FlowTransport } from '../../shared/model/traffic';

/** a slot: the hour's bytes A→B, bytes B→A, packets A→B, packets B→A, then the same as last written */
const WIDTH = 8;
const WRITTEN = 4;
/** in WRITTEN's first count: the flow was never written */
const NEVER = -1;
/** in WRITTEN's first count: the flow is being dropped (see `trim`) */
const DROPPED = -2;

/**
 * The flow's 5-tuple as one flat string (join builds it flat; a template literal builds a chain of
 * strings that the map keeps as well). Transports and addresses hold no '|', so `tuple` splits it back.
 */
function flowKey(flow: FlowSummary): string {
  return [flow.transport, flow.aAddr, flow.aPort, flow.bAddr, flow.bPort].join('|');
}

function tuple(key: string): Pick<FlowTotals, 'transport' | 'aAddr' | 'aPort' | 'bAddr' | 'bPort'> {
  const [transport, aAddr, aPort, bAddr, bPort] = key.split('|');
  return {
    transport: transport as FlowTransport,
    aAddr: aAddr!,
    aPort: Number(aPort),
    bAddr: bAddr!,
    bPort: Number(bPort),
  };
}

/** One hour's flows by 5-tuple, at most `limit` of them (past it, the smaller half of those never written go). */
export class HourFlows {
  private readonly rows: SlotCounts;
  private readonly app: (string | undefined)[] = [];
  private readonly serverName: (string | undefined)[] = [];

  constructor(private readonly limit: number) {
    this.rows = new SlotCounts(WIDTH, Math.min(1024, limit), limit);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Adds what a flow gained (bytes A→B, bytes B→A, packets A→B, packets B→A) to its hour. */
  add(flow: FlowSummary, gained: Float64Array): void {
    const key = flowKey(flow);
    let slot = this.rows.slot(key);
    if (slot === undefined) {
      if (this.rows.size >= this.limit) this.trim();
      slot = this.rows.add(key);
      this.rows.counts[slot * WIDTH + WRITTEN] = NEVER;
      this.app[slot] = undefined;
      this.serverName[slot] = undefined;
    }
    if (flow.app) this.app[slot] = flow.app;
    if (flow.serverName) this.serverName[slot] = flow.serverName;
    const counts = this.rows.counts;
    const at = slot * WIDTH;
    for (let i = 0; i < 4; i++) counts[at + i]! += gained[i]!;
  }

  /** The `count` busiest flows (by bytes), each with what it gained since it was last written, now written. */
  busiest(count: number): FlowTotals[] {
    const counts = this.rows.counts;
    const top = this.slots(() => true)
      .sort((a, b) => this.bytes(b) - this.bytes(a))
      .slice(0, count);
    const keys = this.rows.keysOf(top);
    const gains: FlowTotals[] = [];
    for (const [rank, slot] of top.entries()) {
      const at = slot * WIDTH;
      const never = counts[at + WRITTEN] === NEVER;
      const gained = (i: number) => counts[at + i]! - (never ? 0 : counts[at + WRITTEN + i]!);
      if (gained(2) + gained(3) === 0) continue;
      const gain: FlowTotals = {
        ...tuple(keys[rank]!),
        bytesAtoB: gained(0),
        bytesBtoA: gained(1),
        packetsAtoB: gained(2),
        packetsBtoA: gained(3),
      };
      const app = this.app[slot];
      const serverName = this.serverName[slot];
      if (app !== undefined) gain.app = app;
      if (serverName !== undefined) gain.serverName = serverName;
      counts.copyWithin(at + WRITTEN, at, at + 4);
      gains.push(gain);
    }
    return gains;
  }

  /** Drops the smaller half of the flows never written (a busy hour of short flows must not grow without bound). */
  private trim(): void {
    const counts = this.rows.counts;
    const unwritten = this.slots((slot) => counts[slot * WIDTH + WRITTEN] === NEVER);
    unwritten.sort((a, b) => this.bytes(a) - this.bytes(b));
    for (const slot of unwritten.slice(0, Math.ceil(unwritten.length / 2))) {
      counts[slot * WIDTH + WRITTEN] = DROPPED;
      this.app[slot] = undefined;
      this.serverName[slot] = undefined;
    }
    // Marked, then dropped in one pass over the keys: the slots keep no key of their own to delete by.
    this.rows.deleteWhere((slot) => counts[slot * WIDTH + WRITTEN] === DROPPED);
  }

  /** the slots that pass `keep`, in the order their flows came (so ties sort as they came) */
  private slots(keep: (slot: number) => boolean): number[] {
    const slots: number[] = [];
    for (const [, slot] of this.rows.entries()) if (keep(slot)) slots.push(slot);
    return slots;
  }

  private bytes(slot: number): number {
    return this.rows.counts[slot * WIDTH]! + this.rows.counts[slot * WIDTH + 1]!;
  }
}
