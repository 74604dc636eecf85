import type * as vscode from 'vscode';
import { PanelId } from '../../contributionIds';
import { dashboardHtml } from '../dashboard/dashboardPage';
import { SinglePanel } from '../singlePanel';
import type { HistoryHostParts } from './historyHost';
import { HistoryHost } from './historyHost';

const TITLE = 'LAN Lens History';

/** The "Show History" panel: one at most, restored after a reload with the period it showed. */
export class HistoryPanels extends SinglePanel<HistoryHost> {
  constructor(extensionUri: vscode.Uri, parts: HistoryHostParts) {
    super(PanelId.history, TITLE, extensionUri, (panel) => {
      const host = new HistoryHost(panel.webview, parts);
      panel.webview.html = dashboardHtml(panel.webview, extensionUri, TITLE, { bundle: 'history' });
      return host;
    });
  }

  /** Settles once the open panel's view has loaded and received its first period. */
  get viewReady(): Promise<void> | undefined {
    return this.contents?.viewReady;
  }
}
