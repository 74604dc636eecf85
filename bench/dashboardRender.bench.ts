// Render time of the traffic dashboard in Chromium with 1,000 flows and 10,000 recent packets:
// the built bundle in the panel's own page (test/webview/webviewPage.ts), fed one tick a second's
// worth of changes at a time (a fifth of the flows and their hosts changed, 1,000 new packets, a
// rate and a bandwidth sample, the protocol hierarchy every fifth tick). Per tick the view
// reports the time it spent applying the delta and redrawing, style and layout included (see
// src/webview/traffic/renderedEvent.ts). Median and p95 per tab; target: the
// worst tab's median under 50 ms. Then the JS heap after many more ticks, to show it levels off.
import type { RenderedDetail } from '../src/webview/traffic/renderedEvent';
import { ReadyRequest, SnapshotRequest, TickNotification } from '../src/shared/webviewProtocol';
import type { DashboardState } from '../src/shared/webviewProtocol';
import {
  bandwidthHistory,
  syntheticBandwidth,
  syntheticSnapshot,
  syntheticTick,
} from '../test/fixtures/syntheticTraffic';
import { applyTheme, openWebview, themes, webviewSkipReason } from '../test/webview/webviewPage';

const FLOWS = 1000;
const PACKETS = 10_000;
const SHARE = 0.2;
const PACKETS_PER_TICK = 1000;
const WARMUP = 10;
const SAMPLES = 60;
const TARGET_MS = 50;
/** Each tab, and the two big tables again with a filter typed in (filtering runs every tick). */
const scenarios = [
  { name: 'overview', tab: 'overview' },
  { name: 'flows', tab: 'flows' },
  { name: 'packets', tab: 'packets' },
  {
    name: 'flows, host filter',
    tab: 'flows',
    field: '.flows-view vscode-text-field:nth-of-type(1) input',
    text: '10.213.77.1',
  },
  { name: 'packets, filter', tab: 'packets', field: 'vscode-text-field.packet-filter input', text: 'tcp 443' },
] as const;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function main(): Promise<number> {
  const skip = webviewSkipReason('traffic');
  if (skip) {
    console.error(`dashboard bench: ${skip}`);
    return 1;
  }
  const now = Date.now();
  const snapshot = syntheticSnapshot({ flows: FLOWS, hosts: 250, packets: PACKETS, now });
  const state: DashboardState = {
    mode: 'live',
    traffic: snapshot,
    bandwidth: bandwidthHistory(now),
    interfaces: [],
    captureStatus: { available: true },
    recording: true,
    devices: [],
    packetCount: 0,
  };
  const harness = await openWebview('traffic', { width: 1280, height: 900 });
  const { page, host } = harness;
  host.onRequest(ReadyRequest.type, () => state);
  host.onRequest(SnapshotRequest.type, () => state);
  let tick = snapshot.tick ?? 0;
  try {
    await page.goto(harness.url);
    await applyTheme(page, themes[1]);
    await page.locator('.talker').first().waitFor({ timeout: 30_000 });

    /** Sends one tick and resolves with what the view measured for it. */
    const oneTick = async (): Promise<RenderedDetail> => {
      const rendered = page.evaluate(
        () =>
          new Promise<RenderedDetail>((resolve) =>
            (
              globalThis as unknown as {
                document: { addEventListener(n: string, f: (e: { detail: RenderedDetail }) => void, o: object): void };
              }
            ).document.addEventListener('lanlens-rendered', (event) => resolve(event.detail), { once: true }),
          ),
      );
      tick++;
      host.sendNotification(TickNotification.type, {
        traffic: syntheticTick(snapshot, tick, { share: SHARE, packetsPerTick: PACKETS_PER_TICK }),
        bandwidth: syntheticBandwidth(now + (tick - 300) * 1000, tick),
      });
      return rendered;
    };

    const rows: { name: string; median: number; p95: number; max: number }[] = [];
    for (const scenario of scenarios) {
      const { tab } = scenario;
      await page.click(`#tab-${tab}`);
      if ('field' in scenario) await page.locator(scenario.field).fill(scenario.text);
      for (let i = 0; i < WARMUP; i++) await oneTick();
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const detail = await oneTick();
        if (detail.tab !== tab) throw new Error(`rendered ${detail.tab}, expected ${tab}`);
        times.push(detail.applyMs + detail.renderMs);
      }
      times.sort((a, b) => a - b);
      rows.push({
        name: scenario.name,
        median: percentile(times, 0.5),
        p95: percentile(times, 0.95),
        max: times[times.length - 1],
      });
      if ('field' in scenario) await page.locator(scenario.field).fill('');
    }

    // Memory: the heap after a while and after five times as long, garbage collected both times.
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = await cdp.send('Runtime.getHeapUsage');
      return usage.usedSize / 2 ** 20;
    };
    await page.click('#tab-packets');
    for (let i = 0; i < 60; i++) await oneTick();
    const heapEarly = await heap();
    for (let i = 0; i < 240; i++) await oneTick();
    const heapLate = await heap();
    const violations = await harness.cspViolations();

    const worst = Math.max(...rows.map((row) => row.median));
    console.log(
      `\nTraffic dashboard render in Chromium (${FLOWS.toLocaleString('en')} flows, ${PACKETS.toLocaleString('en')} recent packets;` +
        ` per tick ${SHARE * 100}% of flows changed and ${PACKETS_PER_TICK.toLocaleString('en')} new packets), ${SAMPLES} ticks each;` +
        ' time to apply the tick and redraw, style and layout included',
    );
    for (const row of rows) {
      console.log(
        `  ${row.name.padEnd(20)} median ${row.median.toFixed(1).padStart(6)} ms   p95 ${row.p95.toFixed(1).padStart(6)} ms   max ${row.max.toFixed(1).padStart(6)} ms`,
      );
    }
    console.log(
      `  worst median ${worst.toFixed(1)} ms, target < ${TARGET_MS} ms (figures from a shared machine are noisy)`,
    );
    console.log(
      `  JS heap after 60 and 300 more ticks: ${heapEarly.toFixed(1)} MiB → ${heapLate.toFixed(1)} MiB; CSP violations: ${violations.length}`,
    );
    return worst < TARGET_MS && violations.length === 0 ? 0 : 1;
  } finally {
    await harness.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
