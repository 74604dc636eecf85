import type { PortScanMethod, PortSpec } from '../../shared/model/ports';
import { SettingKey } from '../contributionIds';
import type { SettingReader } from '../settingsParser';
import { SettingValues } from '../settingValues';

/** The named port sets a user can choose as the default. */
export type NamedPortSet = Exclude<PortSpec['set'], 'custom'>;

/** How port scans run, from the `lanLens.ports.*` settings. */
export interface PortSettings {
  /** the port set the quick pick offers first */
  defaultSet: NamedPortSet;
  method: 'auto' | PortScanMethod;
  udp: boolean;
  serviceDetection: boolean;
  osDetection: boolean;
  /** probes per second at most; undefined: adaptive */
  maxRate: number | undefined;
}

/** Validates the port-scan settings; bad values fall back to their defaults and are reported. */
export function parsePortSettings(read: SettingReader): { settings: PortSettings; problems: string[] } {
  const values = new SettingValues(read);
  const maxRate = values.number(SettingKey.portsMaxRate, 0, 0, 1_000_000);
  const settings: PortSettings = {
    defaultSet: values.choice<NamedPortSet>(SettingKey.portsDefaultSet, 'top1000', ['top100', 'top1000', 'all']),
    method: values.choice<'auto' | PortScanMethod>(SettingKey.portsMethod, 'auto', ['auto', 'syn', 'connect']),
    udp: values.boolean(SettingKey.portsUdp, false),
    serviceDetection: values.boolean(SettingKey.portsServiceDetection, true),
    osDetection: values.boolean(SettingKey.portsOsDetection, true),
    maxRate: maxRate > 0 ? maxRate : undefined,
  };
  return { settings, problems: values.problems };
}
