// Connects one topology webview to the topology source over the typed transport: answers the
// view's requests (its state, the Devices tree's actions on a node, saving an export), forwards
// capture ticks, device and hop changes once the view is ready, and keeps the view's selection and
// the Devices tree's in step both ways.
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { TopologyAction, TopologyExportParams } from '../../../shared/topologyProtocol';
import {
  TOPOLOGY_PROTOCOL_VERSION,
  TopologyActionRequest,
  TopologyDevicesNotification,
  TopologyExportRequest,
  TopologyHopsNotification,
  TopologyPinNotification,
  TopologyReadyRequest,
  TopologyResetNotification,
  TopologySelectNotification,
  TopologySnapshotRequest,
  TopologyTickNotification,
} from '../../../shared/topologyProtocol';
import type { SavedFile } from '../../../shared/webviewProtocol';
import { ViewErrorNotification } from '../../../shared/webviewProtocol';
import { WebviewEndpoint, WebviewRequestError } from '../../../shared/webviewTransport';
import { CommandId } from '../../contributionIds';
import { askExportFile } from '../../export/exportToFile';
import { exportFileName } from '../../export/trafficExport';
import { saveFailure } from '../../export/saveFailure';
import { errorMessage } from '../../userFacingError';
import type { DeviceNode, TreeNode } from '../../views/deviceTreeModel';
import type { DeviceStore } from '../../views/deviceStore';
import type { TopologySource } from './topologySource';

/** What a topology host needs besides its webview. */
export interface TopologyHostParts {
  source: TopologySource;
  store: DeviceStore;
  tree: vscode.TreeView<TreeNode>;
  /** fires when the Devices list changed */
  onDidChangeDevices: vscode.Event<unknown>;
  log: vscode.LogOutputChannel;
}

