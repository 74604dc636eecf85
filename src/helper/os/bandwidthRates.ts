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

/** The bytes one interface counted between two readings. */
export interface CounterDelta {
  interface: string;
  /** bytes received and sent since the reading before; 0 on an interface's first reading */
  rxBytes: number;
  txBytes: number;
  /** the reading before (ms since the Unix epoch); equal to `to` on a first reading */
  from: number;
  to: number;
  /** the counters as read */
  rxTotalBytes: number;
  txTotalBytes: number;
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
    const interfaces: InterfaceBandwidth[] = this.deltas(readings, time).map((delta) => {
      const seconds = (delta.to - delta.from) / 1000;
      return {
        interface: delta.interface,
        rxBytesPerSecond: seconds > 0 ? delta.rxBytes / seconds : 0,
        txBytesPerSecond: seconds > 0 ? delta.txBytes / seconds : 0,
        rxTotalBytes: delta.rxTotalBytes,
        txTotalBytes: delta.txTotalBytes,
      };
    });
    return { time, interfaces };
  }

  /** The bytes each interface counted since its reading before, from readings taken at `time`. */
  deltas(readings: readonly InterfaceCounters[], time: number): CounterDelta[] {
    const seen = new Set<string>();
    const deltas: CounterDelta[] = [];
    for (const reading of readings) {
      seen.add(reading.interface);
      const before = this.previous.get(reading.interface);
      const unread = reading.rxBytes === 0 && reading.txBytes === 0 && before && before.rxBytes + before.txBytes > 0;
      if (unread) continue;
      this.previous.set(reading.interface, { rxBytes: reading.rxBytes, txBytes: reading.txBytes, time });
      const counted = (now: number, then: number | undefined) => {
        if (then === undefined || !before || time <= before.time) return 0;
        return now >= then ? now - then : now;
      };
      deltas.push({
        interface: reading.interface,
        rxBytes: counted(reading.rxBytes, before?.rxBytes),
        txBytes: counted(reading.txBytes, before?.txBytes),
        from: before && time > before.time ? before.time : time,
        to: time,
        rxTotalBytes: reading.rxBytes,
        txTotalBytes: reading.txBytes,
      });
    }
    // An interface that disappears starts afresh if it comes back.
    for (const name of this.previous.keys()) if (!seen.has(name)) this.previous.delete(name);
    return deltas;
  }
}
