// `lanlens watch --webhook URL --smtp FILE`: where the CLI delivers alerts. The SMTP file is JSON
// with the e-mail settings (src/shared/alerts/deliverySettings.ts), `caFile` for a PEM file to
// trust; a file holding a password must be readable by its owner only, as ssh asks of keys.
import { readFileSync, statSync } from 'node:fs';
import { checkDeliverySettings } from '../../shared/alerts/deliverySettings';
import type { DeliverySettings } from '../../shared/alerts/deliverySettings';

/** The delivery settings of the command line, or what is wrong with them. */
export function watchDelivery(
  webhook: string | undefined,
  smtpFile: string | undefined,
): { delivery: DeliverySettings } | { error: string } {
  const raw: Record<string, unknown> = {};
  if (webhook !== undefined) raw.webhook = { url: webhook, minimumSeverity: 'low' };
  if (smtpFile !== undefined) {
    const email = readSmtpFile(smtpFile);
    if ('error' in email) return email;
    raw.email = email.settings;
  }
  const checked = checkDeliverySettings(raw);
  if ('error' in checked)
    return { error: `${checked.error.startsWith('email') ? `--smtp ${smtpFile}` : '--webhook'}: ${checked.error}` };
  return { delivery: checked.settings };
}

function readSmtpFile(file: string): { settings: Record<string, unknown> } | { error: string } {
  let settings: Record<string, unknown>;
  try {
    settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    return { error: `--smtp ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (settings === null || typeof settings !== 'object') return { error: `--smtp ${file}: not a JSON object` };
  if (settings.password !== undefined && (statSync(file).mode & 0o077) !== 0) {
    return { error: `--smtp ${file} holds a password and others may read it: chmod 600 ${file}` };
  }
  const { caFile, ...rest } = settings;
  if (caFile === undefined) return { settings: rest };
  if (typeof caFile !== 'string') return { error: `--smtp ${file}: caFile must be a file name` };
  try {
    return { settings: { ...rest, ca: readFileSync(caFile, 'utf8') } };
  } catch (error) {
    return { error: `--smtp ${file}: caFile: ${error instanceof Error ? error.message : String(error)}` };
  }
}
