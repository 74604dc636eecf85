// The throughput chart's data: per-second download and upload of one interface (or all of them)
// from the OS counters, and the capture's own rate, over a time window. Pure.
import type { BandwidthSample, RateSample } from '../../shared/model/traffic';

/** one point of the chart, rates in bytes per second */
export interface ThroughputPoint {
  time: number;
  rx: number;
  tx: number;
}

export interface CapturePoint {
  time: number;
  /** bytes per second the capture saw */
  rate: number;
}

/** Everything on all interfaces, summed, is `allInterfaces`. */
export const allInterfaces = '';

/**
 * Download/upload per sample for `iface` (summed over every interface for `allInterfaces`, over
 * the set's members for a set), oldest first.
 */
export function throughputPoints(
  samples: Iterable<BandwidthSample>,
  iface: string | ReadonlySet<string>,
): ThroughputPoint[] {
  const wanted = (name: string) =>
    typeof iface === 'string' ? iface === allInterfaces || name === iface : iface.has(name);
  const points: ThroughputPoint[] = [];
  for (const sample of samples) {
    let rx = 0;
    let tx = 0;
    let found = false;
    for (const reading of sample.interfaces) {
      if (!wanted(reading.interface)) continue;
      rx += reading.rxBytesPerSecond;
      tx += reading.txBytesPerSecond;
      found = true;
    }
    if (found) points.push({ time: sample.time, rx, tx });
  }
  return points;
}

/** The capture's rate samples as bytes per second. */
export function capturePoints(rates: Iterable<RateSample>): CapturePoint[] {
  const points: CapturePoint[] = [];
  for (const sample of rates) {
    if (sample.durationMs > 0) points.push({ time: sample.time, rate: (sample.bytes * 1000) / sample.durationMs });
  }
  return points;
}

/** Interface names that appear in the samples, sorted. */
export function sampledInterfaces(samples: Iterable<BandwidthSample>): string[] {
  const names = new Set<string>();
  for (const sample of samples) for (const reading of sample.interfaces) names.add(reading.interface);
  return [...names].sort();
}

/** The default time window: the `spanMs` up to the newest time seen. */
export function liveWindow(newest: number, spanMs: number): [number, number] {
  return [newest - spanMs, newest];
}
