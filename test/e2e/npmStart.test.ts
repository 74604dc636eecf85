// `npm start` as root, as a new user runs it: the demo office is built, and VS Code is served as
// an unprivileged account, never root, behind the password it prints (nothing opens without it).
// Logged in, Scan LAN, Scan Ports on every device and a capture on the lab bridge show the
// office: names, vendors, services and background traffic. The README's pictures come from here
// (light and dark, in test-results/e2e-start/). Ctrl+C removes the lab and the capture grant it
// made. Runs what `npm start` runs after its setup: test/workbench/serveWorkbench.ts.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Background } from '../lab/background';
import { startBackground } from '../lab/background';
import { runSync } from '../lab/exec';
import { labSkipReason } from '../lab/lab';
import { Screenshots } from '../workbench/screenshots';
import { packageLanLens } from '../workbench/artifacts';
import type { WorkbenchPage } from '../workbench/browser';
import { repoRoot, workbenchSkipReason } from '../workbench/codeServer';
import { dashboardFrame, frameText, hierarchyRows } from '../workbench/dashboardFrame';
import { DEMO_ACCOUNT, userImageSkipReason } from '../workbench/demoUser';
import { waitFor } from '../workbench/waitFor';
import { openCommand, runCommand, setColorTheme, treeRows, widenSideBar } from '../workbench/workbenchUi';

const skip = workbenchSkipReason() ?? labSkipReason() ?? userImageSkipReason();
const results = path.join(repoRoot, 'test-results', 'e2e-start');
const themes = { light: 'Light Modern', dark: 'Dark Modern' } as const;

