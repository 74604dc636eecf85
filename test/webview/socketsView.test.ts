// The sockets view's bundle (Show Process Traffic; the debug panel's base) in Chromium with a
// scripted host: processes by traffic, connections with closed rows marked by how they ended, a
// process's row filtering the connections, a hostile process name drawn as text, ticks folded in
// and a gap asking for a snapshot, export asked of the host; photographed light and dark
// (test-results/webview/sockets/).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebviewRequestError } from '../../src/shared/webviewTransport';
import {
  DebugPcapExportRequest,
  DebugSessionNotification,
  SocketsExportRequest,
  SocketsReadyRequest,
  SocketsResetNotification,
  SocketsSnapshotRequest,
  SocketsTickViewNotification,
} from '../../src/shared/socketsViewProtocol';
import type { DebugSessionView, SocketsViewState } from '../../src/shared/socketsViewProtocol';
import { HOSTILE_PROCESS, processesTick, socketRow, T0 } from '../fixtures/socketFixtures';
import { waitFor } from '../workbench/waitFor';
import type { WebviewHarness } from './webviewPage';
import { applyTheme, openWebview, repoRoot, themes, webviewSkipReason } from './webviewPage';

const skip = webviewSkipReason('sockets');
/** The fixture's processes as a tree: python3 (101) under node (100), then the hostile one (200). */
const TREE_ORDER = ['100', '101', '200'];
const results = path.join(repoRoot, 'test-results', 'webview', 'sockets');

