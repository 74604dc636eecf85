import * as vscode from 'vscode';
import { dashboardWebviewOptions } from './dashboard/dashboardPage';

/** What a panel's page is connected to: released with the panel, told when its webview is torn down. */
export interface PanelContents extends vscode.Disposable {
  /** the hidden webview was torn down: it says ready again when shown */
  viewReloaded(): void;
}

/**
 * A webview panel of which there is at most one: revealed when asked again, restored after a window
 * reload by the serializer (a second restored one is closed, as it would show the same data twice).
 * Its webview is not kept alive while hidden (retainContextWhenHidden off): a view that comes back
 * says ready and is answered with its whole state.
 */
export class SinglePanel<T extends PanelContents> implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private open: { panel: vscode.WebviewPanel; contents: T } | undefined;

  /** `attach` connects a new or restored panel's webview and sets its page. */
  constructor(
    private readonly viewType: string,
    private readonly title: string,
    private readonly extensionUri: vscode.Uri,
    private readonly attach: (panel: vscode.WebviewPanel) => T,
  ) {}

  /** The open panel, if any. */
  get panel(): vscode.WebviewPanel | undefined {
    return this.open?.panel;
  }

  /** What the open panel is connected to, if any. */
  get contents(): T | undefined {
    return this.open?.contents;
  }

  /** Opens the panel, or reveals the one already open (in the active column unless told where). */
  show(
    where: { viewColumn: vscode.ViewColumn; preserveFocus?: boolean } = { viewColumn: vscode.ViewColumn.Active },
  ): void {
    if (this.open) {
      this.open.panel.reveal(undefined, where.preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(this.viewType, this.title, where, {
      ...dashboardWebviewOptions(this.extensionUri),
      retainContextWhenHidden: false,
    });
    this.connect(panel);
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel): Thenable<void> {
    if (this.open) panel.dispose();
    else this.connect(panel);
    return Promise.resolve();
  }

  private connect(panel: vscode.WebviewPanel): void {
    panel.webview.options = dashboardWebviewOptions(this.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'lanlens.svg');
    const open = { panel, contents: this.attach(panel) };
    this.open = open;
    const viewState = panel.onDidChangeViewState(() => {
      // A hidden webview is torn down; what it is sent meanwhile is lost until it says ready again.
      if (!panel.visible) open.contents.viewReloaded();
    });
    panel.onDidDispose(() => {
      viewState.dispose();
      open.contents.dispose();
      if (this.open === open) this.open = undefined;
    });
  }

  dispose(): void {
    this.open?.panel.dispose();
  }
}
