import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewHtml } from '../../../shared/webviewHtml';

/** The dashboard bundle's name under dist/webview/ (esbuild builds src/webview/traffic/main.ts). */
const BUNDLE = 'traffic';

/**
 * Webview options of every dashboard: scripts on, and nothing loadable but the build output and
 * `media` (no workspace files, no remote resources).
 */
export function dashboardWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/**
 * A panel's page with a fresh nonce and the shared CSP (src/shared/webviewHtml.ts): the traffic
 * dashboard's bundle unless another is named; `blobWorker` for a page that starts a worker.
 */
export function dashboardHtml(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  title: string,
  { bundle = BUNDLE, blobWorker = false }: { bundle?: string; blobWorker?: boolean } = {},
): string {
  const asset = (file: string) =>
    webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  return webviewHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(18).toString('base64'),
    scriptUri: asset(`${bundle}.js`),
    styleUri: asset(`${bundle}.css`),
    title,
    blobWorker,
  });
}
