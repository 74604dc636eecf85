/**
 * The HTML page of a LAN Lens webview, with its Content Security Policy. The extension host serves
 * it to panels and custom editors, and the webview tests load the same page in plain Chromium, so
 * the policy they check is the one users get: no inline script or style without the nonce, nothing
 * remote, nothing but the extension's own files (`cspSource`).
 */

/** What one page needs; every URI must be a webview URI (`webview.asWebviewUri`) of the build output. */
export interface WebviewPage {
  /** `webview.cspSource` */
  cspSource: string;
  /** fresh per page load: at least 128 random bits, base64 or hex */
  nonce: string;
  /** the bundle, e.g. dist/webview/traffic.js */
  scriptUri: string;
  /** its stylesheet, e.g. dist/webview/traffic.css (esbuild writes it next to the bundle) */
  styleUri: string;
  /** the document title (not shown by VS Code, read by screen readers) */
  title: string;
  /** the page starts a web worker from a blob: URL (the topology's layout): `worker-src blob:` and nothing broader */
  blobWorker?: boolean;
}

/** The Content-Security-Policy of every LAN Lens webview; `blobWorker` allows workers from blob: URLs alone. */
export function webviewCsp(cspSource: string, nonce: string, blobWorker = false): string {
  return [
    "default-src 'none'",
    ...(blobWorker ? ['worker-src blob:'] : []),
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * The whole page: the view draws everything else from its script. The `csp-nonce` meta is where
 * the webview UI toolkit (FAST) looks for the nonce of the one <style> element it creates, a
 * feature probe; without it that probe is a CSP violation.
 */
export function webviewHtml(page: WebviewPage): string {
  const nonce = attribute(page.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(webviewCsp(page.cspSource, page.nonce, page.blobWorker))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<link rel="stylesheet" nonce="${nonce}" href="${attribute(page.styleUri)}">
<title>${text(page.title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${attribute(page.scriptUri)}"></script>
</body>
</html>
`;
}

function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;');
}
