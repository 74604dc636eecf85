// A one-packet capture file that is damaged after its packet, in the dashboard as the pcap editor
// shows it: the time axis never repeats a label, counts of one read in the singular, and the
// damage is said in the editor itself (offset and reason), not only in a passing notification.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DashboardState } from '../../src/shared/webviewProtocol';
import { syntheticSnapshot } from '../fixtures/syntheticTraffic';
import { waitFor } from '../workbench/waitFor';
import type { Dashboard } from './dashboardHarness';
import { assertCleanRun, fileDashboardState, openFileDashboard, skip } from './dashboardHarness';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The one-packet file: one flow, its packet, one rate sample, damaged at byte 100. */
function oneFrameState(): DashboardState {
  const snapshot = syntheticSnapshot({ flows: 1, hosts: 2, packets: 1, now });
  const [packet] = snapshot.recent;
  return fileDashboardState(
    {
      ...snapshot,
      source: {
        kind: 'file',
        path: '/captures/one.pcap',
        format: 'pcap',
        linkTypes: [1],
        problem: { offset: 100, message: 'a record header is cut short' },
      },
      counters: { ...snapshot.counters, packets: 1, bytes: packet.length, kernelDrops: 0, interfaceDrops: 0 },
      firstPacketTime: packet.time,
      lastPacketTime: packet.time,
      rates: [{ time: packet.time, durationMs: 1000, packets: 1, bytes: packet.length }],
      running: false,
      tick: undefined,
    },
    1,
  );
}

describe('traffic dashboard in Chromium: a one-packet damaged file', { skip, timeout: 120_000 }, () => {
  let dashboard: Dashboard;
  before(async () => {
    dashboard = await openFileDashboard('small-file', oneFrameState());
  });
  after(async () => {
    await dashboard?.close();
  });

  test('the time axis labels differ from each other', async () => {
    const { page, showTab } = dashboard;
    await showTab('overview');
    let labels: string[] = [];
    await waitFor(async () => (labels = await page.locator('.focus .axis.x .tick text').allTextContents()).length > 1, {
      timeoutMs: 5000,
      what: 'the time axis',
    });
    assert.equal(new Set(labels).size, labels.length, `labels: ${labels.join(', ')}`);
  });

  test('one packet, one conversation: counts in the singular', async () => {
    const { page } = dashboard;
    const summary = (await page.locator('.summary').textContent()) ?? '';
    assert.match(summary, /· 1 packet ·/);
    assert.match(summary, /· 1 conversation ·/);
    assert.equal(await page.locator('#tab-packets').textContent(), 'Packets (1)');
  });

  test('the damage is said in the editor: offset and reason', async () => {
    const { page, shot } = dashboard;
    const problem = page.locator('.file-problem');
    assert.equal(await problem.isVisible(), true);
    assert.equal(
      await problem.textContent(),
      'The file is damaged at byte 100: a record header is cut short. Shown: the 1 packet before it.',
    );
    await shot('damaged-one-packet');
  });

  test('no Content Security Policy violation, dialog or page error in the whole run', async () => {
    await assertCleanRun(dashboard);
  });
});
