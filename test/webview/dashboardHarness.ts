// The traffic dashboard's bundle in headless Chromium with a scripted host end of the real webview
// transport, as the dashboard's browser tests share it: a live capture of 1,000 flows over 200
// hosts and 10,000 packets (the busiest host with a hostile name), a capture file of 25,000
// packets served a page at a time, what the host was asked, and the steps the tests take (switch
// tab, type in a filter, send a 1 Hz tick, take a screenshot). Each test file opens its own page.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { PacketDetail, PacketSummary, TrafficSnapshot } from '../../src/shared/model/traffic';
import type {
  DashboardState,
  ExportParams,
  PacketPageParams,
  StartCaptureParams,
} from '../../src/shared/webviewProtocol';
import {
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
import {
  bandwidthHistory,
  hostile,
  syntheticBandwidth,
  syntheticSnapshot,
  syntheticTick,
} from '../fixtures/syntheticTraffic';
import { waitFor } from '../workbench/waitFor';
import type { WebviewEndpoint } from '../../src/shared/webviewTransport';
import type { WebviewHarness } from './webviewPage';
import { applyTheme, openWebview, repoRoot, themes, webviewSkipReason } from './webviewPage';

/** Why the dashboard cannot run here, or undefined. */
export const skip = webviewSkipReason('traffic');
const now = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The interface the live capture runs on (its address is only text here). */
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

/** A capture file's statistics, and its 25,000 packets (some hostile) that the host serves a page at a time. */
/** What the pcap editor sends the dashboard for a file: its traffic and how many packets it pages. */
export function fileDashboardState(traffic: TrafficSnapshot, packetCount: number): DashboardState {
  return {
    mode: 'file',
    traffic,
    bandwidth: [],
    interfaces: [],
    captureStatus: { available: false },
    recording: false,
    devices: [],
    packetCount,
  };
}

export const fileSnapshot = syntheticSnapshot({
  flows: 300,
  hosts: 60,
  packets: 2000,
  now,
  seed: 5,
  captureId: 'file-1',
});
const fileRnd = syntheticSnapshot({ flows: 300, hosts: 60, packets: 25_000, now, seed: 5 }).recent;
export const filePackets: PacketSummary[] = fileRnd.map((p, i) => ({ ...p, index: i + 1 }));

/** What the page asked the host, in order. */
export interface HostCalls {
  /** the restored capture id of each `ready` */
  ready: (string | undefined)[];
  snapshot: number;
  start: StartCaptureParams[];
  stop: number;
  export: ExportParams[];
  pages: PacketPageParams[];
  /** the packet index of each details request */
  details: number[];
  /** while set, the file is being read: pages come from its first `readSoFar` packets, marked reading */
  readSoFar?: number;
}

/** The dashboard page, its host, and the steps tests take on it. */
export interface Dashboard {
  harness: WebviewHarness;
  page: Page;
  /** the live capture the host serves; ticks add to it */
  snapshot: TrafficSnapshot;
  /** the number of the last tick sent (a test may skip one) */
  tick: number;
  calls: HostCalls;
  /** saves a full-page screenshot as `<name>.png` in this file's folder of test-results/webview */
  shot: (name: string) => Promise<void>;
  /** sends the next 1 Hz tick and waits until the page has drawn it */
  sendTick: (share?: number, packetsPerTick?: number) => Promise<void>;
  showTab: (id: 'overview' | 'flows' | 'packets') => Promise<void>;
  /** types `text` into the text field `selector` */
  fill: (selector: string, text: string) => Promise<void>;
  visibleTexts: (selector: string) => Promise<string[]>;
  close: () => Promise<void>;
}

/** Answers the page as the extension host would, recording each request in `calls`. */
function scriptHost(host: WebviewEndpoint, snapshot: TrafficSnapshot, calls: HostCalls): void {
  const top = topHosts(snapshot.hosts, 1)[0];
  let state: DashboardState = {
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
    const read = calls.readSoFar;
    const shown = read === undefined ? matching : matching.filter((packet) => packet.index <= read);
    const packets = shown.slice(params.from - 1, params.from - 1 + params.count);
    return read === undefined ? { packets, total: shown.length } : { packets, total: shown.length, reading: true };
  });
}

/**
 * Opens the dashboard on the live capture, with screenshots going to test-results/webview/`name`
 * (emptied first), and waits for its top talkers.
 */
export async function openDashboard(name: string): Promise<Dashboard> {
  const results = path.join(repoRoot, 'test-results', 'webview', name);
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const calls: HostCalls = { ready: [], snapshot: 0, start: [], stop: 0, export: [], pages: [], details: [] };
  const snapshot = syntheticSnapshot({ flows: 1000, hosts: 200, packets: 10_000, now });
  const harness = await openWebview('traffic');
  const page = harness.page;
  scriptHost(harness.host, snapshot, calls);
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
    const tick = ++dashboard.tick;
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
  const dashboard: Dashboard = {
    harness,
    page,
    snapshot,
    tick: 300,
    calls,
    shot,
    sendTick,
    showTab,
    fill,
    visibleTexts,
    close: () => harness.close(),
  };
  await page.goto(harness.url);
  await applyTheme(page, themes[0]);
  await waitFor(async () => (await page.locator('.talker').count()) === 10, {
    timeoutMs: 20_000,
    what: 'the top talkers',
  });
  return dashboard;
}

/** Opens the dashboard as the pcap editor shows a file: reset to `state`, then its heading waited for. */
export async function openFileDashboard(name: string, state: DashboardState): Promise<Dashboard> {
  const dashboard = await openDashboard(name);
  dashboard.harness.host.sendNotification(ResetNotification.type, state);
  await waitFor(() => dashboard.page.locator('.file-heading').isVisible(), { timeoutMs: 5000, what: 'the file' });
  return dashboard;
}

/** No Content Security Policy violation, dialog, page error or image in the page's whole run. */
export async function assertCleanRun({ harness, page }: Dashboard): Promise<void> {
  assert.deepEqual(await harness.cspViolations(), []);
  assert.deepEqual(harness.dialogs, []);
  assert.deepEqual(harness.pageErrors, []);
  assert.equal(await page.locator('img').count(), 0);
}
