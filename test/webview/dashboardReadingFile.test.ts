// Issue 18, huge captures: a file the helper is still reading opens at once on its packets read so
// far ("Reading… N packets so far"), the list growing as the count does, and the statistics take
// their place when they come, the chosen packet still shown.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatCount } from '../../src/shared/format/displayFormat';
import type { TrafficSource } from '../../src/shared/model/traffic';
import type { DashboardState } from '../../src/shared/webviewProtocol';
import { ResetNotification } from '../../src/shared/webviewProtocol';
import { waitFor } from '../workbench/waitFor';
import type { Dashboard } from './dashboardHarness';
import { assertCleanRun, fileDashboardState, filePackets, fileSnapshot, openDashboard, skip } from './dashboardHarness';

const PATH = '/captures/huge.pcap';

/** What the pcap editor sends while the helper reads the file: no statistics, the path. */
const readingState: DashboardState = {
  mode: 'file',
  bandwidth: [],
  interfaces: [],
  captureStatus: { available: false },
  recording: false,
  devices: [],
  packetCount: 0,
  reading: { path: PATH },
};

describe('traffic dashboard in Chromium: a file paged while it is read', { skip, timeout: 120_000 }, () => {
  let dashboard: Dashboard;
  before(async () => {
    dashboard = await openDashboard('reading-file');
  });
  after(async () => {
    await dashboard?.close();
  });

  test('opens on the packets read so far, and the list grows with the count', async () => {
    const { harness, page, calls, shot } = dashboard;
    calls.readSoFar = 1200;
    harness.host.sendNotification(ResetNotification.type, readingState);
    const reading = page.locator('.file-reading');
    await waitFor(async () => /Reading… 1,200 packets so far/.test((await reading.textContent()) ?? ''), {
      timeoutMs: 5000,
      what: 'the packets read so far',
    });
    assert.equal(await page.locator('.file-heading').textContent(), PATH);
    assert.equal(await page.locator('#tab-packets').getAttribute('aria-selected'), 'true', 'the packets are shown');
    await waitFor(async () => (await page.locator('.packets-view .vt-row').count()) > 0, {
      timeoutMs: 5000,
      what: 'the first page of packets',
    });
    assert.equal(await page.locator('.packets-view .vt-row td').first().textContent(), '1');
    assert.equal(await page.locator('.packets-view .row-count').textContent(), 'reading… 1,200 packets so far');
    await shot('reading');

    calls.readSoFar = 5000;
    await waitFor(async () => (await page.locator('#tab-packets').textContent()) === 'Packets (5,000)', {
      timeoutMs: 5000,
      what: 'the count growing',
    });
    await waitFor(
      async () => (await page.locator('.packets-view .row-count').textContent()) === 'reading… 5,000 packets so far',
      { timeoutMs: 5000, what: 'the list growing' },
    );
    await page.locator('.packets-view .vt-row').nth(2).click();
    await waitFor(async () => ((await page.locator('.detail-heading').textContent()) ?? '').startsWith('Frame 3:'), {
      timeoutMs: 5000,
      what: 'the chosen packet',
    });
  });

  test('the statistics take the reading status’s place; the chosen packet stays', async () => {
    const { harness, page, calls, shot, showTab } = dashboard;
    calls.readSoFar = undefined;
    const file: TrafficSource = { kind: 'file', path: PATH, format: 'pcap', linkTypes: [1] };
    harness.host.sendNotification(
      ResetNotification.type,
      fileDashboardState({ ...fileSnapshot, source: file, running: false, tick: undefined }, filePackets.length),
    );
    await waitFor(async () => (await page.locator('.packets-view .row-count').textContent()) === '25,000 packets', {
      timeoutMs: 5000,
      what: 'the whole file',
    });
    assert.equal(await page.locator('.file-reading').isVisible(), false);
    assert.ok(((await page.locator('.detail-heading').textContent()) ?? '').startsWith('Frame 3:'));
    await showTab('overview');
    const packets = `· ${formatCount(fileSnapshot.counters.packets)} packets ·`;
    await waitFor(async () => ((await page.locator('.summary').textContent()) ?? '').includes(packets), {
      timeoutMs: 5000,
      what: 'the statistics',
    });
    await shot('read');
    await assertCleanRun(dashboard);
  });
});
