import * as vscode from 'vscode';
import { CommandId, SettingKey } from '../contributionIds';
import { safeCommand } from '../commands/reportError';
import type { HelperClient } from '../helperClient/helperClient';
import { SettingValues } from '../settingValues';
import type { DeviceStore } from '../views/deviceStore';
import type { TreeNode } from '../views/deviceTreeModel';
import { ALERT_SEVERITIES } from '../../shared/model/alerts';
import type { Alert } from '../../shared/model/alerts';
import { deviceText } from './alertItem';
import { AlertNotifier, inert } from './alertNotifier';
import type { AlertNotification, NotifierSettings } from './alertNotifier';
import { AlertsConnection, alertsStatusLine } from './alertsConnection';
import { parseAlertSettings } from './alertSettings';
import { AlertsView } from './alertsView';
import { registerDeliveryFeatures } from './deliveryFeatures';
import { registerEventLogFeatures } from './eventLogFeatures';

/** What the alert features need from the rest of the extension. */
export interface AlertFeatureParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
  store: DeviceStore;
  devices: vscode.TreeView<TreeNode>;
}

/** The alert features, for the extension's API (the tests read them). */
export interface AlertFeatures {
  connection: AlertsConnection;
  view: AlertsView;
}

/**
 * Keeps the helper's alert engine configured from the `lanLens.alerts.*` settings (and the
 * bandwidth thresholds under `lanLens.traffic`); shows its alerts in the Alerts view with a badge,
 * notifies (rationed and grouped), and registers the view's commands.
 */
export function registerAlertFeatures(parts: AlertFeatureParts): AlertFeatures {
  const { context, helper, log } = parts;
  const read = (key: string) => vscode.workspace.getConfiguration().get(key);
  const settings = () => {
    const parsed = parseAlertSettings(read);
    for (const problem of parsed.problems) log.warn(`Setting ignored: ${problem}`);
    return parsed.settings;
  };
  const connection = new AlertsConnection(helper, settings, log);
  const view = new AlertsView(connection, log);
  const notifier = new AlertNotifier(
    (notification) => void notify(view, notification),
    () => notifierSettings(read),
  );
  // After activation returns: configuring starts the helper, which activation must not wait for.
  const startup = setTimeout(() => void connection.configure(), 0);
  const register = <A extends unknown[]>(id: CommandId, name: string, run: (...args: A) => Promise<void> | void) =>
    vscode.commands.registerCommand(id, safeCommand(log, name, run));
  context.subscriptions.push(
    connection,
    view,
    notifier,
    { dispose: () => clearTimeout(startup) },
    connection.onDidConfigure((status) => log.info(alertsStatusLine(status, Date.now()))),
    connection.onDidFire((alerts) => {
      for (const alert of alerts) log.info(`Alert (${alert.severity}): ${alert.title}`);
      notifier.add(alerts);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lanLens.alerts') || event.affectsConfiguration('lanLens.traffic')) {
        void connection.configure();
      }
    }),
    register(CommandId.showAlerts, 'Show Alerts', () => view.show()),
    register(CommandId.acknowledgeAlert, 'Acknowledge', (alert?: Alert, selected?: Alert[]) =>
      view.acknowledge(view.targets(alert, selected)),
    ),
    register(CommandId.acknowledgeAllAlerts, 'Acknowledge All', () => view.acknowledge()),
    register(CommandId.clearAlert, 'Clear', (alert?: Alert, selected?: Alert[]) =>
      view.clear(view.targets(alert, selected)),
    ),
    register(CommandId.clearAllAlerts, 'Clear All', () => view.clear()),
    register(CommandId.revealAlertDevice, 'Reveal Device', (alert?: Alert) =>
      revealDevice(parts, alert ?? view.view.selection[0]),
    ),
    ...registerDeliveryFeatures({ context, helper, log, connection, view, register }),
    ...registerEventLogFeatures({ context, helper, log, register }),
  );
  return { connection, view };
}

/** The notification settings, checked. */
function notifierSettings(read: (key: string) => unknown): NotifierSettings {
  const values = new SettingValues(read);
  return {
    minimumSeverity: values.choice(SettingKey.alertsNotificationsMinimumSeverity, 'medium', [
      'off',
      ...ALERT_SEVERITIES,
    ]),
    intervalMs: values.number(SettingKey.alertsNotificationsIntervalSeconds, 30, 5, 3600) * 1000,
  };
}

const SHOW = 'Show Alerts';
const ACKNOWLEDGE = 'Acknowledge';

async function notify(view: AlertsView, notification: AlertNotification): Promise<void> {
  const show =
    notification.severity === 'low' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const choice = await show(notification.text, SHOW, ACKNOWLEDGE);
  if (choice === SHOW) await view.show(notification.alerts.length === 1 ? notification.alerts[0] : undefined);
  if (choice === ACKNOWLEDGE) await view.acknowledge(notification.alerts);
}

/** Selects the alert's first device found in the Devices tree, by address or MAC. */
async function revealDevice(parts: AlertFeatureParts, alert: Alert | undefined): Promise<void> {
  if (!alert) return;
  for (const device of alert.devices) {
    const byIp = device.ip ? parts.store.nodesFor(device.ip) : [];
    const node =
      byIp[0] ?? parts.store.allDevices().find((candidate) => device.mac && candidate.device.mac === device.mac);
    if (node) {
      await parts.devices.reveal(node, { select: true, focus: true, expand: false });
      return;
    }
  }
  const which = alert.devices[0] ? deviceText(alert.devices[0]) : 'This alert names no device, so it';
  void vscode.window.showInformationMessage(
    inert(`${which} is not in the Devices tree; Scan LAN adds the devices of a subnet.`),
  );
}
