import * as vscode from 'vscode';
import { PanelId } from '../../contributionIds';
import { DashboardHost } from '../dashboard/dashboardHost';
import { dashboardHtml, dashboardWebviewOptions } from '../dashboard/dashboardPage';
import type { LiveDashboardParts } from './liveDashboard';
import { LiveDashboard } from './liveDashboard';

const TITLE = 'LAN Lens Traffic';

/** One open "Show Traffic" panel with its data and transport. */
interface OpenPanel {
  panel: vscode.WebviewPanel;
  dashboard: LiveDashboard;
  host: DashboardHost;
}

/**
 * The "Show Traffic" panel: at most one, revealed when asked again, and restored after a window
 * reload by the serializer. Its webview is not kept alive while hidden (retainContextWhenHidden
 * off): a view that comes back says `ready` and is answered with the whole state.
 */
export class TrafficPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private open: OpenPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly parts: LiveDashboardParts,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The open panel, if any (the tests look at it). */
  get panel(): vscode.WebviewPanel | undefined {
    return this.open?.panel;
  }

  /** The open panel's data, if any. */
  get dashboard(): LiveDashboard | undefined {
    return this.open?.dashboard;
  }

  /** Settles once the open panel's view has loaded and received its state. */
  get viewReady(): Promise<void> | undefined {
    return this.open?.host.viewReady;
  }

  /** Opens the panel, or reveals the one already open. */
  show(): void {
    if (this.open) {
      this.open.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PanelId.traffic, TITLE, vscode.ViewColumn.Active, {
      ...dashboardWebviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    this.attach(panel);
  }

  /** Restores the panel VS Code kept across a reload; the view's own state comes back through `ready`. */
  deserializeWebviewPanel(panel: vscode.WebviewPanel): Thenable<void> {
    if (this.open) {
      // Only one traffic panel: a second restored one would show the same data twice.
      panel.dispose();
      return Promise.resolve();
    }
    this.attach(panel);
    return Promise.resolve();
  }

  private attach(panel: vscode.WebviewPanel): void {
    panel.webview.options = dashboardWebviewOptions(this.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'lanlens.svg');
    const dashboard = new LiveDashboard(this.parts);
    const host = new DashboardHost(panel.webview, dashboard, this.log);
    const open: OpenPanel = { panel, dashboard, host };
    this.open = open;
    const viewState = panel.onDidChangeViewState(() => {
      // A hidden webview is torn down; what it is sent meanwhile is lost until it says ready again.
      if (!panel.visible) host.viewReloaded();
    });
    panel.onDidDispose(() => {
      viewState.dispose();
      host.dispose();
      dashboard.dispose();
      if (this.open === open) this.open = undefined;
    });
    panel.webview.html = dashboardHtml(panel.webview, this.extensionUri, TITLE);
  }

  dispose(): void {
    this.open?.panel.dispose();
  }
}
