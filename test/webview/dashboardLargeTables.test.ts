// Tables larger than the dashboard lists: a capture file, as the pcap editor shows it (the helper
// sends the largest rows, FILE_VIEW_LIMITS), and a live capture (the view keeps the newest). The
// counters say how many rows the helper holds, so the counts are those, not the list's, and the
// list says which rows it holds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DashboardState } from '../../src/shared/webviewProtocol';
import { ResetNotification } from '../../src/shared/webviewProtocol';
import { syntheticSnapshot } from '../fixtures/syntheticTraffic';
import { waitFor } from '../workbench/waitFor';
import type { Dashboard } from './dashboardHarness';
import { assertCleanRun, fileDashboardState, openDashboard, openFileDashboard, skip } from './dashboardHarness';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The Conversations tab's row count, once it names `total`. */
async function flowsRowCount({ page, showTab }: Dashboard, total: string): Promise<string> {
  await showTab('flows');
  const count = page.locator('.flows-view .row-count');
  let text = '';
  await waitFor(async () => (text = (await count.textContent()) ?? '').includes(total), {
    timeoutMs: 5000,
    what: 'the row count',
  });
  return text;
}

/** 300 of the file's 22,345 flows and 200 of its 12,000 hosts. */
function largeFileState(): DashboardState {
  const snapshot = syntheticSnapshot({ flows: 300, hosts: 200, packets: 0, now });
  return fileDashboardState(
    {
      ...snapshot,
      source: {
        kind: 'file',
        path: '/captures/large.pcap',
        format: 'pcap',
        linkTypes: [1],
      },
      counters: { ...snapshot.counters, tables: { flows: 22_345, hosts: 12_000, conversations: 15_000 } },
      conversations: [],
      running: false,
      tick: undefined,
    },
    snapshot.counters.packets,
  );
}

describe('traffic dashboard in Chromium: a file larger than its lists', { skip, timeout: 120_000 }, () => {
  let dashboard: Dashboard;
  before(async () => {
    dashboard = await openFileDashboard('large-file', largeFileState());
  });
  after(async () => {
    await dashboard?.close();
  });

  test("the summary and the tab count the file's rows", async () => {
    const { page } = dashboard;
    const summary = (await page.locator('.summary').textContent()) ?? '';
    assert.match(summary, /· 22,345 conversations · 12,000 hosts$/);
    assert.equal(await page.locator('#tab-flows').textContent(), 'Conversations (22,345)');
  });

  test('the list says it holds the largest, and where the rest are', async () => {
    assert.equal(
      await flowsRowCount(dashboard, '22,345'),
      '300 of the 300 largest of 22,345 conversations (Export writes them all)',
    );
    await dashboard.shot('large-file-flows');
  });

  test('no Content Security Policy violation, dialog or page error in the whole run', async () => {
    await assertCleanRun(dashboard);
  });
});

describe(
  'traffic dashboard in Chromium: a live capture holding more than the view keeps',
  { skip, timeout: 120_000 },
  () => {
    let dashboard: Dashboard;
    before(async () => {
      dashboard = await openDashboard('large-live');
      const snapshot = syntheticSnapshot({ flows: 300, hosts: 200, packets: 0, now });
      const tables = { flows: 20_000, hosts: 12_000, conversations: 15_000 };
      dashboard.harness.host.sendNotification(ResetNotification.type, {
        ...fileDashboardState({ ...snapshot, counters: { ...snapshot.counters, tables } }, 0),
        mode: 'live',
        captureStatus: { available: true },
      });
      await waitFor(async () => ((await dashboard.page.locator('.summary').textContent()) ?? '').includes('20,000'), {
        timeoutMs: 5000,
        what: "the helper's count",
      });
    });
    after(async () => {
      await dashboard?.close();
    });

    test('the summary counts what the helper holds; the list says it holds the newest', async () => {
      const summary = (await dashboard.page.locator('.summary').textContent()) ?? '';
      assert.match(summary, /· 20,000 conversations · 12,000 hosts$/);
      assert.equal(await flowsRowCount(dashboard, '20,000'), '300 of the 300 newest of 20,000 conversations');
    });

    test('no Content Security Policy violation, dialog or page error in the whole run', async () => {
      await assertCleanRun(dashboard);
    });
  },
);
