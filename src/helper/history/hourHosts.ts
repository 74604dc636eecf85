// The hosts one hour of a live capture gathered since the last flush: each host's sums in one typed
// array (SlotCounts) by its address, and its MAC, rather than an object per host.
import { SlotCounts } from './slotCounts';
import type { HostTotals } from '../../shared/model/history';

/** Hosts by address: bytes in, bytes out, packets in and packets out, and the MAC seen last. */
export class HourHosts {
  private readonly rows: SlotCounts;
  private readonly macs: (string | undefined)[] = [];

  /** `capacity`: the hosts to make room for at first (the last flush's count saves the growing) */
  constructor(capacity?: number) {
    this.rows = new SlotCounts(4, capacity);
  }

  get size(): number {
    return this.rows.size;
  }

  /** Adds what a host gained (bytes in, bytes out, packets in, packets out); a MAC replaces the one kept. */
  add(addr: string, mac: string | undefined, gained: Float64Array): void {
    let slot = this.rows.slot(addr);
    if (slot === undefined) {
      slot = this.rows.add(addr);
      this.macs[slot] = undefined;
    }
    if (mac) this.macs[slot] = mac;
    const counts = this.rows.counts;
    const at = slot * 4;
    for (let i = 0; i < 4; i++) counts[at + i]! += gained[i]!;
  }

  /** Each host's sums, in the order the hosts came (made one at a time, as they are written). */
  *totals(): Generator<HostTotals> {
    const counts = this.rows.counts;
    for (const [addr, slot] of this.rows.entries()) {
      const at = slot * 4;
      const host: HostTotals = {
        addr,
        bytesIn: counts[at]!,
        bytesOut: counts[at + 1]!,
        packetsIn: counts[at + 2]!,
        packetsOut: counts[at + 3]!,
      };
      const mac = this.macs[slot];
      if (mac !== undefined) host.mac = mac;
      yield host;
    }
  }
}
