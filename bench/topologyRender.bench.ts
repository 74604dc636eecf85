// The topology view in Chromium (the built bundle in its panel's page, test/webview/webviewPage.ts)
// on synthetic networks: the force layout's time in its worker at 200, 1,000 and 5,000 nodes with
// the longest main-thread task while it ran (Long Tasks API); frame time while panning and zooming
// at 1,000 nodes with 2,000 edges and at 5,000 nodes (the view's work per frame, input to drawn, and
// the interval between frames); and the time to apply one capture tick (fold the delta, rebuild the
// graph, draw) at 1,000 and 5,000 nodes. Each figure is printed beside its target.
import type { RenderedTopology } from '../src/webview/topology/topologyHook';
import { TopologyTickNotification } from '../src/shared/topologyProtocol';
import type { TopologyInputs } from '../src/shared/topology/topologyModel';
import { NOW, conversationRow, hostRow, syntheticInputs } from '../test/fixtures/topologyFixtures';
import { delta } from '../test/unit/shared/trafficFixtures';
import type { TopologyPage } from '../test/webview/topologyHarness';
import { openTopology, settled, stateOf } from '../test/webview/topologyHarness';
import { applyTheme, themes, webviewSkipReason } from '../test/webview/webviewPage';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};

/** In the page before anything loads: every long task, and every frame the view draws. */
const recorders = `
window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask', buffered: true });
window.__frames = [];
document.addEventListener('lanlens-topology-rendered', (e) => window.__frames.push(e.detail));
`;

/** What the page recorded since the last read. */
interface Recorded {
  longTasks: [number, number][];
  frames: RenderedTopology[];
}

const recorded = (view: TopologyPage): Promise<Recorded> =>
  view.page.evaluate(() => {
    const page = globalThis as unknown as { __longTasks: [number, number][]; __frames: RenderedTopology[] };
    const out = { longTasks: page.__longTasks, frames: page.__frames };
    page.__longTasks = [];
    page.__frames = [];
    return out;
  });

interface Row {
  what: string;
  value: string;
  target: string;
  ok: boolean;
}

/** Opens the view on a synthetic network and waits for its layout to settle. */
async function open(
  inputs: TopologyInputs,
  nodes: number,
): Promise<{ view: TopologyPage; layoutMs: number; longest: number }> {
  const view = await openTopology(stateOf(inputs), { width: 1280, height: 900 });
  await view.page.addInitScript(recorders);
  await view.page.reload();
  await applyTheme(view.page, themes[1]);
  const seen = await settled(view.page, nodes, 120_000);
  const { longTasks } = await recorded(view);
  // Only while the layout ran: reading the settled graph back (for this bench) is a long task of its own.
  const end = seen.stats.startedAt + seen.stats.layoutMs;
  const during = longTasks.filter(([start]) => start >= seen.stats.startedAt && start < end);
  return { view, layoutMs: seen.stats.layoutMs, longest: Math.max(0, ...during.map(([, duration]) => duration)) };
}

/** Pans with the mouse and zooms with the wheel for a while; the view's work per frame and the frame interval. */
async function panAndZoom(view: TopologyPage): Promise<{ work: number[]; intervals: number[] }> {
  const { page } = view;
  await recorded(view);
  // As text: a function compiled here would carry the test runner's helpers into the page.
  await page.evaluate(`(() => {
    window.__intervals = [];
    window.__stop = false;
    let last = 0;
    const loop = (t) => {
      if (last) window.__intervals.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  })()`);
  const box = (await page.locator('canvas.map').boundingBox())!;
  // Empty space to grab: the top-left corner, where the fitted map leaves room.
  const x0 = box.x + 8;
  const y0 = box.y + 8;
  for (let round = 0; round < 3; round++) {
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) await page.mouse.move(x0 + i * 6, y0 + i * 4);
    await page.mouse.up();
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -60 : 60);
  }
  const intervals = await page.evaluate(() => {
    const g = globalThis as unknown as { __intervals: number[]; __stop: boolean };
    g.__stop = true;
    return g.__intervals;
  });
  const { frames } = await recorded(view);
  return { work: frames.map((frame) => frame.renderMs), intervals: intervals.slice(1) };
}

