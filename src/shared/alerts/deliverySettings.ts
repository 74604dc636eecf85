// Where alerts are delivered besides VS Code and the CLI: a webhook (a JSON POST) and e-mail (SMTP
// with STARTTLS or TLS, and authentication). One check for the settings, used by the helper at the
// protocol boundary, by `lanlens watch --webhook/--smtp` and by the extension before it sends them.
import { ALERT_SEVERITIES } from '../model/alerts';
import type { AlertSeverity } from '../model/alerts';

/** A webhook: each alert as `{"alert": …}` in a JSON POST. */
export interface WebhookSettings {
  /** http: or https: */
  url: string;
  /** the least severity delivered */
  minimumSeverity: AlertSeverity;
}

/** E-mail through an SMTP server. */
export interface EmailSettings {
  host: string;
  port: number;
  /** 'starttls': plain connection upgraded by STARTTLS, refused without it; 'tls': TLS from the start (port 465) */
  security: 'starttls' | 'tls';
  /** for AUTH; absent: no authentication */
  user?: string;
  /** for AUTH; a secret: never logged, never in argv or the environment */
  password?: string;
  from: string;
  to: string[];
  minimumSeverity: AlertSeverity;
  /** a PEM certificate (or several) to trust besides the system's, for a server with a private CA */
  ca?: string;
}

/** Both channels; an absent one delivers nothing. */
export interface DeliverySettings {
  webhook?: WebhookSettings;
  email?: EmailSettings;
}

/** A delivery channel. */
export type DeliveryChannel = keyof DeliverySettings;

/** The channels, in the order they are reported. */
export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = ['webhook', 'email'];

// An address without spaces, angle brackets or line breaks (they would forge headers), one @.
const ADDRESS = /^[^\s<>@,;"]+@[^\s<>@,;"]+$/;
const HOST = /^[A-Za-z0-9.:[\]-]{1,253}$/;
// http(s)://host[:port][/path…], nothing that is not printable and no whitespace.
const WEB_URL = /^https?:\/\/(?:[^\s/?#@]+@)?[A-Za-z0-9.[\]:-]+(?::\d{1,5})?(?:[/?#][^\s]*)?$/;

/** Checked settings, or the first thing wrong with them (naming the field). */
export function checkDeliverySettings(raw: unknown): { settings: DeliverySettings } | { error: string } {
  if (raw === null || typeof raw !== 'object') return { error: 'delivery settings must be an object' };
  const { webhook, email } = raw as Record<string, unknown>;
  const settings: DeliverySettings = {};
  if (webhook !== undefined) {
    const checked = checkWebhook(webhook);
    if (typeof checked === 'string') return { error: `webhook: ${checked}` };
    settings.webhook = checked;
  }
  if (email !== undefined) {
    const checked = checkEmail(email);
    if (typeof checked === 'string') return { error: `email: ${checked}` };
    settings.email = checked;
  }
  return { settings };
}

function checkWebhook(raw: unknown): WebhookSettings | string {
  const { url, minimumSeverity } = (raw ?? {}) as Record<string, unknown>;
  if (typeof url !== 'string' || url.length > 2048 || !WEB_URL.test(url)) {
    return `url must be an http: or https: URL, not ${JSON.stringify(url)}`;
  }
  const severity = checkSeverity(minimumSeverity);
  if (severity === undefined) return `minimumSeverity must be one of ${ALERT_SEVERITIES.join(', ')}`;
  return { url, minimumSeverity: severity };
}

function checkEmail(raw: unknown): EmailSettings | string {
  const fields = (raw ?? {}) as Record<string, unknown>;
  const { host, port, security, user, password, from, to, minimumSeverity, ca } = fields;
  if (typeof host !== 'string' || !HOST.test(host))
    return `host must be a host name or address, not ${JSON.stringify(host)}`;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535)
    return 'port must be a whole number from 1 to 65535';
  if (security !== 'starttls' && security !== 'tls') return 'security must be starttls or tls';
  if (user !== undefined && (typeof user !== 'string' || user.length > 256 || /[\r\n]/.test(user)))
    return 'user must be a line of text';
  if (password !== undefined && (typeof password !== 'string' || password.length > 1024))
    return 'password must be text of at most 1024 characters';
  if (typeof from !== 'string' || !ADDRESS.test(from))
    return `from must be an e-mail address, not ${JSON.stringify(from)}`;
  if (!Array.isArray(to) || to.length === 0 || to.length > 32) return 'to must list 1 to 32 e-mail addresses';
  const bad: unknown = (to as unknown[]).find((address) => typeof address !== 'string' || !ADDRESS.test(address));
  if (bad !== undefined) return `to holds ${JSON.stringify(bad)}, which is not an e-mail address`;
  const severity = checkSeverity(minimumSeverity);
  if (severity === undefined) return `minimumSeverity must be one of ${ALERT_SEVERITIES.join(', ')}`;
  if (
    ca !== undefined &&
    (typeof ca !== 'string' || ca.length > 65_536 || !ca.includes('-----BEGIN CERTIFICATE-----'))
  ) {
    return 'ca must be PEM certificates (at most 64 KiB)';
  }
  const settings: EmailSettings = { host, port, security, from, to: to as string[], minimumSeverity: severity };
  if (user) settings.user = user;
  if (password !== undefined) settings.password = password;
  if (ca !== undefined) settings.ca = ca;
  return settings;
}

function checkSeverity(raw: unknown): AlertSeverity | undefined {
  const value = raw ?? 'medium';
  return (ALERT_SEVERITIES as readonly unknown[]).includes(value) ? (value as AlertSeverity) : undefined;
}

/** What a channel is doing, as the extension shows it. */
export interface DeliveryStatus {
  channel: DeliveryChannel;
  /** 'off': not configured; 'ok': the last attempt worked (or none was needed); 'failing': retrying */
  state: 'off' | 'ok' | 'failing';
  /** alerts waiting to be delivered */
  queued: number;
  /** alerts dropped because the queue was full (the oldest go first) */
  dropped: number;
  /** why the last attempt failed */
  lastError?: string;
  /** when the next attempt is due (ms since the Unix epoch), while failing */
  nextTry?: number;
}
