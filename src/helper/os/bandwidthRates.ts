import type { BandwidthSample, InterfaceBandwidth } from '../../shared/model/traffic';

/** The OS byte counters of one interface at one moment. */
export interface InterfaceCounters {
  interface: string;
  /** cumulative bytes received and sent since the interface came up */
  rxBytes: number;
  txBytes: number;
}

interface Previous {
  rxBytes: number;
  txBytes: number;
  /** ms since the Unix epoch */
  time: number;
}

/**
 * Turns successive counter readings into rates. An interface's first reading has no rate yet (0);
 * a counter that goes down was reset (the interface was re-created, or a 32-bit counter wrapped):
 * that interval counts the bytes since the reset, which never overstates, instead of a negative
 * or astronomically large rate. Both counters at exactly 0 after non-zero ones is how a failed
 * read looks (systeminformation answers zeros when it cannot read): that interface is left out
 * of this sample and keeps its previous reading, so the next one is not taken for a huge burst.
 */
export class BandwidthRates {
  private readonly previous = new Map<string, Previous>();

  /** One sample from readings taken at `time` (ms since the Unix epoch). */
  next(readings: readonly InterfaceCounters[], time: number): BandwidthSample {
    const seen = new Set<string>();
    const interfaces: InterfaceBandwidth[] = [];
    for (const reading of readings) {
      seen.add(reading.interface);
      const before = this.previous.get(reading.interface);
      const unread = reading.rxBytes === 0 && reading.txBytes === 0 && before && before.rxBytes + before.txBytes > 0;
      if (unread) continue;
      this.previous.set(reading.interface, { rxBytes: reading.rxBytes, txBytes: reading.txBytes, time });
      const seconds = before ? (time - before.time) / 1000 : 0;
      const rate = (now: number, then: number | undefined) => {
        if (then === undefined || seconds <= 0) return 0;
        return (now >= then ? now - then : now) / seconds;
      };
      interfaces.push({
        interface: reading.interface,
        rxBytesPerSecond: rate(reading.rxBytes, before?.rxBytes),
        txBytesPerSecond: rate(reading.txBytes, before?.txBytes),
        rxTotalBytes: reading.rxBytes,
        txTotalBytes: reading.txBytes,
      });
    }
    // An interface that disappears starts afresh if it comes back.
    for (const name of this.previous.keys()) if (!seen.has(name)) this.previous.delete(name);
    return { time, interfaces };
  }
}
