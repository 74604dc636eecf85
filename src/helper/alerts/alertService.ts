// The helper's alerts: one engine fed by every live capture, scan and port scan, its own bandwidth
// readings and presence checks, and a clock; alerts go to listeners (the protocol, the CLI) and
// into the history database when one is open, else to memory while the helper runs.
import type { HistoryRecorder } from '../history/historyRecorder';
import type { Logger } from '../log';
import type { TrafficAggregator } from '../aggregate/trafficAggregator';
import { BandwidthWatcher } from '../os/bandwidthWatcher';
import type { CounterReader } from '../os/bandwidthWatcher';
import type { InterfaceSnapshot } from '../os/interfaces';
import { readNeighbors } from '../os/neighbors';
import type { NeighborEntry } from '../os/neighbors';
import type { AlertSettings } from '../../shared/alerts/alertRules';
import type { AlertsStatus } from '../../shared/alertsProtocol';
import type { Alert } from '../../shared/model/alerts';
import type { PortScanResult } from '../../shared/model/ports';
import type { ScanResult } from '../../shared/model/scan';
import { AlertBaseline } from './alertBaseline';
import { AlertEngine } from './alertEngine';
import { AlertingAggregator } from './alertingAggregator';
import { networkFacts } from './networkFacts';
import { probeWatched } from './presenceProber';
import { AlertLedger } from './alertLedger';
import { DeliveryService } from './delivery/deliveryService';
import type { Senders } from './delivery/deliveryService';
import type { DeliveryStatus } from '../../shared/alerts/deliverySettings';

/** How often the clock ticks and the network facts are looked at again, in ms. */
const CLOCK_MS = 1_000;
const FACTS_MS = 60_000;

/** What the service needs around it. */
export interface AlertServiceIo {
  logger: Logger;
  /** the open history's recorder, when there is one */
  history: () => HistoryRecorder | undefined;
  readCounters: CounterReader;
  addressedInterfaces: () => Promise<InterfaceSnapshot>;
  neighbours?: () => Promise<NeighborEntry[]>;
  probe?: typeof probeWatched;
  now?: () => number;
  /** a delivery channel's state changed */
  onDeliveryStatus?: (status: DeliveryStatus) => void;
  senders?: Senders;
}

/** The alert engine of one helper process (or one `lanlens watch`). */
export class AlertService {
  readonly engine: AlertEngine;
  readonly ledger: AlertLedger;
  readonly delivery: DeliveryService;
  private readonly now: () => number;
  private readonly bandwidth: BandwidthWatcher;
  private readonly timers: NodeJS.Timeout[] = [];
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(private readonly io: AlertServiceIo) {
    this.now = io.now ?? Date.now;
    this.engine = new AlertEngine({
      baseline: new AlertBaseline(this.now()),
      onError: (family, error) =>
        io.logger.log(
          'error',
          `alerts: the ${family} rules failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
    });
    this.ledger = new AlertLedger(this.engine, io.history, this.now, (message) => io.logger.log('warn', message));
    this.delivery = new DeliveryService({
      history: io.history,
      now: this.now,
      onStatus: (status) => io.onDeliveryStatus?.(status),
      senders: io.senders,
    });
    this.engine.onAlerts((alerts) => this.delivery.enqueue(alerts));
    this.bandwidth = new BandwidthWatcher(
      io.readCounters,
      (sample) => this.engine.bandwidth(sample),
      (error) => io.logger.log('debug', `alerts: reading interface counters failed: ${String(error)}`),
      this.now,
    );
  }

  /** Starts the clock and the network facts; the rules' own readings follow their settings. */
  start(): void {
    const every = (ms: number, work: () => void) => {
      const timer = setInterval(work, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(CLOCK_MS, () => {
      this.ledger.attach();
      this.delivery.attach();
      this.engine.clock(this.now());
      void this.delivery.pump();
    });
    void this.refreshFacts();
    every(FACTS_MS, () => void this.refreshFacts());
    this.applySettings();
  }

  /** New settings for every rule; answers what the engine has learnt. */
  configure(settings: AlertSettings): AlertsStatus {
    this.engine.settings = settings;
    this.ledger.attach();
    this.delivery.attach();
    this.applySettings();
    return this.status();
  }

  status(): AlertsStatus {
    const { baseline, settings } = this.engine;
    return {
      learningUntil: baseline.learningSince + settings.newDevice.learningSeconds * 1000,
      knownDevices: baseline.size,
      stored: this.ledger.stored,
    };
  }

  /** Listens to new alerts; returns the way to stop. */
  onAlerts(listener: (alerts: Alert[]) => void): () => void {
    return this.engine.onAlerts(listener);
  }

  /** The aggregator a live capture on `interfaceName` folds into, with the engine listening. */
  watchCapture(inner: TrafficAggregator, interfaceName: string): TrafficAggregator {
    return new AlertingAggregator(inner, interfaceName, (tick) => this.engine.capture(tick));
  }

  scan(result: ScanResult): void {
    this.engine.scan(result, this.now());
  }

  ports(result: PortScanResult): void {
    this.engine.ports(result, this.now());
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
    clearInterval(this.probeTimer);
    this.bandwidth.stop();
    this.ledger.detach();
  }

  /** Readings while a rule needs them; presence checks while devices are watched. */
  private applySettings(): void {
    const { bandwidth, spikes, watchedDevices } = this.engine.settings;
    const readings = bandwidth.downBytesPerSecond > 0 || bandwidth.upBytesPerSecond > 0 || spikes.enabled;
    this.bandwidth.watch(readings && this.timers.length > 0 ? CLOCK_MS : 0);
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    if (watchedDevices.devices.length === 0 || this.timers.length === 0) return;
    this.probeTimer = setInterval(() => void this.probe(), watchedDevices.probeSeconds * 1000);
    this.probeTimer.unref();
    void this.probe();
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      const sightings = await (this.io.probe ?? probeWatched)(this.engine.settings.watchedDevices.devices, this.now);
      this.engine.sightings(sightings, this.now());
    } catch (error) {
      this.io.logger.log('warn', `alerts: checking watched devices failed: ${String(error)}`);
    } finally {
      this.probing = false;
    }
  }

  private async refreshFacts(): Promise<void> {
    try {
      const [snapshot, neighbours] = await Promise.all([
        this.io.addressedInterfaces(),
        (this.io.neighbours ?? readNeighbors)(),
      ]);
      this.engine.network = networkFacts(snapshot, neighbours);
    } catch (error) {
      this.io.logger.log('warn', `alerts: looking at the interfaces failed: ${String(error)}`);
    }
  }
}