/** The uid a process runs as, from /proc. */
function uidOf(pid: number): number {
  return Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

/** The process listening on 127.0.0.1:port, from `ss`. */
function listener(port: number): number {
  const line = runSync('ss', ['-ltnpH', `sport = :${port}`]).stdout;
  return Number(/pid=(\d+)/.exec(line)?.[1]);
}

describe('npm start as root, as a new user runs it', { skip, timeout: 600_000 }, () => {
  let start: Background;
  let url: URL;
  let password = '';
  let browser: WorkbenchPage | undefined;
  let page: Page;
  const shots = new Screenshots(results, false);
  const shoot = (name: string) => shots.take(page, name);

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    await packageLanLens();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0' };
    delete env.SUDO_USER; // root itself: the script makes its own account
    start = startBackground(process.execPath, ['--import', 'tsx', 'test/workbench/serveWorkbench.ts'], env);
    await start.waitFor(/Password: (\S+)/, 240_000);
    url = new URL(/LAN Lens in VS Code: (\S+)/.exec(start.stdout)![1]);
    password = /Password: (\S+)/.exec(start.stdout)![1]!;
    console.log(start.stdout.trim().replace(/^/gm, '# '));
  });

  after(async () => {
    await browser?.browser.close();
    await start?.stop('SIGINT', 20_000);
  });

  test('VS Code runs as an unprivileged account, not root', () => {
    const pid = listener(Number(url.port));
    assert.ok(pid > 0, `a process listens on ${url.port}`);
    const uid = uidOf(pid);
    assert.notEqual(uid, 0, 'code-server is not root');
    assert.equal(runSync('id', ['-un', String(uid)]).stdout.trim(), DEMO_ACCOUNT);
    assert.match(start.stdout, new RegExp(`VS Code runs as ${DEMO_ACCOUNT}, not root`));
  });

  test('nothing opens without the printed password, and it opens with it', async () => {
    const anonymous = await fetch(url, { redirect: 'manual' });
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get('location') ?? '', /login/);
    const login = new URL('login', url);
    const wrong = await fetch(login, {
      method: 'POST',
      body: new URLSearchParams({ password: 'guess' }),
      redirect: 'manual',
    });
    assert.notEqual(wrong.status, 302, 'a wrong password is refused');
    const { chromium } = await import('playwright-core');
    const launched = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const context = await launched.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    browser = { browser: launched, page };
    // Without logging in, the workbench's address is code-server's login page, not the workbench.
    await page.goto(url.href);
    const passwordInput = page.locator('input[type="password"]');
    await passwordInput.waitFor({ timeout: 30_000 });
    assert.match(new URL(page.url()).pathname, /\/login$/, `no workbench without logging in: at ${page.url()}`);
    assert.equal(await page.locator('.monaco-workbench').count(), 0, 'no workbench without logging in');
    await passwordInput.fill(password);
    await page.keyboard.press('Enter');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  test('the office in the Devices tree: names, vendors, services', async () => {
    await page.getByRole('tab', { name: /^LAN Lens/ }).click();
    await runCommand(page, 'LAN Lens: Scan LAN');
    // Names come as their reverse lookups answer, each in its own time.
    const named = ['gw.office.lan', 'nas.office.lan', 'printer.office.lan', 'iphone-carla.office.lan'];
    let rows = new Map<string, string>();
    await waitFor(async () => ((rows = await treeRows(page)), named.every((name) => rows.has(name))), {
      timeoutMs: 60_000,
      what: 'the router, the NAS, the printer and a phone by name',
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}; the tree: ${[...(await treeRows(page)).keys()].join(', ')}`);
    });
    assert.match(rows.get('nas.office.lan') ?? '', /Synology/);
    assert.match(rows.get('printer.office.lan') ?? '', /Brother/);
    assert.match(rows.get('iphone-carla.office.lan') ?? '', /Apple/);
    await openCommand(page, 'LAN Lens: Scan Ports…', /Which devices/);
    await page.locator('.quick-input-widget input').fill('All devices');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'All devices' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget input[placeholder="Which ports?"]').waitFor();
    await page.locator('.quick-input-widget input').fill('Top 100');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Top 100' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: 'Service detection' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.part.statusbar', { hasText: /open ports? on/ }).waitFor({ timeout: 180_000 });
    // Devices listed before the scan keep their closed twisties: open them, as a user would.
    const closed = page.locator('.part.sidebar .monaco-list-row[aria-level="2"][aria-expanded="false"]');
    for (let open = 0; open < 20 && (await closed.count()) > 0; open++) {
      await closed.first().locator('.monaco-tl-twistie').click();
    }
    // The NAS sorts near the top: its Samba shows.
    await waitFor(async () => /netbios-ssn/.test((await treeRows(page)).get('445/tcp') ?? ''), {
      timeoutMs: 10_000,
      what: 'the NAS’s SMB identified',
    });
    await widenSideBar(page, 160);
    await page.mouse.move(900, 700); // off the sash, which lights up under the pointer
    for (const theme of ['light', 'dark'] as const) {
      await setColorTheme(page, themes[theme]);
      await shoot(`devices-${theme}`);
    }
  });

  test('the dashboard shows the office’s background traffic', async () => {
    await runCommand(page, 'LAN Lens: Show Traffic');
    const frame = await dashboardFrame(page, '.capture-controls', 'the live dashboard');
    // The dashboard's own Start, as the README tells a user: it offers the lab bridge
    // (lanLens.traffic.interface), never the machine's own network.
    const iface = frame.locator('vscode-dropdown[aria-label="Capture interface"]');
    const offered = () => iface.evaluate((element: { value: string }) => element.value);
    await waitFor(async () => (await offered()) === 'llb-demo', {
      timeoutMs: 10_000,
      what: 'the dashboard to offer the lab bridge',
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}: it offers "${await offered()}"`);
    });
    const startButton = frame.locator('.capture-controls vscode-button', { hasText: /^\s*Start\s*$/ });
    await waitFor(async () => (await startButton.getAttribute('disabled')) === null, {
      timeoutMs: 10_000,
      what: 'the dashboard’s Start to be enabled',
    });
    await startButton.click();
    await waitFor(async () => (await frameText(frame, '.summary')).startsWith('Capturing on llb-demo'), {
      timeoutMs: 30_000,
      what: 'the capture on the lab bridge',
    }).catch(async (error: Error) => {
      await shoot('failed-capture');
      const notice = await frameText(frame, '.notice');
      throw new Error(`${error.message}; the dashboard says "${await frameText(frame, '.summary')}" ${notice}`);
    });
    // The office's clients each talk every 3 to 8 s: DNS, HTTP, TLS and mDNS come within seconds.
    const protocols = ['dns', 'http', 'tls', 'mdns'];
    let hierarchy: string[] = [];
    const missing = () => protocols.filter((protocol) => !hierarchy.some((row) => row.includes(`:${protocol} `)));
    await waitFor(async () => ((hierarchy = await hierarchyRows(frame)), missing().length === 0), {
      timeoutMs: 90_000,
      what: () => `${missing().join(', ')} in the hierarchy: ${hierarchy.join(' | ')}`,
    });
    // The last minute: the office's background traffic, not the port scan's burst before it.
    await frame.locator('vscode-dropdown[aria-label="Time span shown"]').click();
    await frame.locator('vscode-option', { hasText: 'Last minute' }).click();
    for (const theme of ['light', 'dark'] as const) {
      await setColorTheme(page, themes[theme]);
      await shoot(`dashboard-${theme}`);
    }
  });

  test('Ctrl+C removes the lab and the capture grant it made', async () => {
    const granted = /until Ctrl\+C/.test(start.stdout);
    await browser?.browser.close();
    browser = undefined;
    await start.stop('SIGINT', 30_000);
    assert.doesNotMatch(runSync('ip', ['netns', 'list']).stdout, /lln-demo-/);
    assert.doesNotMatch(runSync('ip', ['-o', 'link', 'show']).stdout, /llb-demo/);
    if (granted) {
      const acl = runSync('getfacl', ['-n', '/usr/local/libexec/lanlens/lanlens-capd']).stdout;
      const uid = runSync('id', ['-u', DEMO_ACCOUNT]).stdout.trim();
      assert.doesNotMatch(acl, new RegExp(`user:${uid}:`), 'the grant made for the demo is revoked');
    }
  });
});
