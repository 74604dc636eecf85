import * as vscode from 'vscode';
import { helperCaptureBackend } from './capture/captureBackend';
import type { StartCaptureArgs } from './capture/captureCommands';
import { CaptureCommands } from './capture/captureCommands';
import { CaptureSession } from './capture/captureSession';
import { currentCaptureSettings } from './capture/captureSettings';
import { CaptureStatusBar } from './capture/captureStatusBar';
import { PassiveDeviceFeed } from './capture/passiveDeviceFeed';
import { copyIp, copyMac, targetDevice } from './commands/copyCommands';
import { safeCommand } from './commands/reportError';
import { ScanController } from './commands/scanController';
import { CommandId, PanelId, SettingKey, ViewId } from './contributionIds';
import { createHelperClient } from './helperClient/createHelperClient';
import type { HelperClient } from './helperClient/helperClient';
import { registerHistoryFeatures } from './history/historyFeatures';
import type { HistoryFeatures } from './history/historyFeatures';
import { registerSocketFeatures } from './sockets/socketFeatures';
import type { SocketFeatures } from './sockets/socketFeatures';
import { DeviceStore } from './views/deviceStore';
import type { TreeNode } from './views/deviceTreeModel';
import { DeviceTreeProvider } from './views/deviceTreeProvider';
import { TopologyPanels } from './panels/topology/topologyPanels';
import { TopologySource } from './panels/topology/topologySource';
import type { TrafficFeatures } from './traffic/trafficFeatures';
import { registerTrafficFeatures } from './traffic/trafficFeatures';
import type { ScanPortsArgs } from './ports/portScanCommands';
import { CapturePermission } from './privilege/capturePermission';
import { PortScanCommands } from './ports/portScanCommands';

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
  /** the "Show Topology" panel */
  readonly topology: TopologyPanels;
  /** "Show Process Traffic" and the debug session's traffic */
  readonly sockets: SocketFeatures;
  /** the history: its database, the offline devices and the "Show History" panel */
  readonly history: HistoryFeatures;
  /** loading the bundle plus `activate`, in ms (LAN Lens activates on startup, before a test can time it) */
  readonly activationMs: number;
  /** the helper process's client: its id, its restarts */
  readonly helper: HelperClient;
}

/**
 * Wires the views and commands. LAN Lens activates once startup has finished, for the status-bar
 * meter; the helper starts just after activation returns (the meter's first reading).
 */
export function activate(context: vscode.ExtensionContext): LanLensApi {
  // Loading the bundle counts too: it ran before activate.
  const started = performance.now() - loadMs;
  const log = vscode.window.createOutputChannel('LAN Lens', { log: true });
  const store = new DeviceStore();
  const tree = new DeviceTreeProvider(store);
  const view = vscode.window.createTreeView(ViewId.devices, { treeDataProvider: tree, showCollapseAll: true });
  const helper = (client = createHelperClient(context.extensionPath, log));
  // Results of a scan started elsewhere (the palette) show where they land, as Find in Files shows Search.
  const revealDevices = () => {
    if (!view.visible) void vscode.commands.executeCommand(`${ViewId.devices}.focus`);
  };
  const scans = new ScanController(helper, store, tree, log, revealDevices);
  const captures = new CaptureSession(helperCaptureBackend(helper), () =>
    currentCaptureSettings(
      (key) => vscode.workspace.getConfiguration().get(key),
      (message) => log.warn(message),
    ),
  );
  const captureCommands = new CaptureCommands(helper, captures, log);
  const traffic = registerTrafficFeatures({ context, helper, log, captures, store, tree, view, captureCommands });
  const portScans = new PortScanCommands(helper, store, (change) => tree.apply(change), log, revealDevices);
  const topologySource = new TopologySource(store, captures, helper, context.globalState);
  const topology = new TopologyPanels(context.extensionUri, {
    source: topologySource,
    store,
    tree: view,
    onDidChangeDevices: tree.onDidChangeTreeData,
    log,
  });
  const history = registerHistoryFeatures({ context, helper, log, store, tree, selection: () => view.selection });
  const sockets = registerSocketFeatures({ context, helper, log, captures });
  const permission = new CapturePermission(helper, log);
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
    topologySource,
    topology,
    vscode.window.registerWebviewPanelSerializer(PanelId.topology, topology),
    register(CommandId.showTopology, 'Show Topology', () => topology.show()),
    new CaptureStatusBar(captures),
    new PassiveDeviceFeed(
      captures,
      store,
      (change) => tree.apply(change),
      () => helper.listInterfaces(),
    ),
    register(CommandId.startCapture, 'Start Capture', (args?: StartCaptureArgs) =>
      captureCommands.start(plainArgs(args)),
    ),
    register(CommandId.stopCapture, 'Stop Capture', () => captureCommands.stop()),
    register(CommandId.saveCapture, 'Save Capture', async (uri?: vscode.Uri) => {
      await captureCommands.save(uri instanceof vscode.Uri ? uri : undefined);
    }),
    register(CommandId.scanPorts, 'Scan Ports', async (target?: TreeNode | ScanPortsArgs) => {
      // From a tree's context menu the argument is the node; from code, the choices.
      if (isTreeNode(target)) await portScans.scanPorts(target);
      else await portScans.scanPorts(undefined, plainArgs(target));
    }),
    register(CommandId.openInBrowser, 'Open in Browser', (node?: TreeNode) => portScans.openInBrowser(node)),
    register(CommandId.copyNmapCommand, 'Copy as nmap Command', (node?: TreeNode) =>
      portScans.copyNmapCommand(node ?? view.selection[0]),
    ),
    permission,
    register(CommandId.grantCapturePermission, 'Grant Capture Permission', () => permission.grant()),
    register(CommandId.revokeCapturePermission, 'Revoke Capture Permission', () => permission.revoke()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The next request restarts the helper under the newly configured Node.
      if (event.affectsConfiguration(SettingKey.helperNodePath)) void helper.stop().then(() => traffic.resume());
    }),
  );
  return { devices: tree, traffic, captures, topology, helper, sockets, history, activationMs: msSince(started) };
}

/** Milliseconds from `start` (a `performance.now()`) until now. */
function msSince(start: number): number {
  return performance.now() - start;
}

function isTreeNode(value: unknown): value is TreeNode {
  const kind = (value as { kind?: unknown } | null | undefined)?.kind;
  return kind === 'group' || kind === 'device' || kind === 'port';
}

/** An options object passed by code, else undefined (menus pass other things, such as a Uri). */
function plainArgs<T extends object>(value: T | undefined): T | undefined {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
    ? value
    : undefined;
}

/** Stops the helper: shutdown request, exit notification, then kill if it lingers. */
export async function deactivate(): Promise<void> {
  const stopping = client?.dispose();
  client = undefined;
  await stopping;
}
