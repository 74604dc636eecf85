import * as vscode from 'vscode';
import { copyIp, copyMac, targetDevice } from './commands/copyCommands';
import { safeCommand } from './commands/reportError';
import { ScanController } from './commands/scanController';
import { helperCaptureBackend } from './capture/captureBackend';
import { CaptureSession } from './capture/captureSession';
import { CommandId, SettingKey, ViewId } from './contributionIds';
import { createHelperClient } from './helperClient/createHelperClient';
import type { HelperClient } from './helperClient/helperClient';
import { DeviceStore } from './views/deviceStore';
import type { TreeNode } from './views/deviceTreeModel';
import { DeviceTreeProvider } from './views/deviceTreeProvider';
import type { TrafficFeatures } from './traffic/trafficFeatures';
import { registerTrafficFeatures } from './traffic/trafficFeatures';

let client: HelperClient | undefined;

/** Set by the bundle's first line (esbuild.js): when loading LAN Lens began, in `performance.now()` ms. */
declare const __lanLensBundleStart: number | undefined;
/** This module runs last in the bundle: loading took from the bundle's first line until here. */
const loadMs = typeof __lanLensBundleStart === 'number' ? performance.now() - __lanLensBundleStart : 0;

/** What `activate` returns: the extension-host tests read the Devices tree through it. */
export interface LanLensApi {
  /** the data behind the Devices view, exactly as the view sees it */
  readonly devices: vscode.TreeDataProvider<TreeNode>;
  /** bandwidth, the traffic panel and the capture-file editors */
  readonly traffic: TrafficFeatures;
  /** the live capture */
  readonly captures: CaptureSession;
  /** loading the bundle plus `activate`, in ms (LAN Lens activates on startup, before a test can time it) */
  readonly activationMs: number;
}

/**
 * Wires the views and commands. LAN Lens activates once startup has finished, for the status-bar
 * meter; the helper starts just after activation returns (the meter's first reading).
 */
export function activate(context: vscode.ExtensionContext): LanLensApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('LAN Lens', { log: true });
  const store = new DeviceStore();
  const tree = new DeviceTreeProvider(store);
  const view = vscode.window.createTreeView(ViewId.devices, { treeDataProvider: tree, showCollapseAll: true });
  const helper = createHelperClient(context.extensionPath, log);
  client = helper;
  const scans = new ScanController(helper, store, tree, log);
  const captures = new CaptureSession(helperCaptureBackend(helper));
  const traffic = registerTrafficFeatures({ context, helper, log, captures, store, tree });
  const device = (node?: TreeNode) => targetDevice(node, view.selection);
  const register = <A extends unknown[]>(id: CommandId, name: string, run: (...args: A) => Promise<void> | void) =>
    vscode.commands.registerCommand(id, safeCommand(log, name, run));

  context.subscriptions.push(
    log,
    tree,
    view,
    captures,
    register(CommandId.scanLan, 'Scan LAN', () => scans.scanLan()),
    register(CommandId.rescan, 'Rescan', (node?: TreeNode) => scans.rescan(node ?? view.selection[0])),
    register(CommandId.copyIp, 'Copy IP', (node?: TreeNode) => copyIp(device(node))),
    register(CommandId.copyMac, 'Copy MAC', (node?: TreeNode) => copyMac(device(node))),
    register(CommandId.showHelperLog, 'Show Helper Log', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The next request restarts the helper under the newly configured Node.
      if (event.affectsConfiguration(SettingKey.helperNodePath)) void helper.stop().then(() => traffic.resume());
    }),
  );
  return { devices: tree, traffic, captures, activationMs: loadMs + performance.now() - started };
}

/** Stops the helper: shutdown request, exit notification, then kill if it lingers. */
export async function deactivate(): Promise<void> {
  const stopping = client?.dispose();
  client = undefined;
  await stopping;
}
