// The traffic dashboard in a real VS Code (code-server) driven through Chromium as a user would:
// a live capture on a namespace lab while its hosts talk (ping, DNS, HTTP) fills the chart and
// tables with the numbers of the pcap the helper saves (tshark's reading of it and the helper's own
// analysis), the pcap fixture opened from the Explorer shows tshark's statistics and a packet's
// layers and bytes, a host named `<img src=x onerror=alert(1)>` stays text, and every view is
// photographed in the light and dark themes under test-results/e2e/dashboard/. How it reads the
// dashboard's frame: test/workbench/dashboardFrame.ts; tshark's view of a capture: captureFixtures.ts.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { CaptureFixture } from '../extensionHost/harnessProtocol';
import type { Background } from '../lab/background';
import { startBackground } from '../lab/background';
import { runOk } from '../lab/exec';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import { lanlensSnapshot } from '../lab/statsComparison';
import { labVendors, vendorMac } from '../lab/vendors';
import { formatBytes, formatCount } from '../../src/shared/format/displayFormat';
import type { LanLensWorkbench } from '../workbench/lanLensWorkbench';
import { startLanLensWorkbench } from '../workbench/lanLensWorkbench';
import { Screenshots } from '../workbench/screenshots';
import { tsharkFrameHex, tsharkHierarchyRows, tsharkTotals, workspaceCaptures } from '../workbench/captureFixtures';
import {
  assertNoInjection,
  dashboardFrame,
  frameText,
  hierarchyRows,
  showTab,
  summaryFigures,
} from '../workbench/dashboardFrame';
import { repoRoot, workbenchSkipReason } from '../workbench/codeServer';
import { answerSaveDialog } from '../workbench/saveDialog';
import { waitFor } from '../workbench/waitFor';
import { runCommand, setColorTheme, startCaptureFromPalette } from '../workbench/workbenchUi';
import { labSettings } from '../workbench/workbenchSettings';

const skip = workbenchSkipReason() ?? labSkipReason();
const SUBNET = '10.213.36'; // this suite's own /24 (see test/lab/lab.ts)
const HOSTILE = '<img src=x onerror=alert(1)>';
const HTTP_PORT = 8080;
const results = path.join(repoRoot, 'test-results', 'e2e', 'dashboard');
// code-server's default light and dark themes, as the picker lists them and `workbench.colorTheme` names them.
const themes = { light: 'Light Modern', dark: 'Dark Modern' } as const;

// A tiny HTTP server (Node, as the lab's listeners): every path gets a short page.
const httpServer = `
const http = require('node:http');
http.createServer((req, res) => res.end('lan lens lab page ' + req.url + '\\n'))
  .listen(${HTTP_PORT}, process.argv[1], () => console.log('ready'));`;

