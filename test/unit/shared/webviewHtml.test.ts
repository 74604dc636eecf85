// The webview page and its policy: nonce on the script, nothing remote, attributes escaped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webviewCsp, webviewHtml } from '../../../src/shared/webviewHtml';

const page = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/traffic.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/traffic.css',
  title: 'Traffic <eth0>',
};

test('the policy allows only the nonce and the extension’s own files', () => {
  const csp = webviewCsp(page.cspSource, page.nonce);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|http:/);
});

test('the page carries the policy, the nonce on its script and stylesheet, and escapes what it is given', () => {
  const html = webviewHtml({ ...page, scriptUri: 'x" onload="alert(1)' });
  assert.ok(html.includes(`content="${webviewCsp(page.cspSource, page.nonce).replace(/'/g, "'")}"`));
  assert.match(html, /<script nonce="abc123" src="x&quot; onload=&quot;alert\(1\)"><\/script>/);
  assert.match(html, /<link rel="stylesheet" nonce="abc123" href="[^"]+traffic\.css">/);
  assert.match(html, /<title>Traffic &lt;eth0&gt;<\/title>/);
});
