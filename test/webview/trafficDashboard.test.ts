// The traffic dashboard's bundle in headless Chromium, in the panel's own page and CSP, driven by
// a host end of the real webview transport (no VS Code): hostile names, paths and banners render
// as text, no CSP violation, the three theme kinds, 1 Hz ticks with bounded DOM, capture
// controls, sorting and keyboard, packet layers and hex, restore after reload, and a capture file
// paged from the host. Screenshots of every tab in light, dark and high contrast go to
// test-results/webview/.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { PacketDetail, PacketSummary, TrafficSnapshot } from '../../src/shared/model/traffic';
import type {
  DashboardState,
  ExportParams,
  PacketPageParams,
  StartCaptureParams,
} from '../../src/shared/webviewProtocol';
import {
  DevicesNotification,
  ExportRequest,
  PacketDetailRequest,
  PacketPageRequest,
  ReadyRequest,
  ResetNotification,
  SnapshotRequest,
  StartCaptureRequest,
  StopCaptureRequest,
  TickNotification,
} from '../../src/shared/webviewProtocol';
import { topHosts } from '../../src/webview/traffic/topHosts';
import { waitFor } from '../workbench/waitFor';
import {
  bandwidthHistory,
  hostile,
  syntheticBandwidth,
  syntheticSnapshot,
  syntheticTick,
} from '../fixtures/syntheticTraffic';
import type { WebviewHarness } from './webviewPage';
import { applyTheme, openWebview, repoRoot, themes, webviewSkipReason } from './webviewPage';

const results = path.join(repoRoot, 'test-results', 'webview');
const skip = webviewSkipReason('traffic');
const now = Date.UTC(2026, 0, 15, 12, 0, 0);

const iface = {
  name: 'llb-webview',
  mac: '02:00:00:00:00:01',
  ipv4: [{ address: '10.213.77.254', prefixLength: 24, cidr: '10.213.77.0/24' }],
  ipv6: [],
  up: true,
  internal: false,
  isDefault: true,
};

/** A frame whose payload carries the hostile HTTP path, and its layers. */
function detailFor(summary: PacketSummary): PacketDetail {
  const payload = Buffer.from(`${hostile.httpPath}\r\nHost: ${hostile.hostName}\r\n\r\n`, 'latin1');
  const bytes = Buffer.concat([Buffer.alloc(54, 0x11), payload]);
  return {
    summary,
    bytesBase64: bytes.toString('base64'),
    layers: [
      {
        name: 'eth',
        title: 'Ethernet II, Src: 02:00:00:00:00:02, Dst: 02:00:00:00:00:01',
        offset: 0,
        length: 14,
        fields: [
          { name: 'Destination', value: '02:00:00:00:00:01', offset: 0, length: 6 },
          { name: 'Source', value: '02:00:00:00:00:02', offset: 6, length: 6 },
        ],
      },
      {
        name: 'ip',
        title: `Internet Protocol Version 4, Src: ${summary.src}, Dst: ${summary.dst}`,
        offset: 14,
        length: 20,
        fields: [{ name: 'Time to Live', value: '64', offset: 22, length: 1 }],
      },
      {
        name: 'http',
        title: `Hypertext Transfer Protocol: ${hostile.httpPath}`,
        offset: 54,
        length: payload.length,
        fields: [
          { name: 'Request line', value: hostile.httpPath, offset: 54, length: hostile.httpPath.length },
          { name: 'Host', value: hostile.hostName },
        ],
      },
    ],
  };
}

