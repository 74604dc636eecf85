// `lanlens watch --set family.name=value`: rule settings from the command line, checked against the
// same table as VS Code's settings (src/shared/alerts/alertRules.ts).
import { allAlertSettings, readAlertSettings } from '../../shared/alerts/alertRules';
import type { AlertSettings } from '../../shared/alerts/alertRules';

/** The settings with every `--set` applied, or what is wrong with them. */
export function watchSettings(assignments: readonly string[]): { settings: AlertSettings } | { error: string } {
  const values = new Map<string, unknown>();
  const specs = allAlertSettings();
  for (const assignment of assignments) {
    const match = /^([A-Za-z]+)\.([A-Za-z]+)=(.*)$/.exec(assignment);
    const spec = match ? specs.find((entry) => entry.family === match[1] && entry.name === match[2]) : undefined;
    if (!match || !spec) {
      const known = specs.map((entry) => `${entry.family}.${entry.name}`).join(', ');
      return { error: `--set takes FAMILY.NAME=VALUE with one of: ${known}; not "${assignment}"` };
    }
    values.set(`${match[1]}.${match[2]}`, parseValue(spec.spec.kind, match[3]!));
  }
  const { settings, problems } = readAlertSettings((family, name) => values.get(`${family}.${name}`));
  if (problems.length > 0) return { error: problems.join(' ').replace(/; using the default\./g, '.') };
  return { settings };
}

function parseValue(kind: string, text: string): unknown {
  switch (kind) {
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'devices':
      return text === '' ? [] : text.split(',');
    default:
      return text;
  }
}
