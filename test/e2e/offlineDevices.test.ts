// Devices the history remembers, in a real VS Code (code-server) through Chromium: the profile's
// history database (in LAN Lens's global storage, where the extension keeps it) holds two devices
// a scan saw three days ago. Without any scan in this session the Devices tree must list them
// offline in their subnet, "last seen 3 days ago", the hostile name as text; Forget Device from
// the context menu (confirmed) must take one out of the tree and out of the database. A daily
// report scheduled while VS Code was closed is written at the start, and "LAN Lens: Generate
// Report…" writes the one asked for where the save dialog says.
// Screenshots in test-results/e2e-history/. No network is touched: the devices are data only.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openHistory } from '../../src/helper/history/historyDatabase';
import { HistoryWriter } from '../../src/helper/history/historyWriter';
import { scanWrite } from '../../src/helper/history/scanHistory';
import { HISTORY_FILE } from '../../src/shared/model/history';
import { device } from '../unit/extension/deviceFixtures';
import { HOSTILE_NAME } from '../unit/helper/history/smallLan';
import type { LanLensWorkbench } from '../workbench/lanLensWorkbench';
import { startLanLensWorkbench } from '../workbench/lanLensWorkbench';
import { repoRoot, workbenchSkipReason } from '../workbench/codeServer';
import { answerSaveDialog } from '../workbench/saveDialog';
import { Screenshots } from '../workbench/screenshots';
import { waitFor } from '../workbench/waitFor';
import { openCommand, treeRows, widenSideBar } from '../workbench/workbenchUi';
import { formatPeriod, periodStart } from '../../src/shared/history/periods';

const skip = workbenchSkipReason();
const SUBNET = '10.213.94'; // data only: nothing is sent there (see test/lab/lab.ts)
const GROUP = `br-hist · ${SUBNET}.0/24`;
const results = path.join(repoRoot, 'test-results', 'e2e-history');
const DAY = 86_400_000;

/** The history database a scan three days ago left in the profile's global storage. */
function rememberScan(userDataDir: string): string {
  const folder = path.join(userDataDir, 'User', 'globalStorage', 'lan-lens.lan-lens');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, HISTORY_FILE);
  const opened = openHistory(file);
  if (!('history' in opened)) throw new Error(JSON.stringify(opened.status));
  const seen = Date.now() - 3 * DAY - 3_600_000;
  const found = [
    { ip: `${SUBNET}.11`, mac: '00:1b:63:00:94:11', hostname: 'printer' },
    { ip: `${SUBNET}.12`, mac: '3c:22:fb:00:94:12', hostname: HOSTILE_NAME },
  ].map((host) =>
    device({ ...host, hostnameSource: 'mdns', interface: 'br-hist', subnet: `${SUBNET}.0/24`, lastSeen: seen }),
  );
  scanWrite(
    {
      scanId: 'earlier',
      interface: 'br-hist',
      cidr: `${SUBNET}.0/24`,
      method: 'arp',
      partial: false,
      cancelled: false,
      devices: found,
      warnings: [],
      durationMs: 400,
      probesSent: 256,
    },
    seen,
  )(new HistoryWriter(opened.history.db));
  opened.history.db.close();
  return file;
}

