// Traffic far above its moving baseline: each interface's download and upload (the OS counters)
// and each captured host's in and out. No spike is raised before a baseline has learnt for its
// whole span; a rate that is up does not teach the baseline, so a spike never hides itself.
// A host's subjects live on its record (hostRates.ts); the words of an alert are made only when
// one is raised, so a tick of thousands of hosts costs arithmetic, not strings.
import { formatByteRate } from '../../../shared/format/displayFormat';
import type { BandwidthSample } from '../../../shared/model/traffic';
import type { AlertDevice } from '../../../shared/model/alerts';
import type { HostRate, RuleContext, RuleEvaluator } from '../alertInputs';
import { newSpikeSubject } from '../movingBaseline';
import type { SpikeSubject } from '../movingBaseline';
import { forgetOldest } from '../forgetOldest';

/** Interface rates followed; hosts are bounded by their records. */
const MAX_INTERFACE_SUBJECTS = 1_024;
/** A capture tick, and the usual time between readings, in ms. */
const TICK_MS = 1_000;
/** A reading standing for more than this (a gap) is folded in as this, in ms. */
const LONGEST_READING_MS = 60_000;

/** What a spiking rate is, for the alert's words. */
interface Reading {
  key: string;
  what: string;
  rate: number;
  time: number;
  interface: string;
  devices: AlertDevice[];
}

/** The spikes settings as one reading needs them. */
interface Limits {
  spanMs: number;
  factor: number;
  minimum: number;
  seconds: number;
}

/** Raises 'traffic-spike'. */
export class TrafficSpikes implements RuleEvaluator {
  private readonly interfaces = new Map<string, SpikeSubject>();

  bandwidth(sample: BandwidthSample, context: RuleContext): void {
    const links = context.network.links;
    const limits = limitsOf(context);
    for (const entry of sample.interfaces) {
      if (links ? !links.has(entry.interface) : entry.interface === 'lo') continue;
      const reading = (direction: string, rate: number): Reading => ({
        key: `${entry.interface} ${direction}`,
        what: `${direction} on ${entry.interface}`,
        rate,
        time: sample.time,
        interface: entry.interface,
        devices: [],
      });
      const { rxBytesPerSecond: down, txBytesPerSecond: up } = entry;
      const downSubject = this.interfaceSubject(`${entry.interface} download`, sample.time, limits.seconds);
      if (spikes(downSubject, down, sample.time, limits)) this.raise(context, reading('download', down), downSubject);
      const upSubject = this.interfaceSubject(`${entry.interface} upload`, sample.time, limits.seconds);
      if (spikes(upSubject, up, sample.time, limits)) this.raise(context, reading('upload', up), upSubject);
    }
  }

  hostRates(rates: readonly HostRate[], time: number, context: RuleContext): void {
    const limits = limitsOf(context);
    for (const host of rates) {
      const subjects = (host.spikes ??= {
        in: newSpikeSubject(time, limits.seconds),
        out: newSpikeSubject(time, limits.seconds),
      });
      if (spikes(subjects.in, host.inBytesPerSecond, time, limits))
        this.raise(context, hostReading(host, 'in', time), subjects.in);
      if (spikes(subjects.out, host.outBytesPerSecond, time, limits))
        this.raise(context, hostReading(host, 'out', time), subjects.out);
    }
  }

  private raise(context: RuleContext, reading: Reading, subject: SpikeSubject): void {
    const settings = context.settings.spikes;
    const mean = subject.baseline.mean;
    const limit = subject.baseline.limit(settings.factor, settings.minimumBytesPerSecond);
    context.raise({
      rule: 'traffic-spike',
      key: reading.key,
      time: reading.time,
      title: `Traffic spike: ${reading.what} at ${formatByteRate(reading.rate)}, ${mean > 0 ? `${Math.round(reading.rate / mean)} times` : 'far above'} its usual ${formatByteRate(mean)}`,
      devices: reading.devices,
      evidence: [
        {
          time: reading.time,
          text: `${reading.what}: ${formatByteRate(reading.rate)} for ${settings.seconds} s; the baseline of the last ${settings.baselineMinutes} min is ${formatByteRate(mean)}, the limit ${formatByteRate(limit)}`,
        },
      ],
      interface: reading.interface,
      data: { bytesPerSecond: Math.round(reading.rate), baseline: Math.round(mean), limit: Math.round(limit) },
    });
  }

  private interfaceSubject(key: string, time: number, seconds: number): SpikeSubject {
    let subject = this.interfaces.get(key);
    if (subject === undefined) {
      subject = newSpikeSubject(time, seconds);
      this.interfaces.set(key, subject);
      forgetOldest(this.interfaces, MAX_INTERFACE_SUBJECTS);
    }
    return subject;
  }
}

function limitsOf(context: RuleContext): Limits {
  const settings = context.settings.spikes;
  return {
    spanMs: settings.baselineMinutes * 60_000,
    factor: settings.factor,
    minimum: settings.minimumBytesPerSecond,
    seconds: settings.seconds,
  };
}

/** Folds one reading into its subject; true exactly when it starts a spike. */
function spikes(subject: SpikeSubject, rate: number, time: number, limits: Limits): boolean {
  let durationMs = Math.min(LONGEST_READING_MS, Math.max(1, time - subject.time));
  subject.time = time;
  if (durationMs > 2 * TICK_MS) {
    // A host missing from ticks moved nothing in them: that idle time teaches the baseline zeros.
    subject.baseline.observe(0, durationMs - TICK_MS, limits.spanMs);
    subject.episode.observe(false);
    durationMs = TICK_MS;
  }
  const above = subject.baseline.ready(limits.spanMs) && rate > subject.baseline.limit(limits.factor, limits.minimum);
  if (!above) subject.baseline.observe(rate, durationMs, limits.spanMs);
  subject.episode.seconds = limits.seconds;
  return subject.episode.observe(above);
}

function hostReading(host: HostRate, direction: 'in' | 'out', time: number): Reading {
  return {
    key: `${host.interface} ${host.addr} ${direction}`,
    what: direction === 'in' ? `traffic to ${host.addr}` : `traffic from ${host.addr}`,
    rate: direction === 'in' ? host.inBytesPerSecond : host.outBytesPerSecond,
    time,
    interface: host.interface,
    devices: [{ ip: host.addr, mac: host.mac }],
  };
}
