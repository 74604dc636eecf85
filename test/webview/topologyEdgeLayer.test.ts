// The topology map at rest draws its edges from a layer of their own, kept while nothing they show
// changes: after a capture tick (wider edges, new ones) the picture must be, pixel for pixel, the
// one a whole redraw makes. A whole redraw is forced by resizing the page and back (the map is then
// drawn straight onto its canvas at the same view and positions). The pixels are compared in the
// page (sending them out as numbers took most of a minute).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { TopologyTickNotification } from '../../src/shared/topologyProtocol';
import { NOW, conversationRow, stateOf, syntheticInputs } from '../fixtures/topologyFixtures';
import { delta } from '../unit/shared/trafficFixtures';
import { waitFor } from '../workbench/waitFor';
import type { TopologyPage } from './topologyHarness';
import { readView, settled } from './topologyHarness';
import { openTopology } from './topologyHarness';
import { webviewSkipReason } from './webviewPage';
import type { EdgePass } from '../../src/webview/topology/topologyHook';
import { renderedEvent } from '../../src/webview/topology/topologyHook';

const skip = webviewSkipReason('topology');

/** The page's DOM and what the recorder keeps, as much as this test reads (the tests compile without the DOM's types). */
interface PageDom {
  document: {
    addEventListener(type: string, listener: (event: { detail: { edges: EdgePass } }) => void): void;
    querySelector(selector: string): {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
    };
  };
  /** how each frame drew its edges since the last read */
  passes: EdgePass[];
  /** the map's pixels kept by `keep` */
  kept?: ArrayLike<number>;
}

/** Records how each frame drew its edges. */
const recorder = (event: string) => {
  const page = globalThis as unknown as PageDom;
  page.passes = [];
  page.document.addEventListener(event, (e) => page.passes.push(e.detail.edges));
};

/** How the frames drawn since the last call drew their edges. */
function passes(page: Page): Promise<EdgePass[]> {
  return page.evaluate(() => {
    const dom = globalThis as unknown as PageDom;
    const out = dom.passes;
    dom.passes = [];
    return out;
  });
}

/** Waits until a frame was drawn since the last read of `passes` (the map draws only when something changed). */
async function drawn(page: Page, what: string): Promise<EdgePass[]> {
  const seen: EdgePass[] = [];
  await waitFor(async () => (seen.push(...(await passes(page))), seen.length > 0), { timeoutMs: 5000, what });
  return seen;
}

/** Keeps the map's pixels in the page (`compare` then counts the pixels that differ from them). */
function keep(page: Page): Promise<void> {
  return page.evaluate(() => {
    const dom = globalThis as unknown as PageDom;
    const canvas = dom.document.querySelector('canvas.map');
    dom.kept = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  });
}

/** Pixels of the map now that differ from those kept, and how many were compared. */
function compare(page: Page): Promise<{ differing: number; pixels: number }> {
  return page.evaluate(() => {
    const dom = globalThis as unknown as PageDom;
    const canvas = dom.document.querySelector('canvas.map');
    const now = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const kept = dom.kept!;
    if (kept.length !== now.length) return { differing: -1, pixels: now.length / 4 };
    let differing = 0;
    for (let i = 0; i < now.length; i += 4) {
      if (now[i] !== kept[i] || now[i + 1] !== kept[i + 1] || now[i + 2] !== kept[i + 2]) differing++;
    }
    return { differing, pixels: now.length / 4 };
  });
}

describe('the topology map’s edge layer in Chromium', { skip, timeout: 120_000 }, () => {
  let view: TopologyPage;
  const inputs = syntheticInputs(300, 600);

  before(async () => {
    view = await openTopology(stateOf(inputs), {
      width: 900,
      height: 700,
      beforeLoad: async (harness) => {
        await harness.page.addInitScript(recorder, renderedEvent);
      },
    });
  });
  after(async () => view?.close());

  it('after a tick, draws what a whole redraw draws', async () => {
    const { page } = view;
    await settled(page, 301);
    // A first tick at rest draws the edge layer; the second changes some of its edges.
    const hosts = [...inputs.traffic!.hosts];
    view.host.sendNotification(TopologyTickNotification.type, {
      traffic: delta('topology-test', 1, {
        conversations: [conversationRow(hosts[3].addr, hosts[200].addr, 900, 100)],
      }),
      now: NOW + 500,
    });
    await waitFor(async () => (await readView(page))!.graph.edges.length > 600, { timeoutMs: 5000, what: 'tick 1' });
    await drawn(page, 'tick 1 drawn');
    await page.waitForTimeout(100);
    await passes(page);
    const start = (await readView(page))!;
    // A few conversations grow a hundredfold (wider strokes) and three new ones start.
    const grown = [...inputs.traffic!.conversations].filter((_, i) => i % 60 === 0);
    const rows = grown.map((row) => ({ ...row, bytesAtoB: row.bytesAtoB * 100 + 1e7, lastSeen: NOW + 1000 }));
    const fresh = [0, 1, 2].map((i) => conversationRow(hosts[i * 7].addr, hosts[i * 7 + 150].addr, 5e6, 1e5));
    view.host.sendNotification(TopologyTickNotification.type, {
      traffic: delta('topology-test', 2, { conversations: [...rows, ...fresh] }),
      now: NOW + 1000,
    });
    await waitFor(async () => (await readView(page))!.graph.edges.length > start.graph.edges.length, {
      timeoutMs: 5000,
      what: 'the tick’s new edges',
    });
    const ticked = await drawn(page, 'tick 2 drawn');
    assert.deepEqual(ticked, ['redrawn'], 'the tick’s frame is still: the edge layer is drawn again');
    await keep(page);

    const after = (await readView(page))!;
    assert.deepEqual(after.screen, start.screen, 'nothing moved');
    assert.deepEqual(after.transform, start.transform);
    // Each resize is drawn in a frame of its own, straight onto the canvas.
    for (const width of [901, 900]) {
      await page.setViewportSize({ width, height: 700 });
      assert.deepEqual(await drawn(page, `the map at ${width} px`), ['direct']);
    }

    const { differing, pixels } = await compare(page);
    assert.ok(pixels > 500_000, `${pixels} pixels compared`);
    assert.equal(differing, 0, `${differing} pixels differ from a whole redraw`);
    assert.deepEqual(await view.cspViolations(), []);
  });
});