describe('the traffic dashboard in VS Code, as a user', { skip, timeout: 420_000 }, () => {
  let lab: Lab;
  let userSettings: Record<string, unknown> = {};
  let fixture: CaptureFixture | undefined;
  let lanLens: LanLensWorkbench | undefined;
  let page: Page;
  let http: Background | undefined;
  /** the capture the first test saved into the workspace: the Explorer lists it next to the fixture */
  let savedCapture: string | undefined;
  const dialogs: string[] = [];
  let theme: keyof typeof themes | undefined;
  const shots = new Screenshots(results, false);
  const shoot = (name: string) => shots.take(page, `${name}-${theme}`);

  /** Switches the colour theme through the theme picker. */
  const setTheme = async (which: keyof typeof themes) => {
    if (theme === which) return;
    await setColorTheme(page, themes[which]);
    theme = which;
  };

  /** Shoots the current view in both themes. */
  const shootBothThemes = async (name: string) => {
    for (const which of ['light', 'dark'] as const) {
      await setTheme(which);
      await shoot(name);
    }
  };

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    mkdirSync(results, { recursive: true });
    lab = await createLab({
      suite: 'dashe',
      bridgeIp: `${SUBNET}.1`,
      hosts: [
        // the server: DNS (with the hostile PTR name of the client) and HTTP
        { ip: `${SUBNET}.11`, mac: vendorMac(labVendors[0].oui, 0x36), dnsServer: true },
        { ip: `${SUBNET}.12`, mac: vendorMac(labVendors[1].oui, 0x37), ptrName: HOSTILE },
      ],
    });
    http = startBackground('ip', [
      'netns',
      'exec',
      lab.hosts[0].namespace,
      process.execPath,
      '-e',
      httpServer,
      lab.hosts[0].ip,
    ]);
    await http.waitFor(/ready/);
    userSettings = labSettings({ cidr: lab.cidr, bridge: lab.bridge, dnsIp: lab.dnsIp });
    theme = 'dark';
    lanLens = await startLanLensWorkbench(path.join(results, 'profile'), {
      settings: { ...userSettings, 'workbench.colorTheme': themes.dark },
      prepare: async (profile) => {
        fixture = (await workspaceCaptures(profile.workspace))?.good;
      },
      problems: { dialogs },
    });
    page = lanLens.page;
  });

  after(async () => {
    await lanLens?.stop();
    await http?.stop('SIGKILL');
    lab?.destroy();
    console.log(`# ${shots.files.length} screenshots in ${path.relative(repoRoot, results)}/`);
  });

  /** One round of lab traffic from the client: ICMP echoes, DNS (A and the hostile PTR), HTTP. */
  const trafficRound = async (round: number) => {
    const [server, client] = lab.hosts;
    const inClient = (command: string, ...args: string[]) =>
      runOk('ip', ['netns', 'exec', client.namespace, command, ...args], { timeoutMs: 15_000 });
    await inClient('busybox', 'ping', '-c', '2', '-W', '1', server.ip);
    await inClient('dig', `@${server.ip}`, '+tries=1', '+time=2', '-x', client.ip);
    await inClient('dig', `@${server.ip}`, '+tries=1', '+time=2', 'nas.lab', 'A');
    await inClient(
      'curl',
      '-sS',
      '--max-time',
      '5',
      '--noproxy',
      '*',
      `http://${server.ip}:${HTTP_PORT}/round/${round}`,
    );
  };

  test('a live capture on the lab fills the chart and tables with the numbers of the saved capture', async () => {
    // The workbench is ready once LAN Lens's view container is in the activity bar.
    await page.getByRole('tab', { name: /^LAN Lens/ }).waitFor({ timeout: 60_000 });
    // A scan first: the Devices list names the client from the lab's reverse DNS, and the dashboard
    // labels hosts with the names the Devices list holds.
    await page.getByRole('tab', { name: /^LAN Lens/ }).click();
    await runCommand(page, 'LAN Lens: Scan LAN');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: HOSTILE }).first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'LAN Lens: Show Traffic').catch(async (error: Error) => {
      await page.screenshot({ path: path.join(results, 'failed-palette.png') });
      throw error;
    });
    const frame = await dashboardFrame(page, '.capture-controls', 'the live dashboard');
    // "LAN Lens: Start Capture" from F1: the lab's bridge in the quick pick, then an IPv4-only filter.
    await startCaptureFromPalette(page, lab.bridge, 'not ip6');
    await waitFor(async () => (await frameText(frame, '.summary')).startsWith(`Capturing on ${lab.bridge}`), {
      timeoutMs: 20_000,
      what: 'the dashboard to say it captures on the bridge',
    }).catch(async (error: Error) => {
      await page.screenshot({ path: path.join(results, 'failed-capture-start.png') });
      throw new Error(`${error.message}; the summary says "${await frameText(frame, '.summary')}"`);
    });

    for (let round = 1; round <= 4; round++) {
      await trafficRound(round);
      await page.waitForTimeout(700);
    }
    // Everything fills: chart, donut, hierarchy, top talkers (the client named by the lab's DNS).
    const filled = async () => ({
      talkers: await frame.locator('.talker text.label').allTextContents(),
      hierarchyRows: await frame.locator('.protocol-table tbody tr').count(),
      donutSlices: await frame.locator('.donut .slice').count(),
      chartPath: ((await frame.locator('.focus .line.series-capture').getAttribute('d')) ?? '').length,
    });
    let seen = await filled();
    await waitFor(
      async () => {
        seen = await filled();
        return (
          seen.talkers.length >= 2 &&
          seen.talkers.includes(HOSTILE) &&
          seen.hierarchyRows >= 5 &&
          seen.donutSlices >= 3 &&
          seen.chartPath > 10
        );
      },
      { timeoutMs: 30_000, what: 'the chart, donut, hierarchy and top talkers to fill' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(seen)}`);
    });
    const rows = await hierarchyRows(frame);
    for (const protocol of ['eth:ip:icmp', 'eth:ip:udp:dns', 'eth:ip:tcp:http', 'eth:arp']) {
      assert.ok(
        rows.some((row) => row.startsWith(`${protocol} `)),
        `${protocol} in the hierarchy: ${rows.join('; ')}`,
      );
    }
    await assertNoInjection(frame, dialogs);
    await shootBothThemes('live-overview');

    await showTab(frame, 'flows');
    await waitFor(async () => (await frame.locator('.flows-view .vt-row').count()) >= 3, {
      timeoutMs: 10_000,
      what: 'conversations',
    });
    await shootBothThemes('live-conversations');
    await showTab(frame, 'packets');
    await waitFor(
      async () => (await frame.locator('.packets-view .vt-row td').allTextContents()).some((t) => t.includes(HOSTILE)),
      { timeoutMs: 10_000, what: 'the PTR answer naming the client, as text, among the recent packets' },
    );
    await assertNoInjection(frame, dialogs);
    await shootBothThemes('live-packets');

    // Stop from the dashboard, then save the recording as a pcap (VS Code's save dialog, default name).
    await showTab(frame, 'overview');
    await frame.locator('vscode-button', { hasText: 'Stop' }).click();
    await waitFor(async () => (await frameText(frame, '.summary')).startsWith(`Captured on ${lab.bridge}`), {
      timeoutMs: 20_000,
      what: 'the capture to stop',
    });
    await waitFor(
      async () => (await frame.locator('vscode-button', { hasText: 'Save' }).getAttribute('disabled')) === null,
      {
        timeoutMs: 10_000,
        what: 'Save to be enabled',
      },
    );
    // Save Capture from the palette and from the dashboard offer one name, the exports' rule
    // (exportFileName): in the workspace, lan-lens-<interface>-<UTC time>.pcap, titled with the
    // interface. The palette's dialog is cancelled, the dashboard's taken as offered.
    const offered = new RegExp(
      `^${lanLens!.profile.workspace}/lan-lens-${lab.bridge}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.pcap$`,
    );
    const dialogTitle = () => page.locator('.quick-input-widget .quick-input-title').textContent();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>LAN Lens: Save Capture…');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'LAN Lens: Save Capture…' }).waitFor();
    await page.keyboard.press('Enter');
    let title: string | null = null;
    const fromPalette = await answerSaveDialog(page, {
      offers: (value) => offered.test(value),
      cancel: true,
      beforeAnswer: async () => void (title = await dialogTitle()),
    });
    assert.equal(title, `Save the capture on ${lab.bridge} as pcap`, `the palette's dialog (offering ${fromPalette})`);
    // The dashboard saves as the command does: a name typed without .pcap gets it (it sorts right
    // after the fixture, lab-small.pcap, in the Explorer, as the next test expects).
    await frame.locator('vscode-button', { hasText: 'Save' }).click();
    title = null;
    const typed = `${lanLens!.profile.workspace}/lab-typed-save`;
    await answerSaveDialog(page, {
      offers: (value) => offered.test(value),
      saveAs: typed,
      beforeAnswer: async () => void (title = await dialogTitle()),
    });
    assert.equal(title, `Save the capture on ${lab.bridge} as pcap`, "the dashboard's dialog");
    let saved: RegExpExecArray | null = null;
    await waitFor(
      async () => (saved = /^Saved ([\d,]+) packets to (.+\.pcap)$/.exec(await frameText(frame, '.notice'))) !== null,
      {
        timeoutMs: 20_000,
        what: 'the dashboard to say where it saved the capture',
      },
    );
    const [, savedCount, savedFile] = saved!;
    assert.equal(savedFile, `${typed}.pcap`, 'the dashboard adds .pcap to the name typed');
    savedCapture = savedFile;

    // The view's totals are the saved capture's, as tshark reads it; its tables are the helper's analysis of it.
    const totals = await tsharkTotals(savedFile);
    const figures = await summaryFigures(frame);
    assert.ok(totals.packets >= 30, `the capture holds the lab's traffic (${totals.packets} packets)`);
    assert.equal(savedCount, formatCount(totals.packets), 'packets saved');
    assert.equal(figures.packets, formatCount(totals.packets), `packets shown: ${figures.summary}`);
    assert.equal(figures.bytes, formatBytes(totals.bytes), `bytes shown: ${figures.summary}`);
    assert.equal(await frameText(frame, '#tab-packets'), `Packets (${formatCount(totals.packets)})`);
    assert.deepEqual(await hierarchyRows(frame), tsharkHierarchyRows(savedFile), 'the hierarchy is tshark’s');
    const helper = await lanlensSnapshot(savedFile);
    assert.equal(await frameText(frame, '#tab-flows'), `Conversations (${formatCount(helper.flows.length)})`);
    assert.match(figures.summary, new RegExp(`· ${formatCount(helper.hosts.length)} hosts$`));
    await shootBothThemes('live-stopped');
  });

  // The file's hosts are on this lab's subnet: the client is named from the Devices list the scan above filled.
  test('the pcap fixture opened from the Explorer shows tshark’s statistics, layers and bytes', async (t) => {
    if (!fixture) return t.skip('tshark is not installed');
    const good = fixture;
    await page.keyboard.press('Control+Shift+E');
    // The saved capture sorts right after the fixture: wait until the Explorer lists it, or its row can
    // slide under the double-click and open instead.
    if (savedCapture) {
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: path.basename(savedCapture) })
        .waitFor({ timeout: 15_000 });
    }
    const entry = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'lab-small.pcap' });
    await entry.waitFor({ timeout: 15_000 });
    await entry.dblclick();
    const frame = await dashboardFrame(page, '.file-heading', 'the capture-file editor');
    assert.equal(await frameText(frame, '.file-heading'), good.path);
    await waitFor(async () => (await summaryFigures(frame)).packets === formatCount(good.packets), {
      timeoutMs: 20_000,
      what: `${good.packets} packets in the summary`,
    });
    const figures = await summaryFigures(frame);
    assert.equal(figures.bytes, formatBytes(good.bytes), `bytes shown: ${figures.summary}`);
    await waitFor(async () => (await frame.locator('.protocol-table tbody tr').count()) > 0, {
      timeoutMs: 10_000,
      what: 'the hierarchy',
    });
    assert.deepEqual(await hierarchyRows(frame), tsharkHierarchyRows(good.path), 'the hierarchy is tshark’s');
    // Conversations: the helper's own analysis of the file (which the stats differential tests hold to tshark's).
    const helper = await lanlensSnapshot(good.path);
    assert.equal(await frameText(frame, '#tab-flows'), `Conversations (${formatCount(helper.flows.length)})`);
    await showTab(frame, 'flows');
    await waitFor(async () => (await frame.locator('.flows-view .vt-row').count()) === helper.flows.length, {
      timeoutMs: 10_000,
      what: `${helper.flows.length} conversation rows`,
    });
    await showTab(frame, 'overview');
    // The client is named by the PTR answer in the file: as text.
    let labels: string[] = [];
    await waitFor(
      async () => (labels = await frame.locator('.talker text.label').allTextContents()).includes(HOSTILE),
      {
        timeoutMs: 10_000,
        what: 'the hostile name as a top talker label',
      },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; labels ${JSON.stringify(labels)}`);
    });
    await assertNoInjection(frame, dialogs);
    await shootBothThemes('file-overview');

    // A packet clicked: its layers (the hostile name among the DNS answer's fields) and its bytes.
    await showTab(frame, 'packets');
    const ptrAnswer = frame.locator('.packets-view .vt-row', { hasText: HOSTILE }).first();
    await ptrAnswer.waitFor({ timeout: 10_000 });
    await ptrAnswer.click();
    const index = Number(await frameText(frame, '.packets-view .vt-row[aria-selected="true"] td'));
    const hex = await tsharkFrameHex(good.path, index);
    await waitFor(async () => (await frameText(frame, '.detail-heading')).startsWith(`Frame ${index}:`), {
      timeoutMs: 10_000,
      what: `the details of frame ${index}`,
    });
    assert.match(await frameText(frame, '.detail-heading'), new RegExp(`^Frame ${index}: ${hex.length} bytes on wire`));
    const layers = await frame.locator('.layer summary').allTextContents();
    assert.ok(layers.length >= 4, `Ethernet, IPv4, UDP and DNS layers: ${layers.join(' | ')}`);
    assert.ok(
      (await frame.locator('.layers').textContent())?.includes(HOSTILE),
      'the answer’s name is among the fields, as text',
    );
    const shown = await frame.locator('.hex-dump .hex span').allTextContents();
    assert.deepEqual(shown, hex, 'the bytes are the frame’s, as tshark dumps them');
    await assertNoInjection(frame, dialogs);
    await shootBothThemes('packet-detail');
  });
});
