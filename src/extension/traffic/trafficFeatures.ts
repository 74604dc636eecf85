import * as vscode from 'vscode';
import { registerAlertFeatures } from '../alerts/alertFeatures';
import type { AlertFeatures } from '../alerts/alertFeatures';
import type { CaptureSession } from '../capture/captureSession';
import type { CaptureCommands } from '../capture/captureCommands';
import { safeCommand } from '../commands/reportError';
import { CommandId, CustomEditorId, PanelId } from '../contributionIds';
import { exportTrafficCommand } from '../export/exportCommand';
import { liveExportSource } from '../export/liveExportSource';
import type { HelperClient } from '../helperClient/helperClient';
import { deviceNames } from '../panels/dashboard/deviceNames';
import { PcapEditorProvider } from '../panels/pcapEditor/pcapEditorProvider';
import { TrafficPanels } from '../panels/traffic/trafficPanels';
import { readSettings } from '../settings';
import type { DeviceStore } from '../views/deviceStore';
import type { TreeNode } from '../views/deviceTreeModel';
import type { DeviceTreeProvider } from '../views/deviceTreeProvider';
import { BandwidthAlerts } from './bandwidthAlerts';
import { BandwidthMonitor } from './bandwidthMonitor';
import { BandwidthStatusBar } from './bandwidthStatusBar';

/** What the traffic features need from the rest of the extension. */
export interface TrafficFeatureParts {
  context: vscode.ExtensionContext;
  helper: HelperClient;
  log: vscode.LogOutputChannel;
  captures: CaptureSession;
  store: DeviceStore;
  tree: DeviceTreeProvider;
  /** the Devices view, where an alert's device is revealed */
  view: vscode.TreeView<TreeNode>;
  /** the capture commands' questions and Save Capture, which the dashboard's buttons share */
  captureCommands: Pick<CaptureCommands, 'confirmNewCapture' | 'save'>;
}

/** The traffic features, for the extension's API (the extension-host tests read them). */
export interface TrafficFeatures {
  bandwidth: BandwidthMonitor;
  /** the helper's alert engine and the Alerts view */
  alertFeatures: AlertFeatures;
  /** the bandwidth threshold's notifications */
  alerts: BandwidthAlerts;
  panels: TrafficPanels;
  pcapEditors: PcapEditorProvider;
  /** restarts the bandwidth watch after the helper was stopped on purpose */
  resume(): void;
}

/**
 * Wires bandwidth (status bar, history), the alert engine and its notifications, the "Show Traffic" panel, the capture-file editor
 * and export into VS Code.
 */
export function registerTrafficFeatures(parts: TrafficFeatureParts): TrafficFeatures {
  const { context, helper, log, captures, store, tree, captureCommands } = parts;
  const alertFeatures = registerAlertFeatures({ context, helper, log, store, devices: parts.view });
  const alertEngine = alertFeatures.connection;
  const bandwidth = new BandwidthMonitor(helper, log, () => readSettings().settings.trafficInterface);
  const statusBar = new BandwidthStatusBar(bandwidth);
  const alerts = new BandwidthAlerts(alertEngine, log);
  const devicesChanged = new vscode.EventEmitter<ReturnType<typeof deviceNames>>();
  const names = () => deviceNames(store);
  const panels = new TrafficPanels(
    context.extensionUri,
    {
      client: helper,
      captures,
      bandwidth,
      devices: names,
      onDidChangeDevices: devicesChanged.event,
      confirmNewCapture: () => captureCommands.confirmNewCapture(),
      saveCapture: () => captureCommands.save(),
    },
    log,
  );
  const pcapEditors = new PcapEditorProvider(context.extensionUri, helper, log, names, devicesChanged.event);
  const applySettings = () => {
    const { settings } = readSettings();
    statusBar.setVisible(settings.trafficShowStatusBar);
    statusBar.refresh();
  };
  // After activation returns: the first reading starts the helper, which activation must not wait for.
  const startup = setTimeout(applySettings, 0);
  const register = <A extends unknown[]>(id: CommandId, name: string, run: (...args: A) => Promise<void> | void) =>
    vscode.commands.registerCommand(id, safeCommand(log, name, run));

  context.subscriptions.push(
    bandwidth,
    statusBar,
    alerts,
    devicesChanged,
    panels,
    { dispose: () => clearTimeout(startup) },
    tree.onDidChangeTreeData(() => devicesChanged.fire(names())),
    vscode.window.registerWebviewPanelSerializer(PanelId.traffic, panels),
    vscode.window.registerCustomEditorProvider(CustomEditorId.pcapViewer, pcapEditors, {
      supportsMultipleEditorsPerDocument: true,
      webviewOptions: { retainContextWhenHidden: false },
    }),
    register(CommandId.showTraffic, 'Show Traffic', () => panels.show()),
    register(CommandId.exportTraffic, 'Export Traffic', () =>
      exportTrafficCommand(pcapEditors.activeDashboard ?? liveExportSource(helper, captures, names)),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lanLens.traffic')) applySettings();
    }),
  );
  return { bandwidth, alertFeatures, alerts, panels, pcapEditors, resume: () => bandwidth.resume() };
}
