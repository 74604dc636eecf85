import * as vscode from 'vscode';
import type { DebugSessionTraffic } from './debugSessionTraffic';
import type { DebugTreeNode } from './debugTreeModel';
import { debugTree } from './debugTreeModel';

/** What the view shows before any debug session. */
const IDLE: DebugTreeNode = {
  id: 'idle',
  label: 'Start debugging (F5)',
  description: 'the program’s processes, connections, bytes and errors show here',
  tooltip:
    'For any language, without capture privilege: the debug adapter names the program’s processes, and the kernel’s socket table gives their connections.',
  icon: 'debug-alt',
};

/** Redraws at most this often: ticks come once a second, changes in bursts. */
const REFRESH_MS = 1000;

/**
 * The "Network (LAN Lens)" view in Run and Debug: the current debug session's attribution mode,
 * its process tree with rates and connections, and its errors (debugTreeModel.ts).
 */
export class DebugNetworkView implements vscode.TreeDataProvider<DebugTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private roots: DebugTreeNode[] = [IDLE];

  constructor(private readonly current: () => DebugSessionTraffic | undefined) {}

  /** Something changed: redraw soon. */
  refresh(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const session = this.current();
      this.roots = session ? debugTree(session.view(), session.watch.state) : [IDLE];
      this.changed.fire();
    }, REFRESH_MS / 4);
  }

  getTreeItem(node: DebugTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.children?.length
        ? node.id.startsWith('process:')
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    const color =
      node.tone === 'error'
        ? new vscode.ThemeColor('errorForeground')
        : node.tone === 'muted'
          ? new vscode.ThemeColor('descriptionForeground')
          : undefined;
    item.iconPath = new vscode.ThemeIcon(node.icon, color);
    return item;
  }

  getChildren(node?: DebugTreeNode): DebugTreeNode[] {
    return node ? (node.children ?? []) : this.roots;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
