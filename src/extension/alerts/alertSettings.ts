import { alertSettingKey, readAlertSettings } from '../../shared/alerts/alertRules';
import type { ReadAlertSettings } from '../../shared/alerts/alertRules';

/** Reads every rule's settings through `read` (a setting key → its value, as VS Code's configuration gives it). */
export function parseAlertSettings(read: (key: string) => unknown): ReadAlertSettings {
  return readAlertSettings((family, name) => read(alertSettingKey(family, name)));
}
