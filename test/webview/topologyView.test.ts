// The topology view's bundle in Chromium with a scripted host: it holds the graph the shared
// builder makes of the state it was sent (the layout in its worker, started from a blob: under a
// CSP that allows exactly that), draws a hostile name as text, keeps its selection in step with
// the host both ways, answers the keyboard and the mouse, applies a capture tick without moving
// what was laid out, exports SVG with names escaped, comes back after a reload where it was, and
// is photographed in the light, dark and high-contrast themes (test-results/webview/topology/).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildNetworkGraph } from '../../src/shared/topology/networkGraph';
import { TopologySelectNotification, TopologyTickNotification } from '../../src/shared/topologyProtocol';
import { HOSTILE, NOW, conversationRow, labInputs } from '../fixtures/topologyFixtures';
import { delta } from '../unit/shared/trafficFixtures';
import { waitFor } from '../workbench/waitFor';
import type { TopologyPage } from './topologyHarness';
import { openTopology, readView, settled, stateOf } from './topologyHarness';
import { applyTheme, themes, webviewSkipReason } from './webviewPage';

const skip = webviewSkipReason('topology');

describe('the topology view in Chromium', { skip, timeout: 120_000 }, () => {
  let view: TopologyPage;
  const inputs = labInputs();
  const expected = buildNetworkGraph(inputs);

  before(async () => {
    view = await openTopology(stateOf(inputs, [{ mac: '02:00:00:00:00:fe', x: -300, y: 40 }]));
  });
  after(async () => view?.close());

  const click = async (id: string, options: { button?: 'right'; clickCount?: number } = {}) => {
    const seen = await readView(view.page);
    const [x, y] = seen!.screen[id];
    const canvas = await view.page.locator('canvas.map').boundingBox();
    await view.page.mouse.click(canvas!.x + x, canvas!.y + y, options);
  };

  it('holds the graph the shared builder makes, laid out in a worker, under its CSP', async () => {
    const seen = await settled(view.page, expected.nodes.length);
    assert.deepEqual(
      seen.graph.nodes.map((n) => n.id),
      expected.nodes.map((n) => n.id),
    );
    assert.deepEqual(
      seen.graph.edges.map((e) => [e.id, e.evidence]),
      expected.edges.map((e) => [e.id, e.evidence]),
    );
    assert.ok(seen.stats.ticks > 0, 'the worker ran the simulation');
    const [px, py] = seen.screen['ip:10.1.0.254'];
    const { k, x, y } = seen.transform;
    assert.deepEqual([Math.round((px - x) / k), Math.round((py - y) / k)], [-300, 40], 'the pinned gateway stays put');
    assert.deepEqual(await view.cspViolations(), []);
    assert.deepEqual(view.pageErrors, []);
    const csp = await view.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /worker-src blob:(;|$)/);
  });

  it('draws a hostile name as text: no element is made of it, its tooltip is text', async () => {
    const [x, y] = (await readView(view.page))!.screen['ip:10.1.0.11'];
    const canvas = await view.page.locator('canvas.map').boundingBox();
    await view.page.mouse.move(canvas!.x + x, canvas!.y + y);
    const tooltip = view.page.locator('.tooltip');
    await tooltip.waitFor({ state: 'visible' });
    assert.equal(await tooltip.locator('div').first().textContent(), HOSTILE);
    assert.equal(await view.page.locator('img, iframe, [onerror]').count(), 0);
    assert.deepEqual(view.dialogs, []);
    await view.page.mouse.move(2, 2);
  });

  it('selection travels both ways, and the keyboard walks to neighbours', async () => {
    view.host.sendNotification(TopologySelectNotification.type, { ip: '10.1.0.2' });
    await waitFor(async () => (await readView(view.page))?.selected === 'ip:10.1.0.2', {
      timeoutMs: 5000,
      what: 'the host’s selection',
    });
    await click('ip:10.1.0.11');
    await waitFor(() => view.selections.at(-1) === '10.1.0.11', { timeoutMs: 5000, what: 'the view’s selection sent' });
    // From the hostile host, arrows reach its neighbours only (this machine and 10.1.0.50).
    await view.page.locator('canvas.map').focus();
    const visited = new Set<string>();
    for (const key of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']) {
      await click('ip:10.1.0.11');
      await view.page.keyboard.press(key);
      visited.add((await readView(view.page))!.selected!);
    }
    assert.ok(
      [...visited].every((id) => ['self', 'ip:10.1.0.50', 'ip:10.1.0.11'].includes(id)),
      [...visited].join(),
    );
    assert.ok(visited.size >= 2, 'some arrow moved the selection');
    await view.page.keyboard.press('Enter');
    await view.page.locator('aside.details').waitFor({ state: 'visible' });
    await view.page.keyboard.press('/');
    assert.equal(
      await view.page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement: { className: string } } }
        ).document.activeElement.className.includes('search'),
      ),
      true,
    );
  });

  it('offers the Devices tree’s actions on a node', async () => {
    await view.page.mouse.move(2, 2);
    await click('ip:10.1.0.2', { button: 'right' });
    const items = view.page.locator('.context-menu .menu-item');
    assert.deepEqual(await items.allTextContents(), ['Copy IP', 'Scan Ports…', 'Rescan', 'Trace Hops']);
    await items.filter({ hasText: 'Scan Ports' }).click();
    await waitFor(() => view.actions.length > 0, { timeoutMs: 5000, what: 'the action' });
    assert.deepEqual(view.actions.at(-1), { action: 'scanPorts', ip: '10.1.0.2' });
  });

  it('a capture tick adds a conversation without moving what was laid out', async () => {
    const before = (await readView(view.page))!;
    view.host.sendNotification(TopologyTickNotification.type, {
      traffic: delta('topology-test', 1, { conversations: [conversationRow('10.1.0.20', '10.1.0.30', 5000, 100)] }),
      now: NOW,
    });
    const after = await waitFor(
      async () => (await readView(view.page))!.graph.edges.length > before.graph.edges.length,
      {
        timeoutMs: 5000,
        what: 'the new edge',
      },
    ).then(() => settled(view.page, before.graph.nodes.length));
    let moved = 0;
    for (const [id, [x, y]] of Object.entries(before.screen)) {
      const [nx, ny] = after.screen[id];
      moved = Math.max(moved, Math.hypot(nx - x, ny - y));
    }
    assert.ok(moved < 40, `nodes moved at most ${moved.toFixed(1)} px`);
  });

  it('exports SVG with names escaped', async () => {
    await view.page.locator('vscode-button', { hasText: 'SVG' }).click();
    await waitFor(() => view.exports.length > 0, { timeoutMs: 5000, what: 'the export' });
    const svg = view.exports[0].data;
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the hostile name is escaped');
    assert.ok(!svg.includes('<img'), 'and nowhere raw');
  });

  it('is photographed in light, dark and high contrast', async () => {
    for (const theme of themes) {
      await applyTheme(view.page, theme);
      await view.page.waitForTimeout(200);
      console.log(`# screenshot: ${await view.shoot(`lab-${theme.name}`)}`);
    }
  });

  it('comes back after a reload as it was: layout, positions, zoom', async () => {
    await view.page.locator('canvas.map').focus();
    await view.page.keyboard.press('0');
    await view.page.waitForTimeout(1200); // the persisted state is written at most once a second
    const before = (await readView(view.page))!;
    await view.page.reload();
    const after = await settled(view.page, before.graph.nodes.length);
    let moved = 0;
    for (const [id, [x, y]] of Object.entries(before.screen)) {
      const [nx, ny] = after.screen[id];
      moved = Math.max(moved, Math.hypot(nx - x, ny - y));
    }
    assert.ok(moved < 30, `after the reload nodes are within ${moved.toFixed(1)} px of where they were`);
    assert.deepEqual(await view.cspViolations(), []);
  });
});
