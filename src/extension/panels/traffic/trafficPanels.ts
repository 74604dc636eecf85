import type * as vscode from 'vscode';
import { PanelId } from '../../contributionIds';
import { DashboardHost } from '../dashboard/dashboardHost';
import { dashboardHtml } from '../dashboard/dashboardPage';
import type { PanelContents } from '../singlePanel';
import { SinglePanel } from '../singlePanel';
import type { LiveDashboardParts } from './liveDashboard';
import { LiveDashboard } from './liveDashboard';

const TITLE = 'LAN Lens Traffic';

/** One open "Show Traffic" panel's data and transport. */
interface OpenDashboard extends PanelContents {
  dashboard: LiveDashboard;
  host: DashboardHost;
}

/**
 * The "Show Traffic" panel: at most one, revealed when asked again, and restored after a window
 * reload by the serializer (see SinglePanel).
 */
export class TrafficPanels extends SinglePanel<OpenDashboard> {
  constructor(extensionUri: vscode.Uri, parts: LiveDashboardParts, log: vscode.LogOutputChannel) {
    super(PanelId.traffic, TITLE, extensionUri, (panel) => {
      const dashboard = new LiveDashboard(parts);
      const host = new DashboardHost(panel.webview, dashboard, log);
      panel.webview.html = dashboardHtml(panel.webview, extensionUri, TITLE);
      return {
        dashboard,
        host,
        viewReloaded: () => host.viewReloaded(),
        dispose: () => {
          host.dispose();
          dashboard.dispose();
        },
      };
    });
  }

  /** The open panel's data, if any. */
  get dashboard(): LiveDashboard | undefined {
    return this.contents?.dashboard;
  }

  /** Settles once the open panel's view has loaded and received its state. */
  get viewReady(): Promise<void> | undefined {
    return this.contents?.host.viewReady;
  }
}
