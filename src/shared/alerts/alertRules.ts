// The alert rules as data: each family of rules, its settings (with defaults and bounds) and the
// rules it raises with their severities. The settings' schema in package.json, the extension's
// settings reader, the helper's check at the protocol boundary and `lanlens watch --set` all read
// this table, so a bound lives in one place.
import { parseIpv4 } from '../cidr';
import { normalizeMac } from '../mac';
import type { AlertRuleId, AlertSeverity } from '../model/alerts';

/** A setting that is on or off. */
interface FlagSpec {
  kind: 'boolean';
  default: boolean;
  description: string;
}

/** A numeric setting within bounds. */
interface NumberSpec {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  integer: boolean;
  description: string;
}

/** A free text setting (an interface name). */
interface TextSpec {
  kind: 'text';
  default: string;
  description: string;
}

/** A list of device addresses: IPv4 addresses or MACs. */
interface DeviceListSpec {
  kind: 'devices';
  default: readonly string[];
  maxItems: number;
  description: string;
}

/** One setting of a family of rules. */
export type RuleSettingSpec = FlagSpec | NumberSpec | TextSpec | DeviceListSpec;

/** A family of rules: its settings, and the rules it raises. */
export interface RuleFamilySpec {
  label: string;
  settings: Record<string, RuleSettingSpec & { key?: string }>;
  rules: Partial<Record<AlertRuleId, { severity: AlertSeverity; label: string }>>;
}

const flag = (value: boolean, description: string): FlagSpec => ({ kind: 'boolean', default: value, description });
const whole = (value: number, min: number, max: number, description: string): NumberSpec => ({
  kind: 'number',
  default: value,
  min,
  max,
  integer: true,
  description,
});

