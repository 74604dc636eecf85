// A webview bundle in plain Chromium, without VS Code: the same page and Content Security Policy
// the panels serve (src/shared/webviewHtml.ts), from a server on 127.0.0.1, with a stand-in for
// acquireVsCodeApi whose postMessage reaches a real transport endpoint here in Node. The page
// records every CSP violation, dialog and page error.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page, Worker } from 'playwright-core';
import { chromium } from 'playwright-core';
import { webviewHtml } from '../../src/shared/webviewHtml';
import { WebviewEndpoint } from '../../src/shared/webviewTransport';

export const repoRoot = path.resolve(__dirname, '..', '..');
const dist = path.join(repoRoot, 'dist', 'webview');

/** Why the page cannot run here, or undefined. */
export function webviewSkipReason(bundle: string): string | undefined {
  if (!existsSync('/usr/bin/chromium')) return '/usr/bin/chromium is missing (Debian package chromium)';
  if (!existsSync(path.join(dist, `${bundle}.js`))) return `dist/webview/${bundle}.js is missing (run node esbuild.js)`;
  return undefined;
}

// What VS Code provides inside a webview, reduced to the API: state lives in sessionStorage so a
// reload (as VS Code's panel restore) gets it back.
const fakeVsCodeApi = `
(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push([e.violatedDirective, e.blockedURI, e.sample, e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber, e.target && (e.target.nodeName || e.target.constructor.name)].join(' | '));
  });
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => window.__toHost(JSON.stringify(message)),
      getState: () => JSON.parse(sessionStorage.getItem('vscodeState') || 'null') ?? undefined,
      setState: (state) => { sessionStorage.setItem('vscodeState', JSON.stringify(state)); return state; },
    });
  };
})();
`;

// How VS Code delivers a message to a webview: the workbench has parsed it (elsewhere), its
// webview host frame receives it and posts it on to the content frame, both on the content's
// thread. Pages that may start workers get the same here: a worker stands in for the workbench
// (the JSON text reaches it, not the page's thread, and is parsed there), the relay's message task
// deserialises the message and posts it on (VS Code's host frame), and the view's own message task
// deserialises it again. Otherwise the page's thread would take in and parse each message's text
// itself, a cost the view never has in VS Code (at 5,000 hosts the state's is a 110 ms task).
const deliverAsVsCode = `
(() => {
  const parser = 'self.lanLensDeliver = (json) => postMessage(JSON.parse(json));';
  const worker = new Worker(URL.createObjectURL(new Blob([parser], { type: 'text/javascript' })));
  worker.onmessage = (e) => window.postMessage(e.data, '*');
})();
`;

