// Traffic far above its moving baseline: each interface's download and upload (the OS counters)
// and each captured host's in and out. No spike is raised before a baseline has learnt for its
// whole span; a rate that is up does not teach the baseline, so a spike never hides itself.
import { formatByteRate } from '../../../shared/format/displayFormat';
import type { BandwidthSample } from '../../../shared/model/traffic';
import type { AlertDevice } from '../../../shared/model/alerts';
import type { HostRate, RuleContext, RuleEvaluator } from '../alertInputs';
import { MovingBaseline } from '../movingBaseline';
import { Episode } from '../thresholdAlert';

const MAX_SUBJECTS = 4_096;
/** A capture tick, and the usual time between readings, in ms. */
const TICK_MS = 1_000;
/** A reading standing for more than this (a gap) is folded in as this, in ms. */
const LONGEST_READING_MS = 60_000;

interface Subject {
  baseline: MovingBaseline;
  episode: Episode;
  time: number;
}

/** What one rate is, for the alert's words. */
interface Reading {
  key: string;
  what: string;
  rate: number;
  time: number;
  interface: string;
  devices: AlertDevice[];
}

/** Raises 'traffic-spike'. */
export class TrafficSpikes implements RuleEvaluator {
  private readonly subjects = new Map<string, Subject>();

  bandwidth(sample: BandwidthSample, context: RuleContext): void {
    const links = context.network.links;
    for (const entry of sample.interfaces) {
      if (links ? !links.has(entry.interface) : entry.interface === 'lo') continue;
      const common = { time: sample.time, interface: entry.interface, devices: [] };
      this.observe(context, {
        ...common,
        key: `${entry.interface} download`,
        what: `download on ${entry.interface}`,
        rate: entry.rxBytesPerSecond,
      });
      this.observe(context, {
        ...common,
        key: `${entry.interface} upload`,
        what: `upload on ${entry.interface}`,
        rate: entry.txBytesPerSecond,
      });
    }
  }

  hostRates(rates: readonly HostRate[], time: number, context: RuleContext): void {
    for (const rate of rates) {
      const common = { time, interface: rate.interface, devices: [{ ip: rate.addr, mac: rate.mac }] };
      const key = `${rate.interface} ${rate.addr}`;
      this.observe(context, {
        ...common,
        key: `${key} in`,
        what: `traffic to ${rate.addr}`,
        rate: rate.inBytesPerSecond,
      });
      this.observe(context, {
        ...common,
        key: `${key} out`,
        what: `traffic from ${rate.addr}`,
        rate: rate.outBytesPerSecond,
      });
    }
  }

  private observe(context: RuleContext, reading: Reading): void {
    const settings = context.settings.spikes;
    const spanMs = settings.baselineMinutes * 60_000;
    const subject = this.subject(reading.key, reading.time, settings.seconds);
    let durationMs = Math.min(LONGEST_READING_MS, Math.max(1, reading.time - subject.time));
    subject.time = reading.time;
    if (durationMs > 2 * TICK_MS) {
      // A host missing from ticks moved nothing in them: that idle time teaches the baseline zeros.
      subject.baseline.observe(0, durationMs - TICK_MS, spanMs);
      subject.episode.observe(false);
      durationMs = TICK_MS;
    }
    const limit = subject.baseline.limit(settings.factor, settings.minimumBytesPerSecond);
    const above = subject.baseline.ready(spanMs) && reading.rate > limit;
    if (!above) subject.baseline.observe(reading.rate, durationMs, spanMs);
    subject.episode.seconds = settings.seconds;
    if (!subject.episode.observe(above)) return;
    const mean = subject.baseline.mean;
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

  private subject(key: string, time: number, seconds: number): Subject {
    let subject = this.subjects.get(key);
    if (subject === undefined) {
      subject = { baseline: new MovingBaseline(), episode: new Episode(seconds), time: time - 1000 };
      if (this.subjects.size >= MAX_SUBJECTS) this.subjects.delete(this.subjects.keys().next().value!);
    } else this.subjects.delete(key);
    this.subjects.set(key, subject);
    return subject;
  }
}