/** One view's transport and subscriptions. */
export class TopologyHost implements vscode.Disposable {
  private readonly endpoint: WebviewEndpoint;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private devicesTimer: NodeJS.Timeout | undefined;
  private markReady: () => void = () => undefined;
  /** settles once the view has said ready and been answered (the tests wait for it) */
  readonly viewReady = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    webview: vscode.Webview,
    private readonly parts: TopologyHostParts,
  ) {
    const { source, log } = parts;
    this.endpoint = new WebviewEndpoint(
      (message) => webview.postMessage(message),
      (error, method) => log.warn(`Topology ${method}: ${errorMessage(error)}`),
    );
    const { endpoint } = this;
    this.disposables.push(webview.onDidReceiveMessage((message: unknown) => endpoint.handle(message)));
    endpoint.onRequest(TopologyReadyRequest.type, ({ protocolVersion }) => {
      if (protocolVersion !== TOPOLOGY_PROTOCOL_VERSION) {
        throw new WebviewRequestError(
          `This view speaks topology protocol ${protocolVersion}, the extension ${TOPOLOGY_PROTOCOL_VERSION}.`,
          'Reload the window ("Developer: Reload Window") after updating LAN Lens.',
        );
      }
      this.ready = true;
      this.markReady();
      return source.state(this.treeSelection());
    });
    endpoint.onRequest(TopologySnapshotRequest.type, () => source.state(this.treeSelection()));
    endpoint.onRequest(TopologyActionRequest.type, ({ action, ip }) => this.act(action, ip));
    endpoint.onRequest(TopologyExportRequest.type, (params) => saveExport(params));
    endpoint.onNotification(TopologySelectNotification.type, ({ ip }) => void this.revealInTree(ip));
    endpoint.onNotification(TopologyPinNotification.type, ({ mac, x, y }) => void source.pin(mac, x, y));
    endpoint.onNotification(ViewErrorNotification.type, ({ message, stack }) =>
      log.error(`Topology view: ${message}${stack ? `\n${stack}` : ''}`),
    );
    this.subscribe();
  }

  private subscribe(): void {
    const { source, tree, onDidChangeDevices } = this.parts;
    const { endpoint } = this;
    this.disposables.push(
      source.captures.onDidUpdate(({ delta }) => {
        if (!this.ready) return;
        if (delta) endpoint.sendNotification(TopologyTickNotification.type, { traffic: delta, now: Date.now() });
        else endpoint.sendNotification(TopologyResetNotification.type, source.state(this.treeSelection()));
      }),
      source.captures.onDidChangeState(() => {
        if (this.ready) endpoint.sendNotification(TopologyResetNotification.type, source.state(this.treeSelection()));
      }),
      source.onDidChangeHops(
        (hops) => this.ready && endpoint.sendNotification(TopologyHopsNotification.type, { hops }),
      ),
      // A scan changes many nodes in a burst: one message for the burst.
      onDidChangeDevices(() => {
        if (this.devicesTimer) return;
        this.devicesTimer = setTimeout(() => {
          this.devicesTimer = undefined;
          if (this.ready) {
            endpoint.sendNotification(TopologyDevicesNotification.type, { devices: source.devices(), now: Date.now() });
          }
        }, 250);
      }),
      tree.onDidChangeSelection(({ selection }) => {
        if (this.ready) endpoint.sendNotification(TopologySelectNotification.type, { ip: ipOf(selection[0]) });
      }),
    );
  }

  /** A hidden webview is torn down: nothing is pushed until it says ready again. */
  viewReloaded(): void {
    this.ready = false;
  }

  private treeSelection(): string | undefined {
    return ipOf(this.parts.tree.selection[0]);
  }

  /** The view selected a node: the tree selects the same device (without taking focus). */
  private async revealInTree(ip: string | undefined): Promise<void> {
    if (!ip || ipOf(this.parts.tree.selection[0]) === ip) return;
    const node = this.parts.store.nodesFor(ip)[0];
    if (!node) return;
    try {
      await this.parts.tree.reveal(node, { select: true, focus: false, expand: false });
    } catch (error) {
      this.parts.log.debug(`Topology: could not reveal ${ip} in the Devices view: ${errorMessage(error)}`);
    }
  }

  /** The Devices tree's actions, on the device with this address (copy works for any address). */
  private async act(action: TopologyAction, ip: string): Promise<void> {
    const node: DeviceNode | undefined = this.parts.store.nodesFor(ip)[0];
    if (action === 'copyIp') {
      await vscode.env.clipboard.writeText(ip);
      vscode.window.setStatusBarMessage(`LAN Lens: copied ${ip}`, 3_000);
    } else if (action === 'scanPorts') {
      await vscode.commands.executeCommand(CommandId.scanPorts, node ?? { targets: [ip] });
    } else if (action === 'rescan') {
      if (!node) throw new WebviewRequestError(`${ip} is not in the Devices list: scan its subnet first.`);
      await vscode.commands.executeCommand(CommandId.rescan, node);
    } else {
      await this.trace(ip);
    }
  }

  private async trace(ip: string): Promise<void> {
    const title = `LAN Lens: tracing hops to ${ip}`;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) => this.parts.source.trace(ip, token),
    );
    if (result.traced === 0) {
      throw new WebviewRequestError(`${ip} did not answer the trace. ${result.warnings.join(' ')}`.trim());
    }
  }

  dispose(): void {
    if (this.devicesTimer) clearTimeout(this.devicesTimer);
    this.endpoint.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function ipOf(node: TreeNode | undefined): string | undefined {
  if (node?.kind === 'device') return node.device.ip;
  return node?.kind === 'port' ? node.device.device.ip : undefined;
}

/** Asks where, then writes the SVG text or the PNG bytes; a write that fails says why. */
async function saveExport({ format, data }: TopologyExportParams): Promise<SavedFile> {
  if ((format !== 'svg' && format !== 'png') || typeof data !== 'string') {
    throw new WebviewRequestError('An export is SVG text or a base64 PNG.');
  }
  const file = await askExportFile(
    `Save the network map as ${format.toUpperCase()}`,
    exportFileName('topology', format, Date.now()),
    format,
  );
  if (!file) return { count: 0 };
  try {
    await writeFile(file, format === 'svg' ? Buffer.from(data, 'utf8') : Buffer.from(data, 'base64'));
  } catch (error) {
    throw saveFailure('the map', file, error);
  }
  return { path: file, count: 1 };
}
