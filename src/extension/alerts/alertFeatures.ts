import * as vscode from 'vscode';
import type { HelperClient } from '../helperClient/helperClient';
import { AlertsConnection } from './alertsConnection';
import { parseAlertSettings } from './alertSettings';

/** What the alert features need from the rest of the extension. */
export interface AlertFeatureParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
}

/**
 * Keeps the helper's alert engine configured from the `lanLens.alerts.*` settings (and the
 * bandwidth thresholds under `lanLens.traffic`), and logs every alert it raises.
 */
export function registerAlertFeatures(parts: AlertFeatureParts): AlertsConnection {
  const { context, helper, log } = parts;
  const settings = () => {
    const parsed = parseAlertSettings((key) => vscode.workspace.getConfiguration().get(key));
    for (const problem of parsed.problems) log.warn(`Setting ignored: ${problem}`);
    return parsed.settings;
  };
  const connection = new AlertsConnection(helper, settings, log);
  // After activation returns: configuring starts the helper, which activation must not wait for.
  const startup = setTimeout(() => void connection.configure(), 0);
  context.subscriptions.push(
    connection,
    { dispose: () => clearTimeout(startup) },
    connection.onDidFire((alerts) => {
      for (const alert of alerts) log.info(`Alert (${alert.severity}): ${alert.title}`);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lanLens.alerts') || event.affectsConfiguration('lanLens.traffic')) {
        void connection.configure();
      }
    }),
  );
  return connection;
}
