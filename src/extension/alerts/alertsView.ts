import * as vscode from 'vscode';
import { ViewId } from '../contributionIds';
import { errorMessage } from '../userFacingError';
import type { Alert } from '../../shared/model/alerts';
import type { AlertsConnection } from './alertsConnection';
import { alertView } from './alertItem';
import { AlertList } from './alertList';

/**
 * The Alerts view in the LAN Lens sidebar: the helper's alerts newest first, a badge counting the
 * unacknowledged ones, and acknowledging and clearing kept in step with the helper (and so with
 * the history). The list is read again from the helper whenever one starts.
 */
export class AlertsView implements vscode.TreeDataProvider<Alert>, vscode.Disposable {
  readonly list = new AlertList();
  readonly view: vscode.TreeView<Alert>;
  private readonly changed = new vscode.EventEmitter<Alert | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly connection: AlertsConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.view = vscode.window.createTreeView(ViewId.alerts, { treeDataProvider: this, canSelectMany: true });
    this.subscriptions = [
      this.view,
      this.changed,
      connection.onDidFire((alerts) => {
        this.list.add(alerts);
        this.refresh();
      }),
      connection.onDidConfigure(() => void this.reload()),
    ];
    this.refresh();
  }

  getChildren(alert?: Alert): Alert[] {
    return alert ? [] : [...this.list.all];
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(alert: Alert): vscode.TreeItem {
    const view = alertView(alert, Date.now());
    const item = new vscode.TreeItem(view.label, vscode.TreeItemCollapsibleState.None);
    item.id = view.id;
    item.description = view.description;
    // A string tooltip is plain text: names and evidence from the network cannot inject markdown or links.
    item.tooltip = view.tooltip;
    item.contextValue = view.contextValue;
    const color = view.dimmed ? 'disabledForeground' : view.color;
    item.iconPath = new vscode.ThemeIcon(view.icon ?? 'bell', color ? new vscode.ThemeColor(color) : undefined);
    return item;
  }

  /** The alerts a command is for: the clicked one with the rest of the selection, else the selection. */
  targets(clicked?: Alert, selected?: readonly Alert[]): Alert[] {
    if (selected && selected.length > 0) return [...selected];
    if (clicked) return [clicked];
    return [...this.view.selection];
  }

  /** Acknowledges alerts (all of them when `alerts` is undefined). */
  async acknowledge(alerts?: readonly Alert[]): Promise<void> {
    const ids = alerts?.map((alert) => alert.id);
    this.list.acknowledge(ids, Date.now());
    this.refresh();
    await this.connection.acknowledge(ids);
  }

  /** Takes alerts out of the view (all when `alerts` is undefined); the history keeps them. */
  async clear(alerts?: readonly Alert[]): Promise<void> {
    const ids = alerts?.map((alert) => alert.id);
    this.list.clear(ids);
    this.refresh();
    await this.connection.clear(ids);
  }

  /** Shows the view, with `alert` selected when given. */
  async show(alert?: Alert): Promise<void> {
    if (alert && this.list.get(alert.id)) await this.view.reveal(alert, { select: true, focus: true });
    else await vscode.commands.executeCommand(`${ViewId.alerts}.focus`);
  }

  /** Reads the list from the helper again. */
  async reload(): Promise<void> {
    try {
      this.list.replace(await this.connection.list());
      this.refresh();
    } catch (error) {
      this.log.warn(`Alerts could not be listed: ${errorMessage(error)}`);
    }
  }

  /** A line beside the view's title about deliveries failing or waiting; undefined clears it. */
  setDeliveryStatus(text: string | undefined): void {
    this.view.description = text;
  }

  private refresh(): void {
    this.changed.fire(undefined);
    const count = this.list.unacknowledged;
    this.view.badge =
      count > 0 ? { value: count, tooltip: `${count} unacknowledged alert${count === 1 ? '' : 's'}` } : undefined;
    this.view.message =
      this.list.all.length === 0
        ? 'No alerts. LAN Lens raises them from live captures, scans and bandwidth (settings: LAN Lens › Alerts).'
        : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
