import type * as vscode from 'vscode';
import { PanelId } from '../../contributionIds';
import { dashboardHtml } from '../dashboard/dashboardPage';
import { SinglePanel } from '../singlePanel';
import type { TopologyHostParts } from './topologyHost';
import { TopologyHost } from './topologyHost';

const TITLE = 'LAN Lens Topology';

/**
 * The "Show Topology" panel: one at most, restored after a reload (the view's own state,
 * positions included, comes back with it). Its page may start a worker from a blob: URL (the force
 * layout) and nothing broader.
 */
export class TopologyPanels extends SinglePanel<TopologyHost> {
  constructor(extensionUri: vscode.Uri, parts: TopologyHostParts) {
    super(PanelId.topology, TITLE, extensionUri, (panel) => {
      const host = new TopologyHost(panel.webview, parts);
      panel.webview.html = dashboardHtml(panel.webview, extensionUri, TITLE, { bundle: 'topology', blobWorker: true });
      return host;
    });
  }

  /** Settles once the open panel's view has loaded and received its state. */
  get viewReady(): Promise<void> | undefined {
    return this.contents?.viewReady;
  }
}