/** Every family of rules. Setting keys are `lanLens.alerts.<family>.<name>` unless `key` says otherwise. */
export const ALERT_RULE_FAMILIES = {
  newDevice: {
    label: 'New devices',
    settings: {
      enabled: flag(true, 'Alert when a device never seen before appears on the network (by its MAC address).'),
      learningSeconds: whole(
        86_400,
        1,
        31_536_000,
        'How long LAN Lens learns the devices already there before a new one raises an alert, in seconds (counted from the first time alerts ran).',
      ),
    },
    rules: { 'new-device': { severity: 'medium', label: 'New device' } },
  },
  arpSpoofing: {
    label: 'ARP spoofing',
    settings: {
      enabled: flag(true, 'Alert on signs of ARP spoofing in captured traffic.'),
      flipFlopSeconds: whole(
        3_600,
        1,
        604_800,
        'An address that goes back to a MAC it had within this many seconds is a flip-flop (high severity).',
      ),
      manyAddresses: whole(
        8,
        2,
        4_096,
        'Alert when one MAC claims this many IPv4 addresses by ARP (the gateway excepted).',
      ),
      manyAddressesSeconds: whole(600, 1, 86_400, 'Within this many seconds.'),
    },
    rules: {
      'arp-address-changed': { severity: 'medium', label: 'Address moved to another MAC' },
      'arp-flip-flop': { severity: 'high', label: 'ARP flip-flop' },
      'arp-gateway-claimed': { severity: 'high', label: "Gateway's address claimed" },
      'arp-sender-mismatch': { severity: 'medium', label: 'ARP sender is not the frame source' },
      'arp-many-addresses': { severity: 'medium', label: 'One MAC claims many addresses' },
    },
  },
  portScan: {
    label: 'Port scans and sweeps',
    settings: {
      enabled: flag(
        true,
        'Alert on port scans and address sweeps seen in captured traffic (failed TCP connection attempts, as Zeek counts them).',
      ),
      ports: whole(15, 2, 65_535, 'Failed attempts on this many ports of one host make a port scan (Zeek: 15).'),
      hosts: whole(25, 2, 65_536, 'Failed attempts on one port of this many hosts make an address sweep (Zeek: 25).'),
      windowSeconds: whole(300, 1, 86_400, 'Within this many seconds (Zeek: 5 minutes).'),
    },
    rules: {
      'port-scan': { severity: 'medium', label: 'Port scan' },
      'address-sweep': { severity: 'medium', label: 'Address sweep' },
    },
  },
  bandwidth: {
    label: 'Bandwidth thresholds',
    settings: {
      interface: {
        kind: 'text',
        default: '',
        key: 'lanLens.traffic.interface',
        description: 'Interface the thresholds follow; empty for the default route’s.',
      },
      downBytesPerSecond: {
        ...whole(0, 0, 1e12, 'Alert when download stays above this many bytes per second (0: never).'),
        integer: false,
        key: 'lanLens.traffic.alertDownBytesPerSecond',
      },
      upBytesPerSecond: {
        ...whole(0, 0, 1e12, 'Alert when upload stays above this many bytes per second (0: never).'),
        integer: false,
        key: 'lanLens.traffic.alertUpBytesPerSecond',
      },
      seconds: {
        ...whole(10, 1, 3_600, 'For this many seconds in a row.'),
        key: 'lanLens.traffic.alertSeconds',
      },
      hostBytesPerSecond: whole(
        0,
        0,
        1e12,
        'Alert when one host’s captured traffic stays above this many bytes per second (0: never).',
      ),
    },
    rules: { 'bandwidth-threshold': { severity: 'low', label: 'Bandwidth above threshold' } },
  },
  spikes: {
    label: 'Traffic spikes',
    settings: {
      enabled: flag(
        true,
        'Alert when an interface’s or a captured host’s traffic jumps far above its moving baseline.',
      ),
      factor: { ...whole(8, 2, 1_000, 'A spike is this many times the baseline or more.'), integer: false },
      minimumBytesPerSecond: whole(
        2_000_000,
        1_000,
        1e12,
        'Rates below this many bytes per second are never a spike, whatever the baseline.',
      ),
      baselineMinutes: whole(
        15,
        1,
        1_440,
        'The baseline follows the last this many minutes; no spike is raised before it has learnt that long.',
      ),
      seconds: whole(5, 1, 3_600, 'The rate must stay up this many seconds in a row.'),
    },
    rules: { 'traffic-spike': { severity: 'low', label: 'Traffic spike' } },
  },
  watchedDevices: {
    label: 'Watched devices',
    settings: {
      devices: {
        kind: 'devices',
        default: [],
        maxItems: 256,
        description: 'Devices to watch, by IPv4 address or MAC: an alert when one goes offline, and when it is back.',
      },
      offlineSeconds: whole(300, 30, 86_400, 'A watched device not seen for this many seconds is offline.'),
      probeSeconds: whole(
        60,
        10,
        3_600,
        'How often watched devices are checked (a TCP connect and the neighbour table; no privilege).',
      ),
    },
    rules: {
      'device-offline': { severity: 'medium', label: 'Watched device offline' },
      'device-back': { severity: 'low', label: 'Watched device back' },
    },
  },
  newOpenPort: {
    label: 'New open ports',
    settings: {
      enabled: flag(true, 'Alert when a port scan finds a port open that earlier scans of the same device did not.'),
    },
    rules: { 'new-open-port': { severity: 'medium', label: 'New open port' } },
  },
} as const satisfies Record<string, RuleFamilySpec>;

/** The name of a family of rules. */
export type AlertFamily = keyof typeof ALERT_RULE_FAMILIES;

type SettingValue<S> = S extends FlagSpec
  ? boolean
  : S extends NumberSpec
    ? number
    : S extends TextSpec
      ? string
      : string[];

/** Every rule's settings, checked: what `alerts/configure` carries. */
export type AlertSettings = {
  -readonly [F in AlertFamily]: {
    -readonly [K in keyof (typeof ALERT_RULE_FAMILIES)[F]['settings']]: SettingValue<
      (typeof ALERT_RULE_FAMILIES)[F]['settings'][K]
    >;
  };
};

/** The severity and label of every rule, from the families. */
export const ALERT_RULES: Record<
  AlertRuleId,
  { family: AlertFamily | undefined; severity: AlertSeverity; label: string }
> = {
  ...(Object.fromEntries(
    Object.entries(ALERT_RULE_FAMILIES).flatMap(([family, spec]) =>
      Object.entries(spec.rules as RuleFamilySpec['rules']).map(([rule, info]) => [rule, { family, ...info }]),
    ),
  ) as Record<AlertRuleId, { family: AlertFamily; severity: AlertSeverity; label: string }>),
  'alerts-suppressed': { family: undefined, severity: 'low', label: 'Alerts held back' },
};

