// The topology map at rest draws its edges from a layer of their own, kept while nothing they show
// changes: after a capture tick (wider edges, new ones) the picture must be the one a whole redraw
// makes. A whole redraw is forced by resizing the page and back
// (the map is then drawn straight onto its canvas at the same view and positions).
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
import { renderedEvent } from '../../src/webview/topology/topologyHook';

const skip = webviewSkipReason('topology');

/** The page's DOM, as much of it as this test reads (the tests compile without the DOM's types). */
interface PageDom {
  document: {
    addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
    querySelector(selector: string): {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
    };
  };
}

/** The map's pixels once the frame now due (if any) is drawn: after the next drawn frame, or 300 ms without one. */
function pixels(page: Page): Promise<number[]> {
  return page.evaluate(async (event: string) => {
    const { document } = globalThis as unknown as PageDom;
    await new Promise<void>((resolve) => {
      document.addEventListener(event, resolve, { once: true });
      setTimeout(resolve, 300);
    });
    const canvas = document.querySelector('canvas.map');
    return [...Array.from(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data)];
  }, renderedEvent);
}

describe('the topology map’s edge layer in Chromium', { skip, timeout: 120_000 }, () => {
  let view: TopologyPage;
  const inputs = syntheticInputs(300, 600);

  before(async () => {
    view = await openTopology(stateOf(inputs), { width: 900, height: 700 });
  });
  after(async () => view?.close());

  it('after a tick, draws what a whole redraw draws', async () => {
    await settled(view.page, 301);
    // A first tick at rest draws the edge layer; the second changes some of its edges.
    const hosts = [...inputs.traffic!.hosts];
    view.host.sendNotification(TopologyTickNotification.type, {
      traffic: delta('topology-test', 1, {
        conversations: [conversationRow(hosts[3].addr, hosts[200].addr, 900, 100)],
      }),
      now: NOW + 500,
    });
    await pixels(view.page);
    const start = (await readView(view.page))!;
    // A few conversations grow a hundredfold (wider strokes) and three new ones start.
    const grown = [...inputs.traffic!.conversations].filter((_, i) => i % 60 === 0);
    const rows = grown.map((row) => ({ ...row, bytesAtoB: row.bytesAtoB * 100 + 1e7, lastSeen: NOW + 1000 }));
    const fresh = [0, 1, 2].map((i) => conversationRow(hosts[i * 7].addr, hosts[i * 7 + 150].addr, 5e6, 1e5));
    view.host.sendNotification(TopologyTickNotification.type, {
      traffic: delta('topology-test', 2, { conversations: [...rows, ...fresh] }),
      now: NOW + 1000,
    });
    await waitFor(async () => (await readView(view.page))!.graph.edges.length > start.graph.edges.length, {
      timeoutMs: 5000,
      what: 'the tick’s new edges',
    });
    const patched = await pixels(view.page);

    const after = (await readView(view.page))!;
    assert.deepEqual(after.screen, start.screen, 'nothing moved');
    assert.deepEqual(after.transform, start.transform);
    // Each resize is drawn in a frame of its own, straight onto the canvas.
    const resized = async (width: number) => {
      const drawn = pixels(view.page);
      await view.page.setViewportSize({ width, height: 700 });
      return drawn;
    };
    await resized(901);
    const whole = await resized(900);

    assert.equal(whole.length, patched.length);
    let differing = 0;
    for (let i = 0; i < whole.length; i += 4) {
      if (whole[i] !== patched[i] || whole[i + 1] !== patched[i + 1] || whole[i + 2] !== patched[i + 2]) differing++;
    }
    assert.equal(differing, 0, `${differing} pixels differ from a whole redraw`);
    assert.deepEqual(await view.cspViolations(), []);
  });
});
