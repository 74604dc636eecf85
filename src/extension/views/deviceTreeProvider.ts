import * as vscode from 'vscode';
import type { DeviceStore, TreeChange } from './deviceStore';
import type { TreeNode } from './deviceTreeModel';
import type { ItemView } from './itemView';
import { deviceView, groupView } from './deviceTreeModel';
import { portView } from './portTreeModel';

/** Feeds the "Devices" view from the store; refreshes only the nodes a change names. */
export class DeviceTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: DeviceStore) {}

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.store.groups();
    if (node.kind === 'group') return this.store.devicesOf(node);
    return node.kind === 'device' ? (node.portNodes ?? []) : [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'device') return node.group;
    return node.kind === 'port' ? node.device : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') return toTreeItem(groupView(node));
    if (node.kind === 'device') return toTreeItem(deviceView(node));
    return toTreeItem(portView(node.device.key, node.device.device.ip, node.port));
  }

  /** Tells the view what a store update touched. */
  apply(change: TreeChange): void {
    if (change.root) this.changed.fire(undefined);
    else if (change.nodes.length > 0) this.changed.fire(change.nodes);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function toTreeItem(view: ItemView): vscode.TreeItem {
  const item = new vscode.TreeItem(
    view.label,
    view.expandable ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
  item.id = view.id;
  item.description = view.description;
  // A string tooltip is shown as plain text, so hostnames and vendors cannot inject markdown or links.
  item.tooltip = view.tooltip;
  item.contextValue = view.contextValue;
  if (view.icon) {
    item.iconPath = new vscode.ThemeIcon(
      view.icon,
      view.dimmed ? new vscode.ThemeColor('disabledForeground') : undefined,
    );
  }
  return item;
}
