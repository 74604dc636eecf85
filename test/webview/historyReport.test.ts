// Reports rendered in Chromium, opened from a file as a user opens one: the bars and tables carry
// the database's numbers, the hostile device name is text, nothing runs and nothing is fetched,
// and it reads in light and dark (test-results/webview/report/).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { HistoryDb } from '../../src/helper/history/historyDatabase';
import { reportHtml } from '../../src/helper/report/reportHtml';
import { queryReport } from '../../src/helper/report/reportQuery';
import { local, tempFolder } from '../unit/helper/history/historyFixtures';
import { HOSTILE_NAME, smallLan } from '../unit/helper/history/smallLan';
import { repoRoot, webviewSkipReason } from './webviewPage';

const NOW = local(2024, 5, 15, 18, 0);
const skip = webviewSkipReason('history');

describe('a history report in Chromium', { skip }, () => {
  let history: HistoryDb;
  let browser: Browser;
  const results = path.join(repoRoot, 'test-results', 'webview', 'report');

  before(async () => {
    mkdirSync(results, { recursive: true });
    history = smallLan(NOW);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    history?.db.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`shows the month with the database's numbers, nothing run or fetched (${colorScheme})`, async () => {
      const file = path.join(tempFolder(), 'lanlens-month-2024-05.html');
      writeFileSync(file, reportHtml(queryReport(history.db, 'month', NOW, NOW)));
      const context = await browser.newContext({ viewport: { width: 900, height: 1000 }, colorScheme });
      const page = await context.newPage();
      const requests: string[] = [];
      const events: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      page.on('dialog', (dialog) => (events.push(`dialog ${dialog.message()}`), void dialog.dismiss()));
      page.on('pageerror', (error) => events.push(`error ${error.message}`));
      page.on('console', (message) => events.push(`console ${message.text()}`));
      await page.goto(pathToFileURL(file).href);
      const seen = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: Document }).document;
        type Document = {
          querySelectorAll(s: string): Iterable<{ getAttribute(n: string): string | null; textContent: string | null }>;
          scripts: { length: number };
        };
        return {
          scripts: doc.scripts.length,
          bars: [...doc.querySelectorAll('svg.bandwidth rect.bar')].map((bar) => [
            Number(bar.getAttribute('data-start')),
            bar.getAttribute('class'),
            Number(bar.getAttribute('data-bytes')),
          ]),
          bandwidth: [...doc.querySelectorAll('table.bandwidth tbody tr')].map((row) => row.textContent),
          cells: [...doc.querySelectorAll('table.bandwidth td[data-value]')].map((cell) =>
            Number(cell.getAttribute('data-value')),
          ),
          labels: [...doc.querySelectorAll('svg.presence g.row text.label')].map((label) => label.textContent),
          alerts: [...doc.querySelectorAll('table.alerts tbody tr')].map((row) => row.textContent),
        };
      });
      assert.equal(seen.scripts, 0);
      assert.deepEqual(requests, [pathToFileURL(file).href], 'the file only: no resource fetched');
      assert.deepEqual(events, []);
      assert.equal(await page.locator('img').count(), 0);
      const months = new Map(
        history.db
          .prepare("SELECT start, sum(rx) AS rx, sum(tx) AS tx FROM bandwidth WHERE tier = 'month' GROUP BY start")
          .all()
          .map((row) => [Number(row.start), { rx: Number(row.rx), tx: Number(row.tx) }]),
      );
      assert.equal(seen.bars.length, 24, '12 months, received and sent');
      for (const [start, series, bytes] of seen.bars as [number, string, number][]) {
        const expected = months.get(start) ?? { rx: 0, tx: 0 };
        assert.equal(bytes, series.includes('series-rx') ? expected.rx : expected.tx, `${start} ${series}`);
      }
      const perInterface = history.db
        .prepare(
          "SELECT interface, rx, tx, peak_rx, peak_tx FROM bandwidth WHERE tier = 'month' AND start = ? ORDER BY interface",
        )
        .all(local(2024, 5, 1))
        .flatMap((row) => {
          const [rx, tx] = [Number(row.rx), Number(row.tx)];
          return [rx, tx, rx + tx, Number(row.peak_rx), Number(row.peak_tx)];
        });
      assert.deepEqual(seen.cells, perInterface);
      assert.deepEqual(seen.labels, ['printer', HOSTILE_NAME]);
      assert.equal(seen.alerts.length, 1);
      assert.ok(seen.alerts[0]?.includes(`New device ${HOSTILE_NAME} (10.213.0.12)`), seen.alerts[0] ?? '');
      const screenshot = path.join(results, `report-${colorScheme}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`# screenshot: ${screenshot}`);
      await context.close();
    });
  }
});
