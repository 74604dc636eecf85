import * as vscode from 'vscode';
import { safeCommand } from '../commands/reportError';
import { CommandId, PanelId } from '../contributionIds';
import type { HelperClient } from '../helperClient/helperClient';
import { ProcessTrafficPanels } from '../panels/sockets/processTrafficPanels';

/** What the sockets features need from the rest of the extension. */
export interface SocketFeatureParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
}

/** The sockets features, for the extension's API (the tests read them). */
export interface SocketFeatures {
  processTraffic: ProcessTrafficPanels;
}

/** Wires "Show Process Traffic" (and its panel's restore after a reload) into VS Code. */
export function registerSocketFeatures({ context, helper, log }: SocketFeatureParts): SocketFeatures {
  const processTraffic = new ProcessTrafficPanels(context.extensionUri, helper, log);
  context.subscriptions.push(
    processTraffic,
    vscode.window.registerWebviewPanelSerializer(PanelId.processTraffic, processTraffic),
    vscode.commands.registerCommand(
      CommandId.showProcessTraffic,
      safeCommand(log, 'Show Process Traffic', () => processTraffic.show()),
    ),
  );
  return { processTraffic };
}
