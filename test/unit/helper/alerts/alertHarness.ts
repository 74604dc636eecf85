// An alert engine fed through a live capture's aggregator, packet by packet, with the clock and
// every tick in the test's hands.
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import { AlertBaseline } from '../../../../src/helper/alerts/alertBaseline';
import { AlertEngine } from '../../../../src/helper/alerts/alertEngine';
import type { NetworkFacts } from '../../../../src/helper/alerts/alertInputs';
import { AlertingAggregator } from '../../../../src/helper/alerts/alertingAggregator';
import { decodePacket } from '../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../src/helper/decode/packet';
import { defaultAlertSettings } from '../../../../src/shared/alerts/alertRules';
import type { AlertSettings } from '../../../../src/shared/alerts/alertRules';
import type { Alert } from '../../../../src/shared/model/alerts';

/** 2023-11-14T22:13:20Z */
export const T0 = 1_700_000_000_000;

/** Settings to change, by family. */
export type SettingsPatch = { [F in keyof AlertSettings]?: Partial<AlertSettings[F]> };

/** The defaults with `patch` applied; new devices alert at once unless the patch says otherwise. */
export function settingsWith(patch: SettingsPatch = {}): AlertSettings {
  const settings = defaultAlertSettings();
  settings.newDevice.learningSeconds = 1;
  for (const [family, values] of Object.entries(patch)) Object.assign(settings[family as keyof AlertSettings], values);
  return settings;
}

/** How a harness is set up. */
export interface HarnessOptions {
  settings?: SettingsPatch;
  network?: Partial<NetworkFacts>;
  /** when the baseline began learning (default: long before T0) */
  learningSince?: number;
  maxPerMinute?: number;
}

/** An engine, a capture feeding it, and every alert it raised. */
export function alertHarness(options: HarnessOptions = {}) {
  const network: NetworkFacts = { own: new Map(), gateways: new Map(), ...options.network };
  let id = 0;
  const engine = new AlertEngine({
    settings: settingsWith(options.settings),
    network,
    baseline: new AlertBaseline(options.learningSince ?? T0 - 86_400_000),
    maxPerMinute: options.maxPerMinute,
    newId: () => `a${++id}`,
    onError: (family, error) => {
      throw new Error(`rule ${family} threw: ${String(error)}`);
    },
  });
  const alerts: Alert[] = [];
  engine.onAlerts((batch) => alerts.push(...batch));
  let clock = T0;
  const aggregator = new AlertingAggregator(
    new PacketAggregator({ interfaceName: 'eth0' }),
    'eth0',
    (tick) => engine.capture(tick),
    (work) => work(),
    () => clock,
  );
  const decoded = new DecodedPacket();
  return {
    engine,
    alerts,
    /** alerts of these rules */
    of: (...rules: Alert['rule'][]) => alerts.filter((alert) => rules.includes(alert.rule)),
    /** one frame captured at `time` */
    send(frame: Buffer, time: number): void {
      decodePacket(decoded, LinkType.Ethernet, frame, 0, frame.length);
      aggregator.add(decoded, time, frame.length);
    },
    /** a capture tick taken at `time` */
    tick(time: number): void {
      clock = time;
      aggregator.takeDelta('test', true);
    },
  };
}
