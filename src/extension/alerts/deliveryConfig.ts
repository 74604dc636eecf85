// The delivery settings (`lanLens.alerts.delivery.*`) as the helper takes them: the e-mail
// password comes from SecretStorage and the CA file's text is read by the caller, never from a
// setting. No vscode here.
import { checkDeliverySettings } from '../../shared/alerts/deliverySettings';
import type { DeliverySettings } from '../../shared/alerts/deliverySettings';
import { ALERT_SEVERITIES } from '../../shared/model/alerts';
import { SettingKey } from '../contributionIds';
import type { SettingReader } from '../settingsParser';
import { SettingValues } from '../settingValues';

/** The settings that are not secrets, read and checked. */
export interface DeliveryChoices {
  webhookUrl: string;
  webhookSeverity: (typeof ALERT_SEVERITIES)[number];
  email?: {
    host: string;
    port: number;
    security: 'starttls' | 'tls';
    user: string;
    from: string;
    to: string[];
    minimumSeverity: (typeof ALERT_SEVERITIES)[number];
    caFile: string;
  };
}

/** Reads the delivery settings; e-mail is set up once it has a host. */
export function readDeliveryChoices(read: SettingReader): { choices: DeliveryChoices; problems: string[] } {
  const values = new SettingValues(read);
  const to = read(SettingKey.alertsDeliveryEmailTo);
  const choices: DeliveryChoices = {
    webhookUrl: values.text(SettingKey.alertsDeliveryWebhookUrl),
    webhookSeverity: values.choice(SettingKey.alertsDeliveryWebhookMinimumSeverity, 'medium', ALERT_SEVERITIES),
  };
  const host = values.text(SettingKey.alertsDeliveryEmailHost);
  if (host) {
    choices.email = {
      host,
      port: values.number(SettingKey.alertsDeliveryEmailPort, 587, 1, 65_535),
      security: values.choice(SettingKey.alertsDeliveryEmailSecurity, 'starttls', ['starttls', 'tls'] as const),
      user: values.text(SettingKey.alertsDeliveryEmailUser),
      from: values.text(SettingKey.alertsDeliveryEmailFrom),
      to: Array.isArray(to)
        ? to.filter((item): item is string => typeof item === 'string').map((item) => item.trim())
        : [],
      minimumSeverity: values.choice(SettingKey.alertsDeliveryEmailMinimumSeverity, 'high', ALERT_SEVERITIES),
      caFile: values.text(SettingKey.alertsDeliveryEmailCaFile),
    };
  }
  return { choices, problems: values.problems };
}

/** What goes to `alerts/configureDelivery`, or why it cannot (a setting named). */
export function deliverySettings(
  choices: DeliveryChoices,
  password: string | undefined,
  ca: string | undefined,
): { settings: DeliverySettings } | { error: string } {
  const raw: Record<string, unknown> = {};
  if (choices.webhookUrl) raw.webhook = { url: choices.webhookUrl, minimumSeverity: choices.webhookSeverity };
  if (choices.email) {
    const { host, port, security, user, from, to, minimumSeverity } = choices.email;
    raw.email = {
      ...{ host, port, security, from, to, minimumSeverity },
      ...(user ? { user, password: password ?? '' } : {}),
      ...(ca ? { ca } : {}),
    };
  }
  const checked = checkDeliverySettings(raw);
  if ('error' in checked) return { error: `lanLens.alerts.delivery.${checked.error}` };
  return checked;
}
