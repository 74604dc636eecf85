import { SettingKey } from '../contributionIds';
import type { SettingReader } from '../settingsParser';
import { SettingValues } from '../settingValues';
import { HISTORY_LIMITS } from '../../shared/model/history';
import type { HistorySettings } from '../../shared/model/history';
import { REPORT_SCHEDULES } from '../../shared/history/reportSchedule';
import { REPORT_FORMATS } from '../../shared/model/report';
import type { ReportSettings } from './reportScheduler';
import path from 'node:path';

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

/** Validates the `lanLens.history.reports.*` settings; the folder defaults to `defaultFolder` and must be absolute. */
export function parseReportSettings(
  read: SettingReader,
  defaultFolder: string,
): { settings: ReportSettings; problems: string[] } {
  const values = new SettingValues(read);
  const schedule = values.choice(SettingKey.historyReportsSchedule, 'off', REPORT_SCHEDULES);
  const format = values.choice(SettingKey.historyReportsFormat, 'html', REPORT_FORMATS);
  let folder = values.text(SettingKey.historyReportsFolder);
  if (folder !== '' && !path.isAbsolute(folder)) {
    values.problems.push(`${SettingKey.historyReportsFolder} must be an absolute path; using ${defaultFolder}.`);
    folder = '';
  }
  return { settings: { schedule, format, folder: folder || defaultFolder }, problems: values.problems };
}