/** The page's relay worker (deliverAsVsCode), the one that defines `lanLensDeliver`. */
async function relayOf(page: Page, known: WeakMap<Worker, boolean>): Promise<Worker> {
  for (;;) {
    for (const worker of page.workers()) {
      let relay = known.get(worker);
      if (relay === undefined) {
        relay = await worker
          .evaluate(() => typeof (globalThis as { lanLensDeliver?: unknown }).lanLensDeliver === 'function')
          .catch(() => false);
        known.set(worker, relay);
      }
      if (relay) return worker;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The extension host's side as seen by a webview. */
export interface WebviewHarness {
  browser: Browser;
  page: Page;
  /** the host's end of the transport: register handlers, send notifications */
  host: WebviewEndpoint;
  url: string;
  /** dialogs (alert, confirm…) the page opened; must stay empty */
  dialogs: string[];
  /** uncaught errors in the page */
  pageErrors: string[];
  /** CSP violations the page reported */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

/** Serves `dist/webview/<bundle>.js` in the panel's page and opens it in headless Chromium. */
export async function openWebview(
  bundle: string,
  {
    width = 1280,
    height = 900,
    colorScheme = 'light',
    blobWorker = false,
  }: {
    width?: number;
    height?: number;
    colorScheme?: 'light' | 'dark';
    /** the page starts its worker from a blob: URL (the topology view), as its panel's CSP allows */
    blobWorker?: boolean;
  } = {},
): Promise<WebviewHarness> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      const nonce = randomBytes(16).toString('base64');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(
        webviewHtml({
          cspSource: origin,
          nonce,
          scriptUri: `${origin}/dist/webview/${bundle}.js`,
          styleUri: `${origin}/dist/webview/${bundle}.css`,
          title: `LAN Lens ${bundle}`,
          blobWorker,
        }),
      );
      return;
    }
    const match = /^\/dist\/webview\/([\w.-]+\.(js|css|map|ttf))$/.exec(url.pathname);
    const file = match ? path.join(dist, match[1]) : '';
    if (!file || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const types: Record<string, string> = { css: 'text/css', js: 'text/javascript', ttf: 'font/ttf' };
    const type = types[match![2]] ?? 'application/json';
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  // Nothing may leave 127.0.0.1 (the CSP should already stop it; this makes sure).
  await context.route(
    (url) => !url.href.startsWith(origin),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const relays = new WeakMap<Worker, boolean>();
  let delivered = Promise.resolve();
  const host = new WebviewEndpoint(
    (message) => {
      // As JSON text: Playwright's own argument serialisation is slow for thousands of objects.
      const json = JSON.stringify(message);
      const send = blobWorker
        ? async () =>
            (await relayOf(page, relays)).evaluate(
              (text) => (globalThis as unknown as { lanLensDeliver(json: string): void }).lanLensDeliver(text),
              json,
            )
        : () =>
            page.evaluate(
              (text) =>
                (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(
                  JSON.parse(text),
                  '*',
                ),
              json,
            );
      // In order, as VS Code's channel keeps them.
      delivered = delivered.then(send).then(
        () => undefined,
        () => undefined,
      );
    },
    (error, method) => pageErrors.push(`host handler ${method}: ${String(error)}`),
  );
  await page.exposeFunction('__toHost', (json: string) => host.handle(JSON.parse(json)));
  await page.addInitScript(fakeVsCodeApi);
  if (blobWorker) await page.addInitScript(deliverAsVsCode);
  const url = `${origin}/`;
  return {
    browser,
    page,
    host,
    url,
    dialogs,
    pageErrors,
    cspViolations: () => page.evaluate(() => (globalThis as unknown as { __cspViolations: string[] }).__cspViolations),
    close: async () => {
      host.dispose();
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A VS Code colour theme as a webview sees it: a body class and CSS variables on <html>. */
export interface WebviewTheme {
  name: string;
  bodyClass: string;
  kind: 'light' | 'dark';
  variables: Record<string, string>;
}

const font = {
  '--vscode-font-family': '-apple-system, "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  '--vscode-editor-font-size': '12px',
};

/** Light+, Dark+ and Dark High Contrast, with the variables the dashboard and the toolkit read. */
export const themes: WebviewTheme[] = [
  {
    name: 'light',
    bodyClass: 'vscode-light',
    kind: 'light',
    variables: {
      ...font,
      '--vscode-foreground': '#616161',
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#000000',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-focusBorder': '#0090f1',
      '--vscode-list-hoverBackground': '#e8e8e8',
      '--vscode-list-activeSelectionBackground': '#0060c0',
      '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-purple': '#652d90',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
      '--vscode-errorForeground': '#a1260d',
      '--vscode-button-background': '#007acc',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0062a3',
      '--vscode-button-secondaryBackground': '#5f6a79',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-dropdown-foreground': '#616161',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#616161',
      '--vscode-input-placeholderForeground': '#767676',
      '--vscode-settings-textInputBorder': '#cecece',
      '--vscode-checkbox-background': '#ffffff',
      '--vscode-checkbox-border': '#919191',
      '--vscode-badge-background': '#c4c4c4',
      '--vscode-badge-foreground': '#333333',
      '--vscode-panelTitle-activeForeground': '#424242',
      '--vscode-panelTitle-inactiveForeground': 'rgba(66, 66, 66, 0.75)',
      '--vscode-panelTitle-activeBorder': '#424242',
      '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
      '--vscode-progressBar-background': '#0e70c0',
    },
  },
  {
    name: 'dark',
    bodyClass: 'vscode-dark',
    kind: 'dark',
    variables: {
      ...font,
      '--vscode-foreground': '#cccccc',
      '--vscode-editor-background': '#1e1e1e',
      '--vscode-editor-foreground': '#d4d4d4',
      '--vscode-descriptionForeground': 'rgba(204, 204, 204, 0.7)',
      '--vscode-panel-border': 'rgba(128, 128, 128, 0.35)',
      '--vscode-focusBorder': '#007fd4',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-list-activeSelectionBackground': '#04395e',
      '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
      '--vscode-errorForeground': '#f48771',
      '--vscode-button-background': '#0e639c',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#1177bb',
      '--vscode-button-secondaryBackground': '#3a3d41',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-dropdown-background': '#3c3c3c',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-dropdown-foreground': '#f0f0f0',
      '--vscode-input-background': '#3c3c3c',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-placeholderForeground': '#a6a6a6',
      '--vscode-settings-textInputBorder': '#3c3c3c',
      '--vscode-checkbox-background': '#3c3c3c',
      '--vscode-checkbox-border': '#6b6b6b',
      '--vscode-badge-background': '#4d4d4d',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-panelTitle-activeForeground': '#e7e7e7',
      '--vscode-panelTitle-inactiveForeground': 'rgba(231, 231, 231, 0.6)',
      '--vscode-panelTitle-activeBorder': '#e7e7e7',
      '--vscode-editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)',
      '--vscode-progressBar-background': '#0e70c0',
    },
  },
  {
    name: 'high-contrast',
    bodyClass: 'vscode-high-contrast',
    kind: 'dark',
    variables: {
      ...font,
      '--vscode-foreground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-focusBorder': '#f38518',
      '--vscode-list-activeSelectionBackground': '#000000',
      '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)',
      '--vscode-errorForeground': '#f48771',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-checkbox-background': '#000000',
      '--vscode-checkbox-border': '#6fc3df',
      '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-panelTitle-activeForeground': '#ffffff',
      '--vscode-panelTitle-inactiveForeground': '#ffffff',
      '--vscode-panelTitle-activeBorder': '#6fc3df',
      '--vscode-editor-findMatchHighlightBackground': 'rgba(0, 0, 0, 0)',
      '--vscode-progressBar-background': '#6fc3df',
    },
  },
];

/** Applies a theme the way VS Code does: variables on <html>, then the body class (the toolkit watches it). */
export async function applyTheme(page: Page, theme: WebviewTheme): Promise<void> {
  await page.evaluate((t) => {
    const doc = (
      globalThis as unknown as {
        document: {
          documentElement: {
            style: {
              setProperty(n: string, v: string): void;
              removeProperty(n: string): void;
              length: number;
              item(i: number): string;
            };
          };
          body: { className: string; setAttribute(n: string, v: string): void };
        };
      }
    ).document;
    const style = doc.documentElement.style;
    const names: string[] = [];
    for (let i = 0; i < style.length; i++) names.push(style.item(i));
    for (const name of names) if (name.startsWith('--vscode-')) style.removeProperty(name);
    for (const [name, value] of Object.entries(t.variables)) style.setProperty(name, value);
    doc.body.className = t.bodyClass;
    doc.body.setAttribute('data-vscode-theme-kind', t.bodyClass);
  }, theme);
}
