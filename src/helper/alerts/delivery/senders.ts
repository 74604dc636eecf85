// The two ways alerts leave LAN Lens: a JSON POST to a webhook, and e-mail through nodemailer
// (SMTP, STARTTLS required or TLS from the start, AUTH when a user is set). Each send either
// resolves or throws an Error whose message says why, for the status and the retry.
import { createTransport } from 'nodemailer';
import type { EmailSettings, WebhookSettings } from '../../../shared/alerts/deliverySettings';
import type { Alert } from '../../../shared/model/alerts';
import { helperVersion } from '../../version';
import { alertMail } from './alertMail';

/** How long one attempt may take, in ms. */
export const SEND_TIMEOUT_MS = 15_000;

/** POSTs `{"alert": …}` as JSON; a status other than 2xx is a failure. */
export async function postAlert(settings: WebhookSettings, alert: Alert | { test: true; time: number }): Promise<void> {
  let response: Response;
  try {
    response = await fetch(settings.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': `LAN-Lens/${helperVersion}` },
      body: JSON.stringify('test' in alert ? alert : { alert }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new Error(`${settings.url} could not be reached: ${causeOf(error)}`);
  }
  // The body is not needed; reading it frees the connection.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`${settings.url} answered HTTP ${response.status} ${response.statusText}`.trim());
}

/** Sends one e-mail for `alerts` (or a test message when empty). */
export async function mailAlerts(settings: EmailSettings, alerts: readonly Alert[]): Promise<void> {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
    tls: settings.ca ? { ca: settings.ca } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  const mail =
    alerts.length > 0
      ? alertMail(alerts)
      : {
          subject: '[LAN Lens] test e-mail',
          text: 'This is a test e-mail from LAN Lens: alerts will arrive like this.\n',
        };
  try {
    await transport.sendMail({ from: settings.from, to: settings.to, subject: mail.subject, text: mail.text });
  } catch (error) {
    throw new Error(`${settings.host}:${settings.port} refused the e-mail: ${causeOf(error)}`);
  } finally {
    transport.close();
  }
}

/** The innermost reason of a network error (fetch wraps it in `cause`). */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