describe('traffic dashboard in Chromium', { skip, timeout: 240_000 }, () => {
  let harness: WebviewHarness;
  let page: Page;
  let snapshot: TrafficSnapshot;
  let state: DashboardState;
  let tick = 300;
  const calls = {
    ready: [] as (string | undefined)[],
    snapshot: 0,
    start: [] as StartCaptureParams[],
    stop: 0,
    export: [] as ExportParams[],
    pages: [] as PacketPageParams[],
    details: [] as number[],
  };
  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(results, `${name}.png`), fullPage: true });
  };
  const rendered = () =>
    page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          (
            globalThis as unknown as { document: { addEventListener(n: string, f: () => void, o: object): void } }
          ).document.addEventListener('lanlens-rendered', () => resolve(), { once: true }),
        ),
    );
  const sendTick = async (share = 0.1, packetsPerTick = 1000) => {
    tick++;
    const done = rendered();
    harness.host.sendNotification(TickNotification.type, {
      traffic: syntheticTick(snapshot, tick, { share, packetsPerTick }),
      bandwidth: syntheticBandwidth(now + (tick - 300) * 1000, tick),
    });
    await done;
  };
  const showTab = async (id: 'overview' | 'flows' | 'packets') => {
    await page.click(`#tab-${id}`);
    await waitFor(async () => (await page.locator(`#tab-${id}`).getAttribute('aria-selected')) === 'true', {
      timeoutMs: 5000,
      what: `the ${id} tab`,
    });
  };
  const fill = async (selector: string, text: string) => {
    await page.locator(`${selector} input`).fill(text);
  };
  const visibleTexts = (selector: string) => page.locator(selector).allTextContents();

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    mkdirSync(results, { recursive: true });
    snapshot = syntheticSnapshot({ flows: 1000, hosts: 200, packets: 10_000, now });
    const top = topHosts(snapshot.hosts, 1)[0];
    state = {
      mode: 'live',
      traffic: snapshot,
      bandwidth: bandwidthHistory(now),
      interfaces: [iface, { ...iface, name: 'lo', isDefault: false, internal: true, ipv4: [] }],
      activeInterface: 'llb-webview',
      captureStatus: { available: true },
      recording: true,
      // The busiest host carries the hostile name, so it is in the top talkers chart.
      devices: [{ ip: top.addr, hostname: hostile.hostName, vendor: 'Acme <b>Corp</b>' }],
      packetCount: 0,
    };
    harness = await openWebview('traffic');
    page = harness.page;
    const host = harness.host;
    host.onRequest(ReadyRequest.type, (params) => {
      calls.ready.push(params.restoredCaptureId);
      return state;
    });
    host.onRequest(SnapshotRequest.type, () => {
      calls.snapshot++;
      return state;
    });
    host.onRequest(StartCaptureRequest.type, (params) => {
      calls.start.push(params);
      snapshot.running = true;
      state = { ...state, traffic: snapshot };
      setTimeout(() => host.sendNotification(ResetNotification.type, state), 10);
    });
    host.onRequest(StopCaptureRequest.type, () => {
      calls.stop++;
      snapshot.running = false;
      state = { ...state, traffic: snapshot };
      setTimeout(() => host.sendNotification(ResetNotification.type, state), 10);
    });
    host.onRequest(ExportRequest.type, (params) => {
      calls.export.push(params);
      return { path: `/tmp/lanlens-export.${params.format}`, count: 1000 };
    });
    host.onRequest(PacketDetailRequest.type, ({ index }) => {
      calls.details.push(index);
      const summary = snapshot.recent.find((p) => p.index === index) ?? filePackets[index - 1];
      if (!summary) throw new Error(`no packet ${index}`);
      return detailFor(summary);
    });
    host.onRequest(PacketPageRequest.type, (params) => {
      calls.pages.push(params);
      const terms = params.filter.toLowerCase().split(/\s+/).filter(Boolean);
      const matching = terms.length
        ? filePackets.filter((p) =>
            terms.every((t) => `${p.src} ${p.dst} ${p.protocol} ${p.info}`.toLowerCase().includes(t)),
          )
        : filePackets;
      return { packets: matching.slice(params.from - 1, params.from - 1 + params.count), total: matching.length };
    });
    await page.goto(harness.url);
    await applyTheme(page, themes[0]);
    await waitFor(async () => (await page.locator('.talker').count()) === 10, {
      timeoutMs: 20_000,
      what: 'the top talkers',
    });
  });

  after(async () => {
    await harness?.close();
  });

  /** A capture file of 25,000 packets, some hostile, served a page at a time. */
  const fileSnapshot = syntheticSnapshot({ flows: 300, hosts: 60, packets: 2000, now, seed: 5, captureId: 'file-1' });
  const fileRnd = syntheticSnapshot({ flows: 300, hosts: 60, packets: 25_000, now, seed: 5 }).recent;
  const filePackets: PacketSummary[] = fileRnd.map((p, i) => ({ ...p, index: i + 1 }));

  test('the handshake draws the live state; hostile names are text in the chart', async () => {
    assert.deepEqual(calls.ready, [undefined]);
    const labels = await visibleTexts('.talkers text.label');
    assert.ok(labels.includes(hostile.hostName), `top talkers: ${labels.join(' | ')}`);
    const tooltips = await visibleTexts('.talkers g.talker title');
    assert.ok(
      tooltips.some((t) => t.includes(hostile.hostName) && t.includes('Acme <b>Corp</b>')),
      'tooltips as text',
    );
    assert.match(
      (await page.locator('.summary').textContent()) ?? '',
      /Capturing on llb-webview .* 1,000 conversations · 200 hosts/,
    );
    assert.equal(await page.locator('.drop-counter .badge').textContent(), '55');
  });

  test('hostile server names, HTTP paths and banners are text in the tables', async () => {
    await showTab('flows');
    await fill('.flows-view vscode-text-field:nth-of-type(1)', 'onerror');
    await waitFor(
      async () => /of 1,000 conversations/.test((await page.locator('.flows-view .row-count').textContent()) ?? ''),
      {
        timeoutMs: 5000,
        what: 'the host filter',
      },
    );
    const cells = await visibleTexts('.flows-view .vt-row td');
    assert.ok(
      cells.some((cell) => cell.includes(`(${hostile.hostName})`)),
      'the device name next to its address',
    );
    await fill('.flows-view vscode-text-field:nth-of-type(1)', 'script');
    await waitFor(async () => (await visibleTexts('.flows-view .vt-row td')).includes(hostile.serverName), {
      timeoutMs: 5000,
      what: 'the hostile server name as text',
    });
    await fill('.flows-view vscode-text-field:nth-of-type(1)', '');
    await showTab('packets');
    await fill('vscode-text-field.packet-filter', 'onerror=alert(3)');
    await waitFor(async () => (await visibleTexts('.packets-view .vt-row td')).includes(hostile.httpPath), {
      timeoutMs: 5000,
      what: 'the hostile HTTP path as text',
    });
    await fill('vscode-text-field.packet-filter', 'svg onload');
    await waitFor(
      async () => (await visibleTexts('.packets-view .vt-row td')).some((t) => t.includes(hostile.banner)),
      {
        timeoutMs: 5000,
        what: 'the hostile banner as text',
      },
    );
    await fill('vscode-text-field.packet-filter', '');
    assert.equal(await page.locator('img, iframe, b, script:not([src]), [onerror], [onload]').count(), 0);
    assert.deepEqual(harness.dialogs, []);
  });

  test('packet layers and bytes: a field’s bytes are highlighted, its hostile value is text', async () => {
    await showTab('packets');
    // A row in view (rows above and below it are rendered too, out of view).
    const rows = page.locator('.packets-view .vt-row');
    await rows.nth((await rows.count()) - 12).click();
    const index = Number(await page.locator('.packets-view .vt-row[aria-selected="true"] td').first().textContent());
    await waitFor(async () => (await page.locator('.layer').count()) === 3, { timeoutMs: 5000, what: 'the layers' });
    assert.deepEqual(calls.details.slice(-1), [index]);
    assert.equal(
      await page.locator('.layer summary').nth(2).textContent(),
      `Hypertext Transfer Protocol: ${hostile.httpPath}`,
    );
    await page.locator('.field', { hasText: 'Request line' }).click();
    assert.equal(await page.locator('.hex .hl').count(), hostile.httpPath.length);
    assert.equal((await page.locator('.ascii .hl').allTextContents()).join(''), hostile.httpPath);
    await page.locator('.field', { hasText: 'Time to Live' }).click();
    assert.deepEqual(await page.locator('.hex .hl').allTextContents(), ['11']);
    assert.equal(await page.locator('img').count(), 0);
    await shot('packet-detail-light');
    // Arrow keys move the selection and the details follow.
    await page.locator('.packets-view .vt').focus();
    await page.keyboard.press('ArrowDown');
    await waitFor(() => calls.details[calls.details.length - 1] === index + 1, {
      timeoutMs: 5000,
      what: 'the next packet',
    });
    assert.equal(
      await page.locator('.packets-view .vt-row[aria-selected="true"] td').first().textContent(),
      String(index + 1),
    );
  });

  test('1 Hz ticks update the views and the DOM stays the same size', async () => {
    await showTab('packets');
    // Back to the newest packet: from there the list follows new ones.
    await page.locator('.packets-view .vt').focus();
    await page.keyboard.press('End');
    const domSize = () =>
      page.evaluate(
        () =>
          (
            globalThis as unknown as { document: { getElementsByTagName(t: string): { length: number } } }
          ).document.getElementsByTagName('*').length,
      );
    for (let i = 0; i < 3; i++) await sendTick();
    const before = await domSize();
    for (let i = 0; i < 10; i++) await sendTick();
    const afterTicks = await domSize();
    assert.equal(afterTicks, before, 'rows are reused, not added');
    assert.ok((await page.locator('.packets-view .vt-row').count()) < 80, 'only the visible packets are in the DOM');
    assert.equal(await page.locator('.packets-view .row-count').textContent(), '10,000 of the last 10,000 packets');
    const last = await page.locator('.packets-view .vt-row td:first-child').allTextContents();
    assert.equal(
      Number(last[last.length - 1]),
      snapshot.recent[snapshot.recent.length - 1].index,
      'the list follows the newest packet',
    );
    await showTab('flows');
    assert.ok((await page.locator('.flows-view .vt-row').count()) < 80, 'only the visible flows are in the DOM');
    assert.match((await page.locator('#tab-flows').textContent()) ?? '', /Conversations \(1,000\)/);
    // Pausing freezes the packet list while ticks go on.
    await showTab('packets');
    await page.locator('vscode-checkbox').click();
    const frozen = await page.locator('.packets-view .vt-row td:first-child').allTextContents();
    await sendTick();
    assert.deepEqual(await page.locator('.packets-view .vt-row td:first-child').allTextContents(), frozen);
    assert.match((await page.locator('.packets-view .row-count').textContent()) ?? '', /\(paused\)/);
    await page.locator('vscode-checkbox').click();
  });

  test('a missed tick makes the view ask for a snapshot', async () => {
    const asked = calls.snapshot;
    tick++; // skipped: never sent
    await sendTick();
    await waitFor(() => calls.snapshot === asked + 1, { timeoutMs: 5000, what: 'traffic/snapshot' });
    tick = snapshot.tick ?? tick;
  });

  test('sorting by a header and moving with the keyboard', async () => {
    await showTab('flows');
    const header = page.locator('.flows-view th', { hasText: 'Packets' });
    await header.locator('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'descending');
    const packets = (await page.locator('.flows-view .vt-row td:nth-child(5)').allTextContents()).map((t) =>
      Number(t.replace(/,/g, '')),
    );
    assert.deepEqual(
      packets,
      [...packets].sort((a, b) => b - a),
    );
    await header.locator('button').click();
    assert.equal(await header.getAttribute('aria-sort'), 'ascending');
    const numeric = await page
      .locator('.flows-view .vt-row td:nth-child(5)')
      .first()
      .evaluate(
        (cell) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { textAlign: string } }).getComputedStyle(cell)
            .textAlign,
      );
    assert.equal(numeric, 'right');
    assert.equal(await page.locator('.flows-view thead th').count(), 11);
    await page.locator('.flows-view .vt').focus();
    await page.keyboard.press('End');
    assert.equal(await page.locator('.flows-view .vt-row[aria-selected="true"]').getAttribute('aria-rowindex'), '1001');
    await page.keyboard.press('Home');
    assert.equal(await page.locator('.flows-view .vt-row[aria-selected="true"]').getAttribute('aria-rowindex'), '2');
    await fill('.flows-view vscode-text-field:nth-of-type(2)', '22');
    await waitFor(
      async () => /^1\d\d of 1,000/.test((await page.locator('.flows-view .row-count').textContent()) ?? ''),
      {
        timeoutMs: 5000,
        what: 'the port filter',
      },
    );
    assert.ok(
      (await page.locator('.flows-view .vt-row td:nth-child(2)').allTextContents()).every((t) => /:22( |$)/.test(t)),
    );
  });

  test('capture controls: stop, then start with an interface and a BPF filter; export', async () => {
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
    const fileState: DashboardState = {
      mode: 'file',
      traffic: {
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
      bandwidth: [],
      interfaces: [],
      captureStatus: { available: false },
      recording: false,
      devices: [],
      packetCount: filePackets.length,
    };
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
    assert.deepEqual(await harness.cspViolations(), []);
    assert.deepEqual(harness.dialogs, []);
    assert.deepEqual(harness.pageErrors, []);
    assert.equal(await page.locator('img').count(), 0);
  });
});
