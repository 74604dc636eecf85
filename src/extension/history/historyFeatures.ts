import * as vscode from 'vscode';
import type { HelperClient } from '../helperClient/helperClient';
import { HistoryConnection } from './historyConnection';
import type { HistoryChoice } from './historyConnection';
import { parseHistorySettings } from './historySettings';
import { HISTORY_FILE } from '../../shared/model/history';
import type { HistoryStatus } from '../../shared/model/history';

/** What the history features need from the rest of the extension. */
export interface HistoryFeatureParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
}

/** Keeps the helper's history open in the global storage, with the settings and the way out of a bad file. */
export function registerHistoryFeatures(parts: HistoryFeatureParts): HistoryConnection {
  const { context, helper, log } = parts;
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
  context.subscriptions.push(
    connection,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lanLens.history') && helper.running) void connection.open();
    }),
  );
  return connection;
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
