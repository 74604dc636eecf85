// Live capture and port scans in a real VS Code (code-server) driven through Chromium as a user
// would: "LAN Lens: Start Capture" from the palette (interface pick, empty filter), the status bar
// counting packets, the DHCP host of the lab appearing in the Devices tree as seen passively, "Stop
// Capture"; then "LAN Lens: Scan Ports…" on a typed lab address and its open ports as children of
// the device. Screenshots of each step go to test-results/e2e-capture/.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CaptureLab } from '../lab/captureLab';
import { createCaptureLab } from '../lab/captureLab';
import { labSkipReason } from '../lab/lab';
import type { LanLensWorkbench } from '../workbench/lanLensWorkbench';
import { startLanLensWorkbench } from '../workbench/lanLensWorkbench';
import { Screenshots } from '../workbench/screenshots';
import { repoRoot, workbenchSkipReason } from '../workbench/codeServer';
import { waitFor } from '../workbench/waitFor';
import { openCommand, runCommand, treeRows, widenSideBar } from '../workbench/workbenchUi';
import { labSettings } from '../workbench/workbenchSettings';

const skip = workbenchSkipReason() ?? labSkipReason();
const SUBNET = '10.213.34'; // this suite's own /24 (see test/lab/lab.ts)
const results = path.join(repoRoot, 'test-results', 'e2e-capture');

/** In the quick pick showing `placeholder`, types `text` and accepts the row that matches `row`. */
async function choose(page: Page, placeholder: string, text: string, row: string | RegExp): Promise<void> {
  const input = page.locator(`.quick-input-widget input[placeholder="${placeholder}"]`);
  await input.waitFor();
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: row }).waitFor();
  await page.keyboard.press('Enter');
}

/** Types `text` into the open input box (no list) and accepts it. */
async function enter(page: Page, text: string, prompt: RegExp): Promise<void> {
  await page.locator('.quick-input-widget', { hasText: prompt }).waitFor();
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/** The capture's status-bar text, or '' while it is not shown. */
async function captureStatus(page: Page): Promise<string> {
  const item = page.locator('.part.statusbar .statusbar-item', { hasText: /\d pkts/ });
  return (await item.count()) > 0 ? ((await item.first().textContent()) ?? '').trim() : '';
}

describe('Live capture and port scans in VS Code, as a user', { skip, timeout: 300_000 }, () => {
  let lab: CaptureLab;
  let lanLens: LanLensWorkbench | undefined;
  let page: Page;
  const shots = new Screenshots(results);
  const shoot = (name: string) => shots.take(page, name);

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    lab = await createCaptureLab('e2ecap', SUBNET);
    const settings = {
      ...labSettings({ cidr: lab.info.cidr, bridge: lab.info.bridge }),
      'lanLens.traffic.interface': lab.info.bridge,
    };
    lanLens = await startLanLensWorkbench(path.join(results, 'profile'), { settings, lanLensTab: 'opened' });
    page = lanLens.page;
  });

  after(async () => {
    await lanLens?.stop();
    lab?.destroy();
  });

  test('"Start Capture": pick the lab bridge, no filter; the status bar counts packets', async () => {
    await openCommand(page, 'LAN Lens: Start Capture', /^Choose the interface to capture on$/);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'every interface' }).waitFor();
    await shoot('interfaces');
    await choose(page, 'Choose the interface to capture on', lab.info.bridge, lab.info.bridgeIp);
    await enter(page, '', /tcpdump syntax/);
    let status = '';
    await waitFor(
      async () => {
        status = await captureStatus(page);
        return Number(/([\d,]+) pkts/.exec(status)?.[1]?.replace(/,/g, '') ?? 0) >= 2;
      },
      { timeoutMs: 30_000, what: 'the capture status bar counting packets' },
    );
    await shoot('capturing');
    assert.match(status, /^\S* ?[\d,]+ pkts/);
  });

  test('the DHCP host appears in the Devices tree as seen passively, with its name', async () => {
    const { dhcpHost } = lab.info;
    let rows = new Map<string, string>();
    await waitFor(
      async () => {
        rows = await treeRows(page);
        return rows.has(dhcpHost.hostname);
      },
      { timeoutMs: 30_000, what: `${dhcpHost.hostname} in the Devices tree` },
    );
    await widenSideBar(page, 200);
    assert.match(
      rows.get(dhcpHost.hostname) ?? '',
      new RegExp(`^${dhcpHost.ip.replace(/\./g, '\\.')}.* · seen passively$`),
    );
    await shoot('passive-device');
  });

  test('"Stop Capture" stops it: the status bar stops recording and says what was captured', async () => {
    await runCommand(page, 'LAN Lens: Stop Capture');
    await page
      .getByText(/LAN Lens: [\d,]+ packets captured on/)
      .first()
      .waitFor({ timeout: 15_000 });
    const status = await captureStatus(page);
    await shoot('stopped');
    assert.doesNotMatch(await page.locator('.part.statusbar').innerHTML(), /codicon-record\b/);
    assert.match(status, /[\d,]+ pkts/);
  });

  test('"Scan Ports…" on a typed lab address lists its open ports under the device', async () => {
    const { webHost } = lab.info;
    await openCommand(page, 'LAN Lens: Scan Ports…', /^Which devices\?$/);
    await choose(page, 'Which devices?', 'Enter a target', 'Enter a target');
    await enter(page, webHost.ip, /Addresses, ranges or CIDRs/);
    await choose(page, 'Which ports?', 'Custom', 'Custom');
    await enter(page, [...webHost.otherPorts, 80, webHost.httpPort].join(','), /nmap syntax/);
    await page.locator('.quick-input-widget', { hasText: 'Service detection' }).waitFor();
    await shoot('port-options');
    await page.keyboard.press('Enter');
    const http = `${webHost.httpPort}/tcp`;
    let rows = new Map<string, string>();
    await waitFor(
      async () => {
        rows = await treeRows(page);
        return /nginx/.test(rows.get(http) ?? '');
      },
      { timeoutMs: 60_000, what: `${http} with its service under ${webHost.ip}` },
    );
    await shoot('ports');
    assert.match(rows.get(http) ?? '', /^http — nginx 1\.22\.1 · [\d.]+ ms$/);
    for (const port of webHost.otherPorts) assert.ok(rows.has(`${port}/tcp`), `${port}/tcp listed`);
    assert.ok(!rows.has('80/tcp'), 'the closed port is not a child');
  });
});