describe('the sockets view in Chromium', { skip, timeout: 60_000 }, () => {
  let view: WebviewHarness;
  let state: SocketsViewState;
  const exports: string[] = [];
  let snapshots = 0;

  before(async () => {
    mkdirSync(results, { recursive: true });
    view = await openWebview('sockets', { width: 1400, height: 900 });
    state = { mode: 'processes', snapshot: processesTick(1) };
    view.host.onRequest(SocketsReadyRequest.type, () => state);
    view.host.onRequest(SocketsSnapshotRequest.type, () => {
      snapshots += 1;
      return state;
    });
    view.host.onRequest(SocketsExportRequest.type, ({ format }) => {
      exports.push(format);
      return { path: `/tmp/c.${format}`, count: 4 };
    });
    await view.page.goto(view.url);
  });
  after(async () => view?.close());

  const processLevels = async () =>
    view.page
      .locator('table[aria-label="Processes"] tr.vt-row')
      .evaluateAll((rows: { getAttribute(name: string): string | null }[]) =>
        rows.map((row) => row.getAttribute('aria-level') ?? ''),
      );
  const nameIndents = async () =>
    view.page.locator('table[aria-label="Processes"] tr.vt-row td:nth-child(2)').evaluateAll((cells) => {
      // The test's compiler knows no DOM: the page's own getComputedStyle, typed by hand.
      const page = globalThis as unknown as { getComputedStyle(e: unknown): { paddingLeft: string } };
      return cells.map((cell) => parseFloat(page.getComputedStyle(cell).paddingLeft));
    });
  const rowsOf = async (label: string) => {
    const rows = view.page.locator(`table[aria-label="${label}"] tr.vt-row`);
    const result: { cells: string[]; className: string }[] = [];
    for (let index = 0; index < (await rows.count()); index++) {
      const row = rows.nth(index);
      result.push({
        cells: await row.locator('td').allTextContents(),
        className: (await row.getAttribute('class')) ?? '',
      });
    }
    return result;
  };

  it('lists processes as a tree, busiest first, and every connection, closed ones marked by how they ended', async () => {
    await waitFor(async () => (await rowsOf('Connections')).length === 4, {
      timeoutMs: 10_000,
      what: 'the connections',
    });
    const processes = await rowsOf('Processes');
    // python3 (101) is node's (100) child: under it, one level deeper, indented.
    assert.deepEqual(
      processes.map((row) => row.cells[0]),
      TREE_ORDER,
    );
    assert.equal(await view.page.locator('table[aria-label="Processes"]').getAttribute('role'), 'treegrid');
    assert.deepEqual(await processLevels(), ['1', '2', '1']);
    const indents = await nameIndents();
    assert.ok(indents[1] > indents[0] && indents[0] === indents[2], `indents ${indents.join(', ')}`);
    assert.equal(processes[0].cells[1], 'node');
    assert.equal(processes[0].cells[3], '150 kB/s');
    const connections = await rowsOf('Connections');
    const refused = connections.find((row) => row.cells[3]?.includes('refused'));
    assert.ok(refused && refused.className.includes('socket-failed'), JSON.stringify(connections));
    assert.ok(connections.some((row) => row.cells[3] === 'CLOSED (timeout)'));
    assert.match(
      (await view.page.locator('.summary').textContent()) ?? '',
      /3 processes · 2 open connections, 2 closed/,
    );
    assert.deepEqual(view.pageErrors, []);
    assert.deepEqual(await view.cspViolations(), []);
  });

  it('draws a hostile process name as text', async () => {
    const processes = await rowsOf('Processes');
    assert.ok(processes.some((row) => row.cells[1] === HOSTILE_PROCESS));
    assert.equal(await view.page.locator('img, [onerror]').count(), 0);
    assert.deepEqual(view.dialogs, []);
  });

  it('a process’s row shows its connections alone', async () => {
    await view.page.locator('table[aria-label="Processes"] tr.vt-row').nth(1).click();
    await waitFor(async () => (await rowsOf('Connections')).length === 1, { timeoutMs: 5000, what: 'the filter' });
    assert.equal((await rowsOf('Connections'))[0].cells[0], '101');
    assert.equal(await view.page.locator('.heading h2').textContent(), 'Connections of python3 (101)');
    await view.page.locator('vscode-button', { hasText: 'Show All Processes' }).click();
    await waitFor(async () => (await rowsOf('Connections')).length === 4, { timeoutMs: 5000, what: 'every row again' });
  });

  it('keeps an exited child in the tree under its parent, marked', async () => {
    const next = processesTick(2);
    next.processes = next.processes.map((entry) => (entry.pid === 101 ? { ...entry, exitedAt: T0 + 2000 } : entry));
    next.traffic = next.traffic.filter((entry) => entry.pid !== 101);
    view.host.sendNotification(SocketsTickViewNotification.type, next);
    await waitFor(async () => (await rowsOf('Processes'))[1]?.cells[1] === 'python3 (exited)', {
      timeoutMs: 5000,
      what: 'the exited child',
    });
    const processes = await rowsOf('Processes');
    assert.deepEqual(
      processes.map((row) => row.cells[0]),
      TREE_ORDER,
    );
    assert.deepEqual(await processLevels(), ['1', '2', '1']);
    assert.ok(processes[1].className.includes('process-exited'), processes[1].className);
    assert.equal(processes[1].cells[2], '', 'no rate once exited');
    // It comes back alive (the next test's ticks carry it again).
    view.host.sendNotification(SocketsResetNotification.type, state);
  });

  it('folds ticks in, and asks for a snapshot after a gap', async () => {
    const next = processesTick(2);
    next.sockets = [{ ...next.sockets[0], bytesReceived: 450_001 }];
    view.host.sendNotification(SocketsTickViewNotification.type, next);
    await waitFor(async () => (await rowsOf('Connections')).some((row) => row.cells[8] === '450 kB'), {
      timeoutMs: 5000,
      what: 'the new byte count',
    });
    view.host.sendNotification(SocketsTickViewNotification.type, processesTick(9));
    await waitFor(() => snapshots === 1, { timeoutMs: 5000, what: 'a snapshot request' });
  });

  it('asks the host to export, and says where the file went', async () => {
    assert.equal(await view.page.locator('vscode-button', { hasText: 'Export pcap' }).isVisible(), false);
    await view.page.locator('vscode-button', { hasText: 'Export CSV' }).click();
    await waitFor(() => exports.includes('csv'), { timeoutMs: 5000, what: 'the export request' });
    await waitFor(
      async () => (await view.page.locator('.notice').textContent()) === 'Saved 4 connections to /tmp/c.csv',
      {
        timeoutMs: 5000,
        what: 'the notice',
      },
    );
  });

  for (const theme of themes.filter((candidate) => candidate.name !== 'high-contrast')) {
    it(`is photographed in the ${theme.name} theme`, async () => {
      await applyTheme(view.page, theme);
      await view.page.screenshot({ path: path.join(results, `processes-${theme.name}.png`) });
    });
  }
});

