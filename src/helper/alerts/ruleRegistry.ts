// The families of rules, one module each: adding a family is one module and one entry here (and its
// settings in src/shared/alerts/alertRules.ts).
import type { AlertFamily } from '../../shared/alerts/alertRules';
import type { RuleEvaluator } from './alertInputs';
import { ArpSpoofingRules } from './rules/arpSpoofing';
import { BandwidthThresholds } from './rules/bandwidthThresholds';
import { NewDeviceRule } from './rules/newDevice';
import { NewOpenPortRule } from './rules/newOpenPort';
import { ScanDetector } from './rules/scanDetector';
import { TrafficSpikes } from './rules/trafficSpikes';
import { WatchedDevices } from './rules/watchedDevices';

const RULE_EVALUATORS: Record<AlertFamily, () => RuleEvaluator> = {
  newDevice: () => new NewDeviceRule(),
  arpSpoofing: () => new ArpSpoofingRules(),
  portScan: () => new ScanDetector(),
  bandwidth: () => new BandwidthThresholds(),
  spikes: () => new TrafficSpikes(),
  watchedDevices: () => new WatchedDevices(),
  newOpenPort: () => new NewOpenPortRule(),
};

/** A fresh evaluator of every family, in the table's order. */
export function createRuleEvaluators(): [AlertFamily, RuleEvaluator][] {
  return Object.entries(RULE_EVALUATORS).map(([family, create]) => [family as AlertFamily, create()]);
}
