// Bandwidth above a set rate for a while: the interface the status bar follows (the readings of the
// OS counters), and each captured host. One alert per episode (thresholdAlert.ts).
import { formatByteRate } from '../../../shared/format/displayFormat';
import type { BandwidthSample } from '../../../shared/model/traffic';
import { activeInterface } from '../../../shared/traffic/activeInterface';
import type { HostRate, RuleContext, RuleEvaluator } from '../alertInputs';
import { ThresholdAlert } from '../thresholdAlert';

type Direction = 'download' | 'upload';

/** Raises 'bandwidth-threshold'. */
export class BandwidthThresholds implements RuleEvaluator {
  private readonly down = new ThresholdAlert({ bytesPerSecond: 0, seconds: 10 });
  private readonly up = new ThresholdAlert({ bytesPerSecond: 0, seconds: 10 });
  private watched: string | undefined;
  /** hosts' episodes of an earlier epoch are forgotten */
  private hostEpoch = 0;
  private hostsOn = false;

  bandwidth(sample: BandwidthSample, context: RuleContext): void {
    const settings = context.settings.bandwidth;
    const seconds = settings.seconds;
    this.down.setRule({ bytesPerSecond: settings.downBytesPerSecond, seconds });
    this.up.setRule({ bytesPerSecond: settings.upBytesPerSecond, seconds });
    if (settings.downBytesPerSecond <= 0 && settings.upBytesPerSecond <= 0) return;
    const name = activeInterface(sample, settings.interface, context.network.defaultInterface);
    const entry = sample.interfaces.find((candidate) => candidate.interface === name);
    if (name === undefined || entry === undefined) return;
    if (name !== this.watched) {
      // Another interface is another episode.
      this.watched = name;
      this.down.reset();
      this.up.reset();
    }
    if (this.down.observe(entry.rxBytesPerSecond))
      this.raise(context, 'download', name, entry.rxBytesPerSecond, sample.time);
    if (this.up.observe(entry.txBytesPerSecond))
      this.raise(context, 'upload', name, entry.txBytesPerSecond, sample.time);
  }

  hostRates(rates: readonly HostRate[], time: number, context: RuleContext): void {
    const { hostBytesPerSecond: limit, seconds } = context.settings.bandwidth;
    if (limit <= 0) {
      // Off: every host's episode starts over when it is back on.
      this.hostEpoch += this.hostsOn ? 1 : 0;
      this.hostsOn = false;
      return;
    }
    this.hostsOn = true;
    const rule = { bytesPerSecond: limit, seconds };
    for (const rate of rates) {
      // The episode lives on the host's record (hostRates.ts): bounded with it, found without a key.
      if (rate.threshold?.epoch !== this.hostEpoch)
        rate.threshold = { epoch: this.hostEpoch, alert: new ThresholdAlert(rule) };
      const alert = rate.threshold.alert;
      alert.setRule(rule);
      const total = rate.inBytesPerSecond + rate.outBytesPerSecond;
      if (!alert.observe(total)) continue;
      context.raise({
        rule: 'bandwidth-threshold',
        key: `${rate.interface} ${rate.addr}`,
        time,
        title: `${rate.addr} has moved more than ${formatByteRate(limit)} for ${seconds} s (now ${formatByteRate(total)}; lanLens.alerts.bandwidth.hostBytesPerSecond)`,
        devices: [{ ip: rate.addr, mac: rate.mac }],
        evidence: [
          {
            time,
            text: `captured on ${rate.interface}: ${formatByteRate(rate.inBytesPerSecond)} in, ${formatByteRate(rate.outBytesPerSecond)} out`,
          },
        ],
        interface: rate.interface,
        data: { host: rate.addr, bytesPerSecond: Math.round(total), threshold: limit },
      });
    }
  }

  private raise(context: RuleContext, direction: Direction, name: string, bytesPerSecond: number, time: number): void {
    const settings = context.settings.bandwidth;
    const setting = direction === 'download' ? 'alertDownBytesPerSecond' : 'alertUpBytesPerSecond';
    const threshold = direction === 'download' ? settings.downBytesPerSecond : settings.upBytesPerSecond;
    context.raise({
      rule: 'bandwidth-threshold',
      key: `${name} ${direction}`,
      time,
      title: `${direction} on ${name} has been above its alert threshold for a while (now ${formatByteRate(bytesPerSecond)}; lanLens.traffic.${setting})`,
      devices: [],
      evidence: [
        {
          time,
          text: `${name}: ${formatByteRate(bytesPerSecond)} ${direction} for ${settings.seconds} s, above ${formatByteRate(threshold)}`,
        },
      ],
      interface: name,
      data: { direction, bytesPerSecond: Math.round(bytesPerSecond), threshold },
    });
  }
}
