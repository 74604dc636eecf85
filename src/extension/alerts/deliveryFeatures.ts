import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { CommandId } from '../contributionIds';
import type { HelperClient } from '../helperClient/helperClient';
import { errorMessage } from '../userFacingError';
import type { DeliveryChannel, DeliverySettings, DeliveryStatus } from '../../shared/alerts/deliverySettings';
import {
  AlertsDeliveryNotification,
  AlertsDeliveryRequest,
  AlertsTestDeliveryRequest,
} from '../../shared/alertsProtocol';
import { inert } from './alertNotifier';
import type { AlertsConnection } from './alertsConnection';
import type { AlertsView } from './alertsView';
import { deliverySettings, readDeliveryChoices } from './deliveryConfig';

/** Where the e-mail password is kept (VS Code's SecretStorage, never a setting). */
export const EMAIL_PASSWORD_SECRET = 'lanLens.alerts.delivery.email.password';

const LABELS: Record<DeliveryChannel, string> = { webhook: 'webhook', email: 'e-mail' };

/** What delivery needs from the rest of the extension. */
export interface DeliveryParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
  connection: AlertsConnection;
  view: AlertsView;
  register: (id: CommandId, name: string, run: () => Promise<void>) => vscode.Disposable;
}

/**
 * Sends the delivery settings (with the password from SecretStorage and the CA file's text) to the
 * helper at each start and change; shows a channel that fails (once per episode, with what waits)
 * and recovers; "Set E-mail Password…" and "Send Test E-mail".
 */
export function registerDeliveryFeatures(parts: DeliveryParts): vscode.Disposable[] {
  const { context, helper, log, connection, view } = parts;
  const statuses = new Map<DeliveryChannel, DeliveryStatus>();
  const send = () => sendDelivery(parts).then((answer) => answer?.forEach((status) => show(status)));
  const show = (status: DeliveryStatus) => {
    const before = statuses.get(status.channel);
    statuses.set(status.channel, status);
    view.setDeliveryStatus(describe([...statuses.values()]));
    const label = LABELS[status.channel];
    if (status.state === 'failing' && before?.state !== 'failing') {
      const message = `LAN Lens could not deliver alerts by ${label}: ${status.lastError ?? 'unknown error'}. ${status.queued} waiting; it tries again.`;
      log.warn(message);
      void vscode.window.showWarningMessage(inert(message));
    }
    if (status.state === 'ok' && before?.state === 'failing') log.info(`Alerts are delivered by ${label} again.`);
    if (status.dropped > (before?.dropped ?? 0)) {
      void vscode.window.showWarningMessage(
        `LAN Lens dropped ${status.dropped} alerts waiting for the ${label}: its queue was full.`,
      );
    }
  };
  return [
    connection.onDidConfigure(() => void send()),
    helper.onNotification(AlertsDeliveryNotification.type, show),
    context.secrets.onDidChange((event) => {
      if (event.key === EMAIL_PASSWORD_SECRET) void send();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lanLens.alerts.delivery')) void send();
    }),
    parts.register(CommandId.setEmailPassword, 'Set E-mail Password', () => askPassword(context)),
    parts.register(CommandId.sendTestEmail, 'Send Test E-mail', () => sendTestEmail(parts)),
  ];
}

/** The settings as the helper takes them, or undefined (said in the log) when they are wrong. */
async function currentSettings(parts: DeliveryParts): Promise<DeliverySettings | undefined> {
  const { choices, problems } = readDeliveryChoices((key) => vscode.workspace.getConfiguration().get(key));
  for (const problem of problems) parts.log.warn(`Setting ignored: ${problem}`);
  let ca: string | undefined;
  if (choices.email?.caFile) {
    try {
      ca = await readFile(choices.email.caFile, 'utf8');
    } catch (error) {
      parts.log.warn(`lanLens.alerts.delivery.email.caFile could not be read: ${errorMessage(error)}`);
    }
  }
  const password = choices.email?.user ? await parts.context.secrets.get(EMAIL_PASSWORD_SECRET) : undefined;
  const checked = deliverySettings(choices, password, ca);
  if ('error' in checked) {
    parts.log.warn(`Alerts are not delivered: ${checked.error}.`);
    return undefined;
  }
  return checked.settings;
}

async function sendDelivery(parts: DeliveryParts): Promise<DeliveryStatus[] | undefined> {
  try {
    const delivery = (await currentSettings(parts)) ?? {};
    return await parts.helper.request(AlertsDeliveryRequest.type, { delivery });
  } catch (error) {
    parts.log.warn(`Alert delivery could not be configured: ${errorMessage(error)}`);
    return undefined;
  }
}

/** One line for the Alerts view's title: channels failing or with alerts waiting. */
function describe(statuses: DeliveryStatus[]): string | undefined {
  const parts = statuses
    .filter((status) => status.state === 'failing' || status.queued > 0)
    .map(
      (status) =>
        `${LABELS[status.channel]} ${status.state === 'failing' ? 'failing' : 'sending'}, ${status.queued} waiting`,
    );
  return parts.length ? parts.join(' · ') : undefined;
}

async function askPassword(context: vscode.ExtensionContext): Promise<void> {
  const password = await vscode.window.showInputBox({
    title: 'LAN Lens: SMTP password',
    prompt: 'The password of lanLens.alerts.delivery.email.user, kept in VS Code’s secret storage. Empty removes it.',
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return;
  if (password === '') await context.secrets.delete(EMAIL_PASSWORD_SECRET);
  else await context.secrets.store(EMAIL_PASSWORD_SECRET, password);
}

async function sendTestEmail(parts: DeliveryParts): Promise<void> {
  const { choices } = readDeliveryChoices((key) => vscode.workspace.getConfiguration().get(key));
  if (!choices.email) {
    const open = 'Open Settings';
    const choice = await vscode.window.showWarningMessage(
      'Set lanLens.alerts.delivery.email.host (and from, to) first.',
      open,
    );
    if (choice === open)
      await vscode.commands.executeCommand('workbench.action.openSettings', 'lanLens.alerts.delivery.email');
    return;
  }
  if (choices.email.user && !(await parts.context.secrets.get(EMAIL_PASSWORD_SECRET))) await askPassword(parts.context);
  const answer = await sendDelivery(parts);
  if (answer?.find((status) => status.channel === 'email')?.state === 'off') {
    void vscode.window.showErrorMessage('LAN Lens: the e-mail settings are incomplete; the log says which one.');
    return;
  }
  try {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `LAN Lens: sending a test e-mail through ${choices.email.host}…`,
      },
      () => parts.helper.request(AlertsTestDeliveryRequest.type, { channel: 'email' }),
    );
    void vscode.window.showInformationMessage(`LAN Lens sent a test e-mail to ${choices.email.to.join(', ')}.`);
  } catch (error) {
    void vscode.window.showErrorMessage(inert(`LAN Lens could not send the test e-mail: ${errorMessage(error)}`));
  }
}