/** The settings key of one setting. */
export function alertSettingKey(family: AlertFamily, name: string): string {
  const spec = (ALERT_RULE_FAMILIES[family].settings as RuleFamilySpec['settings'])[name];
  return spec?.key ?? `lanLens.alerts.${family}.${name}`;
}

/** Every setting of every family, with its key. */
export function allAlertSettings(): { family: AlertFamily; name: string; key: string; spec: RuleSettingSpec }[] {
  return Object.entries(ALERT_RULE_FAMILIES).flatMap(([family, spec]) =>
    Object.entries(spec.settings as RuleFamilySpec['settings']).map(([name, setting]) => ({
      family: family as AlertFamily,
      name,
      key: alertSettingKey(family as AlertFamily, name),
      spec: setting,
    })),
  );
}

/** The defaults of every setting. */
export function defaultAlertSettings(): AlertSettings {
  return readAlertSettings(() => undefined).settings;
}

/** Checked settings, and one sentence per value that was wrong (and replaced by its default). */
export interface ReadAlertSettings {
  settings: AlertSettings;
  problems: string[];
}

/**
 * Reads every setting through `read` (by family and name); a missing value takes its default, a
 * wrong one too, with a sentence naming its key. The extension reads VS Code's settings with it,
 * the helper checks `alerts/configure` with it (refusing any problem).
 */
export function readAlertSettings(read: (family: AlertFamily, name: string) => unknown): ReadAlertSettings {
  const problems: string[] = [];
  const settings: Record<string, Record<string, unknown>> = {};
  for (const { family, name, key, spec } of allAlertSettings()) {
    const raw = read(family, name);
    const checked = raw === undefined || raw === null ? { value: cloneDefault(spec) } : checkValue(spec, raw);
    if ('problem' in checked) problems.push(`${key} ${checked.problem}; using the default.`);
    (settings[family] ??= {})[name] = 'value' in checked ? checked.value : cloneDefault(spec);
  }
  return { settings: settings as AlertSettings, problems };
}

function cloneDefault(spec: RuleSettingSpec): unknown {
  return spec.kind === 'devices' ? [...spec.default] : spec.default;
}

/** The checked value, or what is wrong with it. */
function checkValue(spec: RuleSettingSpec, raw: unknown): { value: unknown } | { problem: string } {
  switch (spec.kind) {
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { problem: 'must be true or false' };
    case 'text':
      return typeof raw === 'string' ? { value: raw.trim() } : { problem: 'must be a string' };
    case 'number': {
      const valid = typeof raw === 'number' && Number.isFinite(raw) && (!spec.integer || Number.isInteger(raw));
      if (valid && raw >= spec.min && raw <= spec.max) return { value: raw };
      const kind = spec.integer ? 'a whole number' : 'a number';
      return { problem: `must be ${kind} from ${spec.min} to ${spec.max}, not ${JSON.stringify(raw)}` };
    }
    case 'devices':
      return checkDevices(raw, spec.maxItems);
  }
}

/** A list of watched devices in canonical form, or what is wrong with it. */
function checkDevices(raw: unknown, maxItems: number): { value: string[] } | { problem: string } {
  if (!Array.isArray(raw)) return { problem: 'must be a list of IPv4 addresses or MACs' };
  if (raw.length > maxItems) return { problem: `may hold at most ${maxItems} devices` };
  const devices: string[] = [];
  for (const item of raw) {
    const device = typeof item === 'string' ? deviceAddress(item) : undefined;
    if (device === undefined) {
      return { problem: `holds ${JSON.stringify(item)}, which is neither an IPv4 address nor a MAC` };
    }
    if (!devices.includes(device)) devices.push(device);
  }
  return { value: devices };
}

/** An IPv4 address or a MAC (lower case with colons) in canonical form; undefined when neither. */
export function deviceAddress(text: string): string | undefined {
  const trimmed = text.trim();
  if (parseIpv4(trimmed) !== undefined) return trimmed;
  return normalizeMac(trimmed);
}