describe('the sockets view as the debug session’s panel', { skip, timeout: 60_000 }, () => {
  let view: WebviewHarness;
  const series = Array.from({ length: 60 }, (_, index) => ({
    time: T0 + index * 1000,
    send: index % 10 < 5 ? 2000 : 0,
    receive: index % 10 < 5 ? 150_000 : 0,
  }));
  const debug: DebugSessionView = {
    name: 'Launch Program',
    type: 'pwa-node',
    attribution: 'sockets-only',
    attributionNote: 'Processes from the js-debug child session, with their descendants; no capture runs.',
    roots: [{ pid: 100, how: 'js-debug child session' }],
    pauses: [{ start: T0 + 5000, end: T0 + 10_000 }, { start: T0 + 25_000, end: T0 + 30_000 }, { start: T0 + 55_000 }],
  };

  let pcapAnswer: () => { path: string; count: number } = () => {
    throw new WebviewRequestError('No capture recorded the session’s packets.', 'Start a capture first.');
  };

  before(async () => {
    view = await openWebview('sockets', { width: 1400, height: 1000 });
    const state: SocketsViewState = { mode: 'debug', snapshot: processesTick(60, T0 + 59_000), series, debug };
    view.host.onRequest(SocketsReadyRequest.type, () => state);
    view.host.onRequest(SocketsSnapshotRequest.type, () => state);
    view.host.onRequest(DebugPcapExportRequest.type, () => pcapAnswer());
    await view.page.goto(view.url);
  });
  after(async () => view?.close());

  it('names the session, its mode, its debuggee, its pauses and its errors', async () => {
    await waitFor(async () => (await view.page.locator('.mode-badge').textContent()) === 'Sockets only', {
      timeoutMs: 10_000,
      what: 'the attribution mode',
    });
    assert.equal(await view.page.locator('.session-title').textContent(), 'Launch Program (pwa-node)');
    assert.equal(await view.page.locator('.roots').textContent(), 'Debuggee: node 100 (js-debug child session)');
    assert.equal(await view.page.locator('rect.pause-band').count(), 3);
    assert.equal(await view.page.locator('.paused-note').textContent(), 'paused at a breakpoint now');
    const errors = await view.page.locator('.errors li').allTextContents();
    assert.equal(errors.length, 2);
    assert.match(errors[0], /refused: 10\.213\.81\.11:7001 \(node 100\)/);
    assert.match(errors[1], /timeout: 10\.213\.81\.12:80 \(python3 101\)/);
    assert.deepEqual(view.pageErrors, []);
    assert.deepEqual(await view.cspViolations(), []);
  });

  it('follows the session: a pause that ends, the mode that changes', async () => {
    view.host.sendNotification(DebugSessionNotification.type, {
      ...debug,
      attribution: 'exact',
      pauses: [...debug.pauses.slice(0, 2), { start: T0 + 55_000, end: T0 + 58_000 }],
    });
    await waitFor(async () => (await view.page.locator('.mode-badge').textContent()) === 'Exact', {
      timeoutMs: 5000,
      what: 'the new mode',
    });
    assert.equal(await view.page.locator('.paused-note').textContent(), '3 pauses');
  });

  it('with a capture: names, SNI, HTTP lines, and a reset the socket could not tell', async () => {
    // A connection that closed after its handshake (the socket says "closed"): the capture saw a reset end it.
    view.host.sendNotification(SocketsTickViewNotification.type, {
      ...processesTick(61, T0 + 59_500),
      sockets: [socketRow('d1', 100, { closedAt: T0 + 59_500, state: 'CLOSED', outcome: 'closed', remotePort: 9000 })],
    });
    view.host.sendNotification(DebugSessionNotification.type, {
      ...debug,
      attribution: 'exact',
      captured: {
        flows: [
          { id: 'a1', app: 'http', serverName: 'api.lab', reset: false, packets: 12 },
          // b1 timed out: a reset the capture saw on it does not make it one; a2's refusal was a reset
          { id: 'b1', reset: true, packets: 2 },
          { id: 'a2', reset: true, packets: 2 },
          { id: 'd1', reset: true, packets: 6 },
        ],
        names: [{ name: 'api.lab', address: '10.213.81.11' }],
        tls: [{ time: T0 + 3000, pid: 100, remote: '10.213.81.11:443', serverName: 'secure.lab' }],
        http: [{ time: T0 + 2000, pid: 100, remote: '10.213.81.11:80', line: 'HTTP/1.1 200 OK' }],
      },
    });
    await waitFor(async () => (await view.page.locator('.captured-http li').count()) === 1, {
      timeoutMs: 5000,
      what: 'the HTTP list',
    });
    assert.match(
      (await view.page.locator('.captured-http li').textContent()) ?? '',
      /HTTP\/1\.1 200 OK {2}10\.213\.81\.11:80 \(node 100\)/,
    );
    assert.match(
      (await view.page.locator('.captured-tls li').textContent()) ?? '',
      /secure\.lab at 10\.213\.81\.11:443/,
    );
    assert.equal(await view.page.locator('.captured-dns li').textContent(), 'api.lab → 10.213.81.11');
    const rows = view.page.locator('table[aria-label="Connections"] tr.vt-row');
    await waitFor(async () => (await rows.allTextContents()).some((text) => text.includes('CLOSED (reset)')), {
      timeoutMs: 5000,
      what: 'the reset row',
    });
    assert.ok(
      (await rows.allTextContents()).some((text) => text.includes('api.lab')),
      'the Name column',
    );
    const errors = await view.page.locator('.errors li').allTextContents();
    assert.ok(
      errors.some((line) => /reset: 10\.213\.81\.11:9000/.test(line)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((line) => /refused: 10\.213\.81\.11:7001/.test(line)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((line) => /timeout: 10\.213\.81\.12:80/.test(line)),
      errors.join('\n'),
    );
  });

  it('exports the session’s packets as pcap, or says why it cannot, with the fix', async () => {
    const exportPcap = view.page.locator('vscode-button', { hasText: 'Export pcap' });
    const notice = view.page.locator('.notice');
    await exportPcap.click();
    await waitFor(
      async () => (await notice.textContent()) === 'No capture recorded the session’s packets. Start a capture first.',
      {
        timeoutMs: 5000,
        what: 'the refusal',
      },
    );
    assert.match((await notice.getAttribute('class')) ?? '', /\berror\b/);
    pcapAnswer = () => ({ path: '/tmp/session.pcap', count: 37 });
    await exportPcap.click();
    await waitFor(async () => (await notice.textContent()) === 'Saved 37 packets to /tmp/session.pcap', {
      timeoutMs: 5000,
      what: 'where the packets went',
    });
    assert.doesNotMatch((await notice.getAttribute('class')) ?? '', /\berror\b/);
  });

  for (const theme of themes.filter((candidate) => candidate.name !== 'high-contrast')) {
    it(`is photographed in the ${theme.name} theme`, async () => {
      await applyTheme(view.page, theme);
      await view.page.screenshot({ path: path.join(results, `debug-${theme.name}.png`) });
    });
  }
});