describe('offline devices from the history, in VS Code', { skip, timeout: 300_000 }, () => {
  let lanLens: LanLensWorkbench | undefined;
  let page: Page;
  let database: string;
  let reports: string;
  let workspace: string;
  const shots = new Screenshots(results);

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    reports = path.join(results, 'reports');
    const settings = {
      'lanLens.history.reports.schedule': 'daily',
      'lanLens.history.reports.format': 'md',
      'lanLens.history.reports.folder': reports,
    };
    lanLens = await startLanLensWorkbench(path.join(results, 'profile'), {
      settings,
      prepare: (profile) => {
        workspace = profile.workspace;
        database = rememberScan(profile.userDataDir);
      },
    });
    page = lanLens.page;
  });

  after(async () => {
    await lanLens?.stop();
  });

  test('lists the devices seen three days ago, offline in their subnet', async () => {
    await page.getByRole('tab', { name: /^LAN Lens/ }).click();
    await page.getByText(GROUP).waitFor({ timeout: 60_000 });
    await widenSideBar(page, 200);
    let rows = new Map<string, string>();
    await waitFor(
      async () => {
        rows = await treeRows(page);
        return rows.has('printer') && rows.has(HOSTILE_NAME);
      },
      { timeoutMs: 30_000, what: 'both remembered devices in the tree' },
    );
    assert.match(rows.get('printer') ?? '', /^last seen 3 days ago\b.*10\.213\.94\.11/);
    assert.match(rows.get(HOSTILE_NAME) ?? '', /^last seen 3 days ago\b/);
    assert.equal(await page.locator('.part.sidebar img').count(), 0, 'the hostile name is text');
    await shots.take(page, 'offline-devices');
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      const clip = { ...sidebar, height: Math.min(sidebar.height, 40 + 22 * (rows.size + 1)) };
      await page.screenshot({ path: path.join(results, 'offline-devices-tree.png'), clip });
    }
  });

  test('Forget Device, confirmed, takes the device out of the tree and the history', async () => {
    await page.locator('.monaco-list-row', { hasText: 'printer' }).first().click({ button: 'right' });
    const forget = page.getByRole('menuitem', { name: 'Forget Device' });
    await forget.waitFor();
    await page.waitForTimeout(300); // the menu fades in
    await shots.take(page, 'forget-device-menu');
    await forget.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText(/^Forget printer\?/).waitFor();
    await shots.take(page, 'forget-device-confirm');
    await dialog.getByRole('button', { name: 'Forget' }).click();
    await waitFor(async () => !(await treeRows(page)).has('printer'), {
      timeoutMs: 15_000,
      what: 'the printer gone from the tree',
    });
    assert.ok((await treeRows(page)).has(HOSTILE_NAME), 'the other device stays');
    await shots.take(page, 'forgotten');
    const opened = openHistory(database);
    assert.ok('history' in opened, JSON.stringify(opened.status));
    const macs = opened.history.db
      .prepare('SELECT mac FROM devices ORDER BY mac')
      .all()
      .map((row) => String(row.mac));
    opened.history.db.close();
    assert.deepEqual(macs, ['3c:22:fb:00:94:12']);
  });

  test('writes the daily report missed while VS Code was closed, at the start', async () => {
    const yesterday = formatPeriod(periodStart(periodStart(Date.now(), 'day') - 1, 'day'), 'day');
    const file = path.join(reports, `lanlens-day-${yesterday}.md`);
    await waitFor(() => Promise.resolve(existsSync(file)), { timeoutMs: 30_000, what: `${file} written` });
    assert.match(readFileSync(file, 'utf8'), new RegExp(`^# LAN Lens report: ${yesterday}\\n`));
    assert.deepEqual(readdirSync(reports), [path.basename(file)], 'one report, the latest period only');
  });

  test('"LAN Lens: Generate Report…" writes the period asked for where the save dialog says', async () => {
    await openCommand(page, 'LAN Lens: Generate Report…', /^Which period\?/);
    const input = page.locator('.quick-input-widget input');
    await input.fill('Last week');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Last week' }).waitFor();
    await page.keyboard.press('Enter');
    await waitFor(async () => /^Which format\?/.test((await input.getAttribute('placeholder')) ?? ''), {
      timeoutMs: 15_000,
      what: 'the format step',
    });
    await input.fill('Markdown');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Markdown' }).waitFor();
    await page.keyboard.press('Enter');
    // The save dialog (VS Code's own, in the browser) offers the workspace and the period's name.
    const week = formatPeriod(periodStart(periodStart(Date.now(), 'week') - 1, 'week'), 'week').replace('week of ', '');
    const name = `lanlens-week-${week}.md`;
    await answerSaveDialog(page, {
      offers: path.join(workspace, name),
      beforeAnswer: () => shots.take(page, 'generate-report-save'),
    });
    await page.getByText(/^Report written to /).waitFor({ timeout: 15_000 });
    await shots.take(page, 'generate-report-written');
    const text = readFileSync(path.join(workspace, name), 'utf8');
    assert.match(text, new RegExp(`^# LAN Lens report: week of ${week}\\n`));
    // The remembered devices were seen three days ago: in last week's report when that was last week.
    assert.match(text, /## Devices present/);
  });

  after(() => console.log(`# ${shots.files.length} screenshots in ${path.relative(repoRoot, results)}/`));
});
