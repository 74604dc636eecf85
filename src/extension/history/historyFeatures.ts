import * as vscode from 'vscode';
import { safeCommand } from '../commands/reportError';
import { CommandId, PanelId } from '../contributionIds';
import type { HelperClient } from '../helperClient/helperClient';
import { HistoryPanels } from '../panels/history/historyPanels';
import type { DeviceStore } from '../views/deviceStore';
import type { TreeNode } from '../views/deviceTreeModel';
import type { DeviceTreeProvider } from '../views/deviceTreeProvider';
import { HistoryConnection } from './historyConnection';
import type { HistoryChoice } from './historyConnection';
import { parseHistorySettings } from './historySettings';
import { KnownDevices } from './knownDevices';
import { registerReportCommands } from './reportCommands';
import type { ReportScheduler } from './reportScheduler';
import { HISTORY_FILE } from '../../shared/model/history';
import type { HistoryStatus } from '../../shared/model/history';

/** What the history features need from the rest of the extension. */
export interface HistoryFeatureParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
  store: DeviceStore;
  tree: DeviceTreeProvider;
  /** the Devices view's selection, for commands run from the palette */
  selection: () => readonly TreeNode[];
}

/** The history features, for the extension's API (the tests read them). */
export interface HistoryFeatures {
  connection: HistoryConnection;
  knownDevices: KnownDevices;
  panels: HistoryPanels;
  reports: ReportScheduler;
}

/**
 * Keeps the helper's history open in the global storage (with the settings and the way out of a
 * bad file), lists offline devices in the Devices tree with Forget Device, and opens "Show History".
 */
export function registerHistoryFeatures(parts: HistoryFeatureParts): HistoryFeatures {
  const { context, helper, log, store, tree } = parts;
  const settings = () => {
    const parsed = parseHistorySettings((key) => vscode.workspace.getConfiguration().get(key));
    for (const problem of parsed.problems) log.warn(`Setting ignored: ${problem}`);
    return parsed.settings;
  };
  const path = vscode.Uri.joinPath(context.globalStorageUri, HISTORY_FILE).fsPath;
  const connection = new HistoryConnection(helper, path, settings, {
    problem: (problem, startAfresh) => askAboutProblem(problem, startAfresh),
    showLog: () => log.show(),
    log: (level, message) => log[level](message),
  });
  const knownDevices = new KnownDevices({
    helper,
    history: connection,
    store,
    apply: (change) => tree.apply(change),
    confirmForget: (label) => confirmForget(label),
    log: (message) => log.warn(message),
  });
  const panels = new HistoryPanels(context.extensionUri, {
    helper,
    history: connection,
    onDidChangeHistory: (listener) => {
      const subscriptions = [tree.onDidChangeTreeData(() => listener()), knownDevices.onDidForget(listener)];
      return {
        dispose: () => {
          for (const subscription of subscriptions) subscription.dispose();
        },
      };
    },
    log,
  });
  const register = <A extends unknown[]>(id: CommandId, name: string, run: (...args: A) => Promise<void> | void) =>
    vscode.commands.registerCommand(id, safeCommand(log, name, run));
  context.subscriptions.push(
    connection,
    knownDevices,
    panels,
    vscode.window.registerWebviewPanelSerializer(PanelId.history, panels),
    register(CommandId.showHistory, 'Show History', () => panels.show()),
    register(CommandId.forgetDevice, 'Forget Device', (node?: TreeNode) => {
      const target = node ?? parts.selection()[0];
      if (target?.kind !== 'device' || !target.offline) {
        void vscode.window.showInformationMessage(
          'Forget Device forgets an offline device (a dimmed one) of the Devices view: select one first.',
        );
        return;
      }
      return knownDevices.forget(target);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lanLens.history') && helper.running) void connection.open();
    }),
  );
  const reports = registerReportCommands({ context, helper, history: connection, log });
  return { connection, knownDevices, panels, reports };
}

/** Asks before a device is forgotten: the history loses everything it held about it. */
async function confirmForget(label: string): Promise<boolean> {
  const forget = 'Forget';
  const choice = await vscode.window.showWarningMessage(
    `Forget ${label}? LAN Lens deletes everything its history holds about this device: addresses, names, presence, ports and changes.`,
    { modal: true },
    forget,
  );
  return choice === forget;
}

const START_AFRESH = 'Start Afresh';
const SHOW_LOG = 'Show Log';

/** Tells the user what is wrong with the history and offers the way out. */
async function askAboutProblem(
  problem: HistoryStatus & { state: 'problem' },
  startAfresh: boolean,
): Promise<HistoryChoice> {
  const wayOut = startAfresh
    ? ` LAN Lens records no history until then: "${START_AFRESH}" renames the file aside (nothing is deleted) and begins a new one.`
    : ' LAN Lens records no history until this is fixed; the log says more.';
  const buttons = startAfresh ? [START_AFRESH, SHOW_LOG] : [SHOW_LOG];
  const choice = await vscode.window.showWarningMessage(`${problem.message}${wayOut}`, ...buttons);
  if (choice === START_AFRESH) return 'startAfresh';
  return choice === SHOW_LOG ? 'showLog' : undefined;
}
