import type * as vscode from 'vscode';
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
    log: vscode.LogOutputChannel,
    exportPcap: () => Promise<SavedFile>,
  ) {
    super(PanelId.debugTraffic, TITLE, extensionUri, (panel) => {
      const contents = new DebugTrafficContents(panel, current, log, exportPcap);
      panel.webview.html = dashboardHtml(panel.webview, extensionUri, TITLE, { bundle: 'sockets' });
      return contents;
    });
  }

  /** Settles once the open panel's view has loaded and received its state. */
  get viewReady(): Promise<void> | undefined {
    return this.contents?.host.viewReady;
  }
}
