// Captured hosts' rates per tick, from the cumulative byte counts of the ticks' host rows (only the
// hosts that moved bytes are in a tick). Bounded: the least recently active hosts are forgotten.
import type { CaptureTick, HostRate } from './alertInputs';

const MAX_HOSTS = 8_192;

/** Turns each tick's host rows into rates. */
export class HostRates {
  private readonly last = new Map<string, { bytesIn: number; bytesOut: number; time: number }>();

  /** The rates of the hosts in this tick, leaving out those sent through a gateway (their MAC is its). */
  update(tick: CaptureTick, gatewayMacs: ReadonlySet<string>): HostRate[] {
    const rates: HostRate[] = [];
    for (const host of tick.delta.hosts) {
      if (host.mac !== undefined && gatewayMacs.has(host.mac)) continue;
      const key = `${tick.interface} ${host.addr}`;
      const before = this.last.get(key);
      this.last.delete(key);
      this.last.set(key, { bytesIn: host.bytesIn, bytesOut: host.bytesOut, time: tick.time });
      if (this.last.size > MAX_HOSTS) this.last.delete(this.last.keys().next().value!);
      // A host new to the table (or to a new capture, whose counts start again) spread over its life so far.
      const fresh = before === undefined || host.bytesIn < before.bytesIn || host.bytesOut < before.bytesOut;
      const seconds = Math.max(1, (fresh ? host.lastSeen - host.firstSeen : tick.time - before.time) / 1000);
      rates.push({
        addr: host.addr,
        mac: host.mac,
        interface: tick.interface,
        inBytesPerSecond: (host.bytesIn - (fresh ? 0 : before.bytesIn)) / seconds,
        outBytesPerSecond: (host.bytesOut - (fresh ? 0 : before.bytesOut)) / seconds,
        time: tick.time,
      });
    }
    return rates;
  }
}
