// The alert engine: feeds each batch of input to every family of rules, and turns what they raise
// into alerts: an id, the rule's severity, a quiet time per subject and a cap per minute, so a
// storm of packets never becomes a storm of alerts. The helper, `lanlens watch` and the tests
// drive the same engine.
import { randomUUID } from 'node:crypto';
import { ALERT_RULES, defaultAlertSettings } from '../../shared/alerts/alertRules';
import type { AlertFamily, AlertSettings } from '../../shared/alerts/alertRules';
import type { Alert, AlertRuleId } from '../../shared/model/alerts';
import type { PortScanResult } from '../../shared/model/ports';
import type { ScanResult } from '../../shared/model/scan';
import type { BandwidthSample } from '../../shared/model/traffic';
import { AlertBaseline } from './alertBaseline';
import type { AlertDraft, CaptureTick, DeviceSighting, NetworkFacts, RuleContext, RuleEvaluator } from './alertInputs';
import { HostRates } from './hostRates';
import { createRuleEvaluators } from './ruleRegistry';
import { forgetOldest } from './forgetOldest';

/** How long the same subject of a rule stays quiet after an alert, in ms (0: the rule keeps its own episodes). */
const QUIET_MS: Partial<Record<AlertRuleId, number>> = {
  'new-device': 0,
  'bandwidth-threshold': 0,
  'traffic-spike': 0,
  'device-offline': 0,
  'device-back': 0,
  'new-open-port': 0,
};
const DEFAULT_QUIET_MS = 10 * 60_000;
/** Subjects remembered for their quiet time; past this the oldest are forgotten. */
const MAX_QUIET_KEYS = 10_000;

/** How an engine is set up. */
export interface AlertEngineOptions {
  settings?: AlertSettings;
  baseline?: AlertBaseline;
  network?: NetworkFacts;
  /** alerts per minute at most; the rest are counted in one 'alerts-suppressed' alert (default 60) */
  maxPerMinute?: number;
  /** a rule threw (a bug): the input is skipped for that rule, the others go on */
  onError?: (family: AlertFamily, error: unknown) => void;
  newId?: () => string;
}

/** Evaluates the rules and hands each batch of new alerts to its listeners. */
export class AlertEngine {
  private readonly evaluators: [AlertFamily, RuleEvaluator][];
  private readonly listeners = new Set<(alerts: Alert[]) => void>();
  private readonly learners = new Set<(key: string, sighting: DeviceSighting) => void>();
  private readonly quietUntil = new Map<string, number>();
  private readonly maxPerMinute: number;
  private minute = { start: 0, count: 0, held: 0, rules: new Set<AlertRuleId>() };
  private batch: Alert[] = [];
  private readonly hostRates = new HostRates();
  /** what every rule reads; the engine's settings, network and baseline live here */
  private readonly context: { -readonly [K in keyof RuleContext]: RuleContext[K] };

  constructor(private readonly options: AlertEngineOptions = {}) {
    this.maxPerMinute = options.maxPerMinute ?? 60;
    this.evaluators = createRuleEvaluators();
    this.context = {
      settings: options.settings ?? defaultAlertSettings(),
      network: options.network ?? { own: new Map(), gateways: new Map() },
      baseline: options.baseline ?? new AlertBaseline(Date.now()),
      raise: (draft) => this.raise(draft),
      learnt: (key, sighting) => {
        for (const listener of this.learners) listener(key, sighting);
      },
    };
  }

  get settings(): AlertSettings {
    return this.context.settings;
  }

  set settings(settings: AlertSettings) {
    this.context.settings = settings;
  }

  get network(): NetworkFacts {
    return this.context.network;
  }

  set network(network: NetworkFacts) {
    this.context.network = network;
  }

  get baseline(): AlertBaseline {
    return this.context.baseline;
  }

  set baseline(baseline: AlertBaseline) {
    this.context.baseline = baseline;
  }

