import { SettingKey } from '../contributionIds';
import type { SettingReader } from '../settingsParser';
import { SettingValues } from '../settingValues';
import { HISTORY_LIMITS } from '../../shared/model/history';
import type { HistorySettings } from '../../shared/model/history';

/** Validates the `lanLens.history.*` settings; bad values fall back to their defaults and are reported. */
export function parseHistorySettings(read: SettingReader): { settings: HistorySettings; problems: string[] } {
  const values = new SettingValues(read);
  const { retentionDays, maxSizeMiB } = HISTORY_LIMITS;
  const settings: HistorySettings = {
    retentionDays: values.number(
      SettingKey.historyRetentionDays,
      retentionDays.default,
      retentionDays.min,
      retentionDays.max,
    ),
    maxSizeMiB: values.number(SettingKey.historyMaxSizeMiB, maxSizeMiB.default, maxSizeMiB.min, maxSizeMiB.max),
  };
  return { settings, problems: values.problems };
}
