import * as vscode from 'vscode';
import type { DeviceStore, TreeChange } from './deviceStore';
import type { ItemView, TreeNode } from './deviceTreeModel';
import { deviceView, groupView } from './deviceTreeModel';

/** Feeds the "Devices" view from the store; refreshes only the nodes a change names. */
export class DeviceTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: DeviceStore) {}

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.store.groups();
    return node.kind === 'group' ? this.store.devicesOf(node) : [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'device' ? node.group : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node.kind === 'group' ? groupView(node) : deviceView(node));
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