/** One capture tick: a fifth of the conversations' bytes grow and ten new ones start. */
async function tickCost(view: TopologyPage, inputs: TopologyInputs, ticks: number): Promise<number[]> {
  const conversations = [...inputs.traffic!.conversations];
  const hosts = [...inputs.traffic!.hosts];
  const costs: number[] = [];
  for (let tick = 1; tick <= ticks; tick++) {
    await recorded(view);
    const changed = conversations
      .filter((_, i) => i % 5 === tick % 5)
      .map((row) => ({ ...row, bytesAtoB: row.bytesAtoB + 1500 * tick, lastSeen: NOW + tick * 1000 }));
    const fresh = Array.from({ length: 10 }, (_, i) =>
      conversationRow(
        hosts[(tick * 10 + i) % hosts.length].addr,
        hosts[(tick * 7 + i * 3) % hosts.length].addr,
        900,
        300,
      ),
    );
    const touched = hosts.filter((_, i) => i % 5 === tick % 5).map((row) => hostRow(row.addr, row.bytesIn * 2 + 3000));
    view.host.sendNotification(TopologyTickNotification.type, {
      traffic: delta('topology-test', tick, { conversations: [...changed, ...fresh], hosts: touched }),
      now: NOW + tick * 1000,
    });
    let frames: RenderedTopology[] = [];
    for (let wait = 0; wait < 100 && !frames.some((frame) => frame.applyMs > 0); wait++) {
      await view.page.waitForTimeout(20);
      frames = (await recorded(view)).frames;
    }
    const frame = frames.find((f) => f.applyMs > 0);
    if (frame) costs.push(frame.applyMs + frame.renderMs);
  }
  return costs;
}

async function main(): Promise<number> {
  const skip = webviewSkipReason('topology');
  if (skip) {
    console.error(`topology bench: ${skip}`);
    return 1;
  }
  const rows: Row[] = [];
  const row = (what: string, value: number, target: number, unit = 'ms') =>
    rows.push({ what, value: `${value.toFixed(1)} ${unit}`, target: `< ${target} ${unit}`, ok: value < target });
  // `… topologyRender.bench.ts 5000` measures one size only.
  const only = process.argv.slice(2).map(Number);
  const sizes = (
    [
      [200, 500],
      [1000, 2000],
      [5000, 20_000],
    ] as const
  ).filter(([nodes]) => only.length === 0 || only.includes(nodes));
  for (const [nodes, target] of sizes) {
    const inputs = syntheticInputs(nodes, nodes * 2);
    const { view, layoutMs, longest } = await open(inputs, nodes + 1);
    try {
      row(`layout, ${nodes.toLocaleString('en')} nodes`, layoutMs, target);
      row(`  longest main-thread task meanwhile`, longest, 50.001);
      if (nodes >= 1000) {
        const { work, intervals } = await panAndZoom(view);
        const label = `${nodes.toLocaleString('en')} nodes, ${(nodes * 2).toLocaleString('en')} edges`;
        if (nodes === 1000) row(`pan/zoom frame work, ${label}, median`, percentile(work, 0.5), 16.7);
        else row(`pan/zoom frame work, ${label}, p95`, percentile(work, 0.95), 33);
        rows.push({
          what: `  frame interval (median / p95), ${work.length} frames`,
          value: `${percentile(intervals, 0.5).toFixed(1)} / ${percentile(intervals, 0.95).toFixed(1)} ms`,
          target: '(vsync 16.7 ms)',
          ok: true,
        });
        const costs = await tickCost(view, inputs, 15);
        row(`capture tick applied and drawn, ${nodes.toLocaleString('en')} nodes, median`, percentile(costs, 0.5), 50);
      }
      const violations = await view.cspViolations();
      if (violations.length > 0)
        rows.push({ what: 'CSP violations', value: String(violations.length), target: '0', ok: false });
    } finally {
      await view.close();
    }
  }
  console.log(
    '\nTopology view in Chromium (synthetic networks; each figure beside its target; a shared machine is noisy)',
  );
  for (const { what, value, target, ok } of rows) {
    console.log(`  ${what.padEnd(62)} ${value.padStart(16)}   target ${target}${ok ? '' : '   MISSED'}`);
  }
  return rows.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
