import * as vscode from 'vscode';
import type { CaptureSession } from '../capture/captureSession';
import { safeCommand } from '../commands/reportError';
import { CommandId, PanelId, SettingKey, ViewId } from '../contributionIds';
import { DebugNetworkView } from '../debug/debugNetworkView';
import type { DebugSessionTraffic } from '../debug/debugSessionTraffic';
import { DebugTracker } from '../debug/debugTracker';
import { exportSessionPackets } from '../debug/sessionPcapExport';
import type { HelperClient } from '../helperClient/helperClient';
import { DebugTrafficPanels } from '../panels/sockets/debugTrafficPanels';
import { ProcessTrafficPanels } from '../panels/sockets/processTrafficPanels';

/** What the sockets features need from the rest of the extension. */
export interface SocketFeatureParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
  captures: CaptureSession;
}

/** The sockets features, for the extension's API (the tests read them). */
export interface SocketFeatures {
  processTraffic: ProcessTrafficPanels;
  debugTraffic: DebugTrafficPanels;
  /** the debug session shown, if any */
  debugSession(): DebugSessionTraffic | undefined;
}

/**
 * Wires "Show Process Traffic", the debug adapter tracker, the debug session's panel and its view
 * in Run and Debug (and the panels' restore after a reload) into VS Code.
 */
export function registerSocketFeatures({ context, helper, log, captures }: SocketFeatureParts): SocketFeatures {
  const processTraffic = new ProcessTrafficPanels(context.extensionUri, helper, log);
  const current = () => tracker.current;
  const debugTraffic = new DebugTrafficPanels(context.extensionUri, current, log, () =>
    exportSessionPackets(tracker.current, captures),
  );
  const tree = new DebugNetworkView(current);
  const shown = (session: DebugSessionTraffic) => session === tracker.current;
  const tracker: DebugTracker = new DebugTracker(
    helper,
    {
      started: () => {
        debugTraffic.contents?.host.reset();
        tree.refresh();
        if (vscode.workspace.getConfiguration().get<boolean>(SettingKey.debugShowTrafficOnStart, true))
          debugTraffic
            .showBesideSource()
            .catch((error: unknown) =>
              log.warn(`Debug traffic panel: ${error instanceof Error ? error.message : String(error)}`),
            );
      },
      changed: (session, view) => {
        if (!shown(session)) return;
        debugTraffic.contents?.host.debugChanged(view);
        tree.refresh();
      },
      tick: (session, tick) => {
        if (!shown(session)) return;
        debugTraffic.contents?.host.tick(tick);
        tree.refresh();
      },
      reset: (session) => {
        if (!shown(session)) return;
        debugTraffic.contents?.host.reset();
        tree.refresh();
      },
    },
    () => ({ active: captures.active, snapshot: captures.snapshot }),
    log,
  );
  const register = (id: CommandId, name: string, run: () => void) =>
    vscode.commands.registerCommand(id, safeCommand(log, name, run));
  context.subscriptions.push(
    processTraffic,
    debugTraffic,
    tracker,
    tree,
    captures.onDidChangeState(() => tracker.captureChanged()),
    vscode.window.createTreeView(ViewId.debugNetwork, { treeDataProvider: tree }),
    vscode.window.registerWebviewPanelSerializer(PanelId.processTraffic, processTraffic),
    vscode.window.registerWebviewPanelSerializer(PanelId.debugTraffic, debugTraffic),
    register(CommandId.showProcessTraffic, 'Show Process Traffic', () => processTraffic.show()),
    register(CommandId.showDebugTraffic, 'Show Debug Session Traffic', () => debugTraffic.show()),
  );
  return { processTraffic, debugTraffic, debugSession: current };
}
