import type * as vscode from 'vscode';
import { PanelId } from '../../contributionIds';
import type { HelperClient } from '../../helperClient/helperClient';
import { SocketWatchClient } from '../../sockets/socketWatchClient';
import { errorMessage } from '../../userFacingError';
import { dashboardHtml } from '../dashboard/dashboardPage';
import type { PanelContents } from '../singlePanel';
import { SinglePanel } from '../singlePanel';
import { SocketsHost } from './socketsHost';

const TITLE = 'LAN Lens Process Traffic';

/** An open Process Traffic panel: its view and the helper watch of every process of the user. */
class ProcessTrafficContents implements PanelContents {
  readonly host: SocketsHost;
  private readonly watch: SocketWatchClient;
  private problem: string | undefined;

  constructor(panel: vscode.WebviewPanel, helper: HelperClient, log: vscode.LogOutputChannel) {
    this.watch = new SocketWatchClient(
      helper,
      { allProcesses: true, tree: false, intervalMs: 1000 },
      {
        tick: (tick) => this.host.tick(tick),
        reset: () => {
          this.problem = undefined;
          this.host.reset();
        },
        failed: (error) => {
          this.problem = `Reading the sockets of your processes failed: ${errorMessage(error)}`;
          log.warn(this.problem);
          this.host.reset();
        },
      },
    );
    this.host = new SocketsHost(
      panel.webview,
      { mode: 'processes', label: 'your processes', watch: () => this.watch, problem: () => this.problem },
      log,
    );
    void this.watch.start();
  }

  viewReloaded(): void {
    this.host.viewReloaded();
  }

  dispose(): void {
    this.watch.dispose();
    this.host.dispose();
  }
}

/**
 * "Show Process Traffic": bytes per second per process on this machine, as bandwhich shows them,
 * and every connection of the user's processes (all processes' when LAN Lens runs as root), from
 * the kernel's socket table without capture privilege. One panel at most; the watch runs while it
 * is open.
 */
export class ProcessTrafficPanels extends SinglePanel<ProcessTrafficContents> {
  constructor(extensionUri: vscode.Uri, helper: HelperClient, log: vscode.LogOutputChannel) {
    super(PanelId.processTraffic, TITLE, extensionUri, (panel) => {
      const contents = new ProcessTrafficContents(panel, helper, log);
      panel.webview.html = dashboardHtml(panel.webview, extensionUri, TITLE, { bundle: 'sockets' });
      return contents;
    });
  }

  /** Settles once the open panel's view has loaded and received its state. */
  get viewReady(): Promise<void> | undefined {
    return this.contents?.host.viewReady;
  }
}