  /** Listens to new alerts, a batch per input; returns the way to stop listening. */
  onAlerts(listener: (alerts: Alert[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens to devices joining the baseline; returns the way to stop. */
  onDeviceLearnt(listener: (key: string, sighting: DeviceSighting) => void): () => void {
    this.learners.add(listener);
    return () => this.learners.delete(listener);
  }

  /** A live capture's tick. */
  capture(tick: CaptureTick): void {
    const gatewayMacs = new Set<string>();
    for (const mac of this.network.gateways.values()) if (mac !== undefined) gatewayMacs.add(mac);
    const rates = this.hostRates.update(tick, gatewayMacs);
    this.dispatch(tick.time, (evaluator, context) => {
      evaluator.capture?.(tick, context);
      if (rates.length > 0) evaluator.hostRates?.(rates, tick.time, context);
    });
  }

  /** Devices seen other than by capture (scans, presence checks). */
  sightings(sightings: readonly DeviceSighting[], now: number): void {
    if (sightings.length === 0) return;
    this.dispatch(now, (evaluator, context) => evaluator.sightings?.(sightings, context));
  }

  /** A LAN scan's result: its devices are sightings. */
  scan(result: ScanResult, now: number): void {
    const seen = result.devices
      .filter((device) => !device.isSelf)
      .map((device) => ({
        time: device.lastSeen,
        ip: device.ip,
        mac: device.mac,
        name: device.hostname,
        interface: device.interface,
        how: 'scan',
      }));
    this.sightings(seen, now);
  }

  /** A port scan's result: hosts that answered are sightings, and their open ports are compared. */
  ports(result: PortScanResult, now: number): void {
    const seen = result.hosts
      .filter((host) => host.up)
      .map((host) => ({ time: now, ip: host.ip, mac: host.mac, how: 'ports' }));
    this.dispatch(now, (evaluator, context) => {
      if (seen.length) evaluator.sightings?.(seen, context);
      evaluator.ports?.(result, now, context);
    });
  }

  /** A bandwidth reading of every interface. */
  bandwidth(sample: BandwidthSample): void {
    this.dispatch(sample.time, (evaluator, context) => evaluator.bandwidth?.(sample, context));
  }

  /** Time passes: timeouts and offline devices. */
  clock(now: number): void {
    this.dispatch(now, (evaluator, context) => evaluator.clock?.(now, context));
  }

  private dispatch(now: number, run: (evaluator: RuleEvaluator, context: RuleContext) => void): void {
    for (const [family, evaluator] of this.evaluators) {
      try {
        run(evaluator, this.context);
      } catch (error) {
        this.options.onError?.(family, error);
      }
    }
    this.closeMinute(now);
    if (this.batch.length === 0) return;
    const alerts = this.batch;
    this.batch = [];
    for (const listener of this.listeners) listener(alerts);
  }

  private raise(draft: AlertDraft): void {
    const rule = ALERT_RULES[draft.rule];
    const family = rule.family;
    if (family && (this.settings[family] as { enabled?: boolean }).enabled === false) return;
    const key = `${draft.rule} ${draft.key}`;
    if ((this.quietUntil.get(key) ?? 0) > draft.time) return;
    const quiet = QUIET_MS[draft.rule] ?? DEFAULT_QUIET_MS;
    if (quiet > 0) this.remember(key, draft.time + quiet);
    this.closeMinute(draft.time);
    if (this.minute.count >= this.maxPerMinute) {
      this.minute.held += 1;
      this.minute.rules.add(draft.rule);
      return;
    }
    this.minute.count += 1;
    this.batch.push(this.alertOf(draft, rule.severity));
  }

  private alertOf(draft: AlertDraft, severity: Alert['severity']): Alert {
    const alert: Alert = {
      id: this.options.newId?.() ?? randomUUID(),
      rule: draft.rule,
      severity: draft.severity ?? severity,
      time: draft.time,
      title: draft.title,
      devices: draft.devices,
      evidence: draft.evidence,
    };
    if (draft.interface !== undefined) alert.interface = draft.interface;
    if (draft.data !== undefined) alert.data = draft.data;
    return alert;
  }

  /** Starts a new minute of the cap once the last is over, telling what it held back. */
  private closeMinute(now: number): void {
    const minute = this.minute;
    if (now - minute.start < 60_000) return;
    if (minute.held > 0) {
      const rules = [...minute.rules].map((rule) => ALERT_RULES[rule].label).join(', ');
      this.batch.push(
        this.alertOf(
          {
            rule: 'alerts-suppressed',
            key: '',
            time: now,
            title: `${minute.held} more alert${minute.held === 1 ? ' was' : 's were'} held back (more than ${this.maxPerMinute} a minute): ${rules}`,
            devices: [],
            evidence: [],
            data: { held: minute.held },
          },
          'low',
        ),
      );
    }
    this.minute = { start: now, count: 0, held: 0, rules: new Set() };
  }

  private remember(key: string, until: number): void {
    this.quietUntil.delete(key);
    this.quietUntil.set(key, until);
    forgetOldest(this.quietUntil, MAX_QUIET_KEYS);
  }
}
