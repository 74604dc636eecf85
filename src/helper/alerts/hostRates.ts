// Captured hosts' rates per tick, from the cumulative byte counts of the ticks' host rows (only the
// hosts that moved bytes are in a tick). Each host's record lives across ticks and carries what the
// per-host rules keep about it (spike baselines, a threshold episode), so a tick costs one lookup
// per host and no key strings or rule tables of their own. Bounded: the least recently active
// hosts are forgotten, with their rules' state.
import type { CaptureTick, HostRate } from './alertInputs';
import { forgetOldest } from './forgetOldest';

/**
 * Hosts followed per interface; a tick seldom moves more (a live capture's host table holds 20,000).
 * Each costs about 550 bytes with its baselines: 16,384 held 8.8 MiB in the soak's helper.
 */
const MAX_HOSTS = 8_192;

/** Turns each tick's host rows into rates. */
export class HostRates {
  /** interface → address → its record, least recently active first */
  private readonly byInterface = new Map<string, Map<string, HostRate>>();

  /** The records of the hosts in this tick, leaving out those sent through a gateway (their MAC is its). */
  update(tick: CaptureTick, gatewayMacs: ReadonlySet<string>): HostRate[] {
    let hosts = this.byInterface.get(tick.interface);
    if (hosts === undefined) {
      hosts = new Map();
      this.byInterface.set(tick.interface, hosts);
    }
    const rates: HostRate[] = [];
    for (const host of tick.delta.hosts) {
      if (host.mac !== undefined && gatewayMacs.has(host.mac)) continue;
      let rate = hosts.get(host.addr);
      // A host new to the table (or to a new capture, whose counts start again) spread over its life so far.
      const fresh = rate === undefined || host.bytesIn < rate.bytesIn || host.bytesOut < rate.bytesOut;
      const seconds = Math.max(1, (fresh ? host.lastSeen - host.firstSeen : tick.time - rate!.time) / 1000);
      const bytesInBefore = fresh ? 0 : rate!.bytesIn;
      const bytesOutBefore = fresh ? 0 : rate!.bytesOut;
      if (rate === undefined) {
        rate = newRecord(host.addr, tick.interface);
      } else hosts.delete(host.addr);
      // Re-inserted so the map's order stays least recently active first.
      hosts.set(host.addr, rate);
      rate.mac = host.mac;
      rate.inBytesPerSecond = (host.bytesIn - bytesInBefore) / seconds;
      rate.outBytesPerSecond = (host.bytesOut - bytesOutBefore) / seconds;
      rate.bytesIn = host.bytesIn;
      rate.bytesOut = host.bytesOut;
      rate.time = tick.time;
      rates.push(rate);
    }
    forgetOldest(hosts, MAX_HOSTS);
    return rates;
  }
}

// Every field set from the start, so every record has one shape.
function newRecord(addr: string, iface: string): HostRate {
  return {
    addr,
    mac: undefined,
    interface: iface,
    inBytesPerSecond: 0,
    outBytesPerSecond: 0,
    time: 0,
    bytesIn: 0,
    bytesOut: 0,
    spikes: undefined,
    threshold: undefined,
  };
}
