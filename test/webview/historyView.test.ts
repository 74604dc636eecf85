// The history view in Chromium on a real history database: the bars, the top lists and the
// presence rows must carry the database's own numbers; the hostile device name is text only; no
// CSP violation; the period shown survives a reload; photographed in light and dark
// (test-results/webview/history/).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { queryView } from '../../src/helper/history/queries/viewQuery';
import type { HistoryDb } from '../../src/helper/history/historyDatabase';
import type { HistoryViewState } from '../../src/shared/historyViewProtocol';
import { HistoryViewLoadRequest, HistoryViewReadyRequest } from '../../src/shared/historyViewProtocol';
import type { HistoryUnit } from '../../src/shared/model/history';
import type { HistoryTestHook } from '../../src/webview/history/historyHook';
import { HOSTILE_NAME, smallLan } from '../unit/helper/history/smallLan';
import { local } from '../unit/helper/history/historyFixtures';
import { waitFor } from '../workbench/waitFor';
import type { WebviewHarness } from './webviewPage';
import { applyTheme, openWebview, repoRoot, themes, webviewSkipReason } from './webviewPage';

const NOW = local(2024, 5, 15, 18, 0);
const skip = webviewSkipReason('history');

interface HookWindow {
  lanLensHistory?: HistoryTestHook;
}

/** What the view drew, read from its SVG: bytes per bar and per top-list entry, and the presence labels. */
function drawn(page: Page) {
  // No helper functions inside: the page does not have the bundler's helpers they would need.
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<Element> } }).document;
    type Element = { getAttribute(n: string): string | null; textContent: string | null };
    return {
      bars: [...doc.querySelectorAll('svg.bandwidth rect.bar')].map(
        (bar) =>
          [
            Number(bar.getAttribute('data-start')),
            bar.getAttribute('class'),
            Number(bar.getAttribute('data-bytes')),
          ] as const,
      ),
      hosts: [...doc.querySelectorAll('svg.series-rx g.entry')].map(
        (entry) => [entry.getAttribute('data-key'), Number(entry.getAttribute('data-bytes'))] as const,
      ),
      presence: [...doc.querySelectorAll('svg.presence g.row text.label')].map((label) => label.textContent),
      changes: [...doc.querySelectorAll('ul.changes li')].map((item) => item.textContent),
      period: [...doc.querySelectorAll('h2.period')].map((heading) => heading.textContent)[0],
    };
  });
}

describe('the history view in Chromium', { skip }, () => {
  let history: HistoryDb;
  let harness: WebviewHarness;
  const results = path.join(repoRoot, 'test-results', 'webview', 'history');

  before(async () => {
    mkdirSync(results, { recursive: true });
    history = smallLan(NOW);
    harness = await openWebview('history', { width: 1200, height: 1100 });
    const answer = ({ unit, at }: { unit: HistoryUnit; at?: number }): HistoryViewState => ({
      status: { state: 'open', path: history.path, schemaVersion: history.schemaVersion, sizeBytes: 4096 },
      view: queryView(history.db, unit, at ?? NOW, NOW),
    });
    harness.host.onRequest(HistoryViewReadyRequest.type, answer);
    harness.host.onRequest(HistoryViewLoadRequest.type, answer);
    await harness.page.goto(harness.url);
  });

  after(async () => {
    await harness?.close();
    history?.db.close();
  });

  const state = () => harness.page.evaluate(() => (globalThis as unknown as HookWindow).lanLensHistory?.state());

  it('draws the day with the numbers the database holds', async () => {
    await waitFor(async () => (await state())?.view !== undefined, { timeoutMs: 10_000, what: 'the view to draw' });
    const view = queryView(history.db, 'day', NOW, NOW);
    const seen = await drawn(harness.page);
    // Each bar is its period's bytes summed over the interfaces, straight from SQL.
    const sums = new Map(
      history.db
        .prepare("SELECT start, sum(rx) AS rx, sum(tx) AS tx FROM bandwidth WHERE tier = 'day' GROUP BY start")
        .all()
        .map((row) => [Number(row.start), { rx: Number(row.rx), tx: Number(row.tx) }]),
    );
    assert.equal(seen.bars.length, view.periods.length * 2);
    for (const [start, series, bytes] of seen.bars) {
      const expected = sums.get(start) ?? { rx: 0, tx: 0 };
      assert.equal(bytes, series?.includes('series-rx') ? expected.rx : expected.tx, `${start} ${series}`);
    }
    assert.ok(
      seen.bars.some(([, , bytes]) => bytes === 1_010_000),
      'today: 1 MB on eth0 and 10 kB on wlan0',
    );
    const hostBytes = history.db
      .prepare(
        "SELECT addr, sum(bytes_in + bytes_out) AS bytes FROM host_traffic WHERE tier = 'hour' AND start >= ? GROUP BY addr ORDER BY bytes DESC",
      )
      .all(view.selected)
      .map((row) => [String(row.addr), Number(row.bytes)] as const);
    assert.deepEqual(seen.hosts, hostBytes);
    assert.deepEqual(seen.presence, ['printer']);
    assert.ok(
      seen.changes.some((line) => line?.includes('Port 9100/tcp opened on printer (10.213.0.11)')),
      seen.changes.join('\n'),
    );
    assert.equal(seen.period, '2024-05-15');
  });

  it('shows a hostile name as text, with no dialog and no CSP violation', async () => {
    await harness.page.locator('vscode-button', { hasText: 'Month' }).click({ timeout: 10_000 });
    await waitFor(async () => (await state())?.view?.unit === 'month', { timeoutMs: 10_000, what: 'the month' });
    await waitFor(async () => (await drawn(harness.page)).presence.includes(HOSTILE_NAME), {
      timeoutMs: 10_000,
      what: 'the phone in the timeline',
    });
    assert.deepEqual(harness.dialogs, []);
    assert.deepEqual(harness.pageErrors, []);
    assert.deepEqual(await harness.cspViolations(), []);
    assert.equal(await harness.page.locator('img').count(), 0);
  });

  it('is photographed in light and dark', async () => {
    for (const theme of themes.filter((entry) => entry.name === 'light' || entry.name === 'dark')) {
      await applyTheme(harness.page, theme);
      const file = path.join(results, `history-${theme.name}.png`);
      await harness.page.screenshot({ path: file, fullPage: true });
      console.log(`# screenshot: ${file}`);
    }
  });

  it('comes back to the period it showed after a reload', async () => {
    await harness.page.reload();
    await waitFor(async () => (await state())?.view !== undefined, {
      timeoutMs: 10_000,
      what: 'the view after the reload',
    });
    assert.equal((await state())?.view?.unit, 'month');
    assert.equal((await drawn(harness.page)).period, '2024-05');
  });

  it('keeps a period chosen just before a reload (the state is written as the page goes)', async () => {
    await harness.page.locator('vscode-button', { hasText: 'Week' }).click({ timeout: 10_000 });
    await waitFor(async () => (await state())?.view?.unit === 'week', { timeoutMs: 10_000, what: 'the week' });
    await harness.page.reload();
    await waitFor(async () => (await state())?.view !== undefined, {
      timeoutMs: 10_000,
      what: 'the view after the reload',
    });
    assert.equal((await state())?.view?.unit, 'week');
  });
});
