// The traffic dashboard's controls in headless Chromium (the panel's own page and CSP, a scripted
// host; see dashboardHarness.ts): stopping and starting a capture with a BPF filter, export, the
// three theme kinds, restore after reload, and a capture file paged from the host; no CSP
// violation. Screenshots of every tab in light, dark and high contrast go to
// test-results/webview/controls/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DevicesNotification, ResetNotification } from '../../src/shared/webviewProtocol';
import { hostile } from '../fixtures/syntheticTraffic';
import { waitFor } from '../workbench/waitFor';
import type { Dashboard } from './dashboardHarness';
import { assertCleanRun, fileDashboardState, filePackets, fileSnapshot, openDashboard, skip } from './dashboardHarness';
import { applyTheme, themes } from './webviewPage';

describe('traffic dashboard in Chromium: controls, themes, reload and files', { skip, timeout: 240_000 }, () => {
  let dashboard: Dashboard;
  before(async () => {
    dashboard = await openDashboard('controls');
  });
  after(async () => {
    await dashboard?.close();
  });

  test('capture controls: stop, then start with an interface and a BPF filter; export', async () => {
    const { page, calls, fill } = dashboard;
    await page.locator('vscode-button', { hasText: 'Stop' }).click();
    await waitFor(() => calls.stop === 1, { timeoutMs: 5000, what: 'capture/stop' });
    await waitFor(
      async () => (await page.locator('vscode-button', { hasText: 'Start' }).getAttribute('disabled')) === null,
      {
        timeoutMs: 5000,
        what: 'Start enabled once stopped',
      },
    );
    await fill('vscode-text-field.bpf-filter', 'tcp port 443');
    await page.locator('vscode-button', { hasText: 'Start' }).click();
    await waitFor(() => calls.start.length === 1, { timeoutMs: 5000, what: 'capture/start' });
    assert.deepEqual(calls.start, [{ interface: 'llb-webview', filter: 'tcp port 443' }]);
    await page.locator('vscode-button', { hasText: 'JSON' }).click();
    await waitFor(() => calls.export.length === 1, { timeoutMs: 5000, what: 'export/run' });
    assert.deepEqual(calls.export, [{ table: 'flows', format: 'json' }]);
    await waitFor(
      async () => (await page.locator('.notice').textContent()) === 'Saved 1,000 flows to /tmp/lanlens-export.json',
      {
        timeoutMs: 5000,
        what: 'the saved notice',
      },
    );
  });

  test('light, dark and high contrast: colours follow the theme; screenshots of every tab', async () => {
    const { page, shot, sendTick, showTab } = dashboard;
    for (const theme of themes) {
      await applyTheme(page, theme);
      for (const tab of ['overview', 'flows', 'packets'] as const) {
        await showTab(tab);
        await sendTick(0.1, 200);
        await shot(`${theme.name}-${tab}`);
      }
      await showTab('overview');
      const colours = await page.evaluate(() => {
        const g = globalThis as unknown as {
          document: { body: unknown; querySelector(s: string): unknown };
          getComputedStyle(e: unknown): { backgroundColor: string; stroke: string; color: string };
        };
        return {
          background: g.getComputedStyle(g.document.body).backgroundColor,
          download: g.getComputedStyle(g.document.querySelector('.focus .line.series-rx')).stroke,
          text: g.getComputedStyle(g.document.body).color,
        };
      });
      const rgb = (hex: string) => {
        const n = parseInt(hex.slice(1), 16);
        return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
      };
      assert.equal(colours.background, rgb(theme.variables['--vscode-editor-background']), theme.name);
      assert.equal(colours.download, rgb(theme.variables['--vscode-charts-blue']), theme.name);
      assert.equal(colours.text, rgb(theme.variables['--vscode-foreground']), theme.name);
    }
    await applyTheme(page, themes[0]);
  });

  test('a reload restores the tab, the filters and the capture', async () => {
    const { page, calls, showTab, fill, visibleTexts } = dashboard;
    await showTab('packets');
    await fill('vscode-text-field.packet-filter', 'dns');
    await page.waitForTimeout(400); // setState is written at most every 250 ms
    await page.reload();
    await applyTheme(page, themes[0]);
    await waitFor(() => calls.ready.length === 2, { timeoutMs: 10_000, what: 'the second handshake' });
    assert.equal(calls.ready[1], 'cap-1');
    await waitFor(async () => (await page.locator('#tab-packets').getAttribute('aria-selected')) === 'true', {
      timeoutMs: 10_000,
      what: 'the packets tab restored',
    });
    assert.equal(await page.locator('vscode-text-field.packet-filter input').inputValue(), 'dns');
    await waitFor(async () => (await page.locator('.packets-view .vt-row').count()) > 0, {
      timeoutMs: 10_000,
      what: 'rows',
    });
    assert.ok((await visibleTexts('.packets-view .vt-row td:nth-child(5)')).every((p) => /DNS/.test(p)));
    await fill('vscode-text-field.packet-filter', '');
  });

  test('a capture file: statistics, and the packet list paged from the host', async () => {
    const { harness, page, calls, shot, showTab, fill, visibleTexts } = dashboard;
    const fileState = fileDashboardState(
      {
        ...fileSnapshot,
        source: {
          kind: 'file',
          path: '/captures/<img src=x onerror=alert(6)>.pcapng',
          format: 'pcapng',
          linkTypes: [1],
        },
        running: false,
        tick: undefined,
      },
      filePackets.length,
    );
    harness.host.sendNotification(ResetNotification.type, fileState);
    await showTab('overview');
    await waitFor(() => page.locator('.file-heading').isVisible(), {
      timeoutMs: 5000,
      what: 'the file heading',
    });
    assert.equal(await page.locator('.file-heading').textContent(), '/captures/<img src=x onerror=alert(6)>.pcapng');
    assert.equal(await page.locator('.capture-controls').isVisible(), false);
    await shot('file-overview-light');
    await showTab('packets');
    await waitFor(async () => (await page.locator('.packets-view .row-count').textContent()) === '25,000 packets', {
      timeoutMs: 5000,
      what: 'the file’s packet count',
    });
    const middle = 12_345;
    await page.locator('.packets-view .vt').evaluate((el, top) => {
      (el as { scrollTop: number }).scrollTop = top;
    }, middle * 22);
    await waitFor(
      async () => (await visibleTexts('.packets-view .vt-row td:first-child')).includes(String(middle + 1)),
      {
        timeoutMs: 5000,
        what: 'rows from the middle of the file',
      },
    );
    assert.ok(calls.pages.some((p) => p.from === 12_001 && p.count === 500 && p.filter === ''));
    assert.ok((await page.locator('.packets-view .vt-row').count()) < 80);
    await fill('vscode-text-field.packet-filter', 'onerror=alert(3)');
    await waitFor(
      async () =>
        /^\d+ of 25,000 packets match$/.test((await page.locator('.packets-view .row-count').textContent()) ?? ''),
      {
        timeoutMs: 5000,
        what: 'the filtered file list',
      },
    );
    assert.ok(calls.pages.some((p) => p.filter === 'onerror=alert(3)' && p.from === 1));
    assert.ok((await visibleTexts('.packets-view .vt-row td:last-child')).every((t) => t === hostile.httpPath));
    await shot('file-packets-light');
    await fill('vscode-text-field.packet-filter', '');
    harness.host.sendNotification(DevicesNotification.type, { devices: [] });
  });

  test('no Content Security Policy violation, dialog or page error in the whole run', async () => {
    await assertCleanRun(dashboard);
  });
});
