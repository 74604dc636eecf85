import * as vscode from 'vscode';
import { PanelId } from '../../contributionIds';
import type { DebugSessionTraffic } from '../../debug/debugSessionTraffic';
import { dashboardHtml } from '../dashboard/dashboardPage';
import type { PanelContents } from '../singlePanel';
import type { SavedFile } from '../../../shared/webviewProtocol';
import { SinglePanel } from '../singlePanel';
import { SocketsHost } from './socketsHost';

const TITLE = 'LAN Lens Debug Traffic';

/** An open debug traffic panel: its view, showing whichever session is current. */
export class DebugTrafficContents implements PanelContents {
  readonly host: SocketsHost;

  constructor(
    panel: vscode.WebviewPanel,
    current: () => DebugSessionTraffic | undefined,
    log: vscode.LogOutputChannel,
    exportPcap: () => Promise<SavedFile>,
  ) {
    this.host = new SocketsHost(
      panel.webview,
      {
        mode: 'debug',
        label: 'the debug session',
        watch: () => current()?.watch,
        debug: () => current()?.view(),
        problem: () => (current() ? undefined : 'No debug session has started since LAN Lens started. Start one (F5).'),
        exportPcap,
      },
      log,
    );
  }

  viewReloaded(): void {
    this.host.viewReloaded();
  }

  dispose(): void {
    this.host.dispose();
  }
}

/**
 * The full panel of the debug session's traffic: its process tree, the attribution mode, bytes per
 * second with the pauses at breakpoints, every connection and the errors. One at most; it follows
 * the latest debug session and keeps what a session showed after it ended.
 */
export class DebugTrafficPanels extends SinglePanel<DebugTrafficContents> {
  constructor(
    extensionUri: vscode.Uri,
    current: () => DebugSessionTraffic | undefined,
    private readonly log: vscode.LogOutputChannel,
    exportPcap: () => Promise<SavedFile>,
  ) {
    super(PanelId.debugTraffic, TITLE, extensionUri, (panel) => {
      const contents = new DebugTrafficContents(panel, current, log, exportPcap);
      panel.webview.html = dashboardHtml(panel.webview, extensionUri, TITLE, { bundle: 'sockets' });
      return contents;
    });
  }

  /**
   * Opens the panel, or reveals it, beside the editor group the debugger will show a stop's source
   * in (the active one), without taking the focus. With no editor open VS Code puts a new webview
   * in the only, empty, group whatever column is asked for, and the source would then cover the
   * panel: the layout gets a second group first. A panel in the source's group moves beside it.
   */
  async showBesideSource(): Promise<void> {
    const groups = vscode.window.tabGroups;
    if (!this.panel && groups.all.length === 1 && groups.activeTabGroup.tabs.length === 0)
      await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 0, groups: [{}, {}] });
    const source = groups.activeTabGroup.viewColumn;
    const beside = source + 1;
    const panel = this.panel;
    if (!panel) this.show({ viewColumn: beside, preserveFocus: true });
    else panel.reveal(panel.viewColumn === source ? beside : undefined, true);
    this.log.info(
      `Debug traffic panel: in column ${this.panel?.viewColumn}, the debugger's stops in ${source} (${groups.all.length} groups)`,
    );
  }

  /** Settles once the open panel's view has loaded and received its state. */
  get viewReady(): Promise<void> | undefined {
    return this.contents?.host.viewReady;
  }
}
