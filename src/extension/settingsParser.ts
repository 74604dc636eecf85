import { CidrError, parseCidr } from '../shared/cidr';
import { SettingKey } from './contributionIds';
import { SCAN_LIMITS } from '../shared/model/scan';

/** The LAN Lens settings, validated and with defaults applied. */
export interface LanLensSettings {
  /** interface to restrict scans to; empty for all */
  scanInterface: string;
  /** canonical CIDRs to scan instead of the interfaces' subnets */
  scanSubnets: string[];
  /** wait for late answers after each round of probes, in milliseconds */
  scanTimeoutMs: number;
  /** extra rounds of probes */
  scanRetries: number;
  scanResolveNames: boolean;
  scanDnsServers: string[];
  /** Node executable for the helper; empty to use the build's or PATH's */
  helperNodePath: string;
  /** interface the status bar and alerts follow; empty for the default route's */
  trafficInterface: string;
  trafficShowStatusBar: boolean;
  /** warn when download exceeds this many bytes per second (0: never) */
  trafficAlertDownBytesPerSecond: number;
  /** warn when upload exceeds this many bytes per second (0: never) */
  trafficAlertUpBytesPerSecond: number;
  /** for this many seconds in a row */
  trafficAlertSeconds: number;
}

/** Settings plus one sentence per bad value, each naming its setting. */
export interface ParsedSettings {
  settings: LanLensSettings;
  problems: string[];
}

/** Reads one setting's raw value, as `WorkspaceConfiguration.get` does. */
export type SettingReader = (key: SettingKey) => unknown;

/** Validates raw setting values; a bad value falls back to its default and is reported, never thrown. */
export function parseSettings(read: SettingReader): ParsedSettings {
  const problems: string[] = [];
  const text = (key: SettingKey): string => {
    const value = read(key);
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value.trim();
    problems.push(`${key} must be a string; ignoring ${JSON.stringify(value)}.`);
    return '';
  };
  const strings = (key: SettingKey): string[] => {
    const value = read(key);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      problems.push(`${key} must be a list of strings; ignoring it.`);
      return [];
    }
    return value.flatMap((item) => {
      if (typeof item === 'string' && item.trim() !== '') return [item.trim()];
      problems.push(`${key} contains ${JSON.stringify(item)}, which is not a non-empty string; ignoring it.`);
      return [];
    });
  };
  const number = (key: SettingKey, fallback: number, min: number, max: number, integer: boolean): number => {
    const value = read(key);
    if (value === undefined || value === null) return fallback;
    const valid = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value));
    if (valid && value >= min && value <= max) return value;
    const kind = integer ? 'a whole number' : 'a number';
    const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
    problems.push(`${key} must be ${kind} ${range}; using ${fallback} instead of ${JSON.stringify(value)}.`);
    return fallback;
  };
  const subnets: string[] = [];
  for (const item of strings(SettingKey.scanSubnets)) {
    try {
      const cidr = parseCidr(item);
      if (cidr.prefixLength < SCAN_LIMITS.widestPrefix) {
        problems.push(
          `${SettingKey.scanSubnets}: ${cidr.text} is wider than a /${SCAN_LIMITS.widestPrefix}, the most one scan sweeps.`,
        );
      } else if (!subnets.includes(cidr.text)) subnets.push(cidr.text);
    } catch (error) {
      if (!(error instanceof CidrError)) throw error;
      problems.push(`${SettingKey.scanSubnets}: ${error.message}.`);
    }
  }
  const flag = (key: SettingKey, fallback: boolean): boolean => {
    const value = read(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    problems.push(`${key} must be true or false; using ${fallback}.`);
    return fallback;
  };
  return {
    settings: {
      scanInterface: text(SettingKey.scanInterface),
      scanSubnets: subnets,
      scanTimeoutMs: number(SettingKey.scanTimeoutMs, 250, SCAN_LIMITS.timeoutMs.min, SCAN_LIMITS.timeoutMs.max, true),
      scanRetries: number(SettingKey.scanRetries, 2, SCAN_LIMITS.retries.min, SCAN_LIMITS.retries.max, true),
      scanResolveNames: flag(SettingKey.scanResolveNames, true),
      scanDnsServers: strings(SettingKey.scanDnsServers),
      helperNodePath: text(SettingKey.helperNodePath),
      trafficInterface: text(SettingKey.trafficInterface),
      trafficShowStatusBar: flag(SettingKey.trafficShowStatusBar, true),
      trafficAlertDownBytesPerSecond: number(SettingKey.trafficAlertDownBytesPerSecond, 0, 0, 1e12, false),
      trafficAlertUpBytesPerSecond: number(SettingKey.trafficAlertUpBytesPerSecond, 0, 0, 1e12, false),
      trafficAlertSeconds: number(SettingKey.trafficAlertSeconds, 10, 1, 3600, true),
    },
    problems,
  };
}
