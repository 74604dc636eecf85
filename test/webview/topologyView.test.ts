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
import { HOSTILE, NOW, conversationRow, labInputs, stateOf } from '../fixtures/topologyFixtures';
import { delta } from '../unit/shared/trafficFixtures';
import { waitFor } from '../workbench/waitFor';
import type { TopologyPage } from './topologyHarness';
import { openTopology, readView, settled } from './topologyHarness';
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

  it('double-click shows a node with its neighbours only; Escape shows all again', async () => {
    await view.page.keyboard.press('Escape'); // the menu, if still open
    await click('ip:10.1.0.2', { clickCount: 2 });
    const around = expected.edges.flatMap((edge) =>
      edge.source === 'ip:10.1.0.2' ? [edge.target] : edge.target === 'ip:10.1.0.2' ? [edge.source] : [],
    );
    await waitFor(async () => (await readView(view.page))!.focused.length > 0, { timeoutMs: 5000, what: 'a focus' });
    assert.deepEqual((await readView(view.page))!.focused.sort(), ['ip:10.1.0.2', ...around].sort());
    assert.equal(view.selections.at(-1), '10.1.0.2', 'the focused node is selected in the tree too');
    await view.page.locator('canvas.map').focus();
    await view.page.keyboard.press('Escape');
    assert.deepEqual((await readView(view.page))!.focused, []);
  });

  it('search picks nodes by address or MAC, Enter selects the next match; 0 fits the map', async () => {
    await view.page.locator('.search').click();
    await view.page.keyboard.type('10.1.0.3');
    await waitFor(async () => (await readView(view.page))!.matches?.length === 1, { timeoutMs: 5000, what: 'a match' });
    assert.deepEqual((await readView(view.page))!.matches, ['ip:10.1.0.30']);
    await view.page.keyboard.press('Enter');
    await waitFor(() => view.selections.at(-1) === '10.1.0.30', { timeoutMs: 5000, what: 'the match selected' });
    await view.page.keyboard.press('Control+A');
    await view.page.keyboard.type('02:00:00:00:00:5');
    await waitFor(async () => (await readView(view.page))!.matches?.[0] === 'ip:10.1.0.50', {
      timeoutMs: 5000,
      what: 'a match by MAC',
    });
    await view.page.keyboard.press('Control+A');
    await view.page.keyboard.press('Backspace');
    await waitFor(async () => (await readView(view.page))!.matches === undefined, {
      timeoutMs: 5000,
      what: 'no search',
    });
    // Zoomed far in, 0 brings every node back into the canvas.
    await view.page.locator('canvas.map').focus();
    for (let i = 0; i < 6; i++) await view.page.keyboard.press('+');
    await view.page.keyboard.press('0');
    const box = (await view.page.locator('canvas.map').boundingBox())!;
    const fitted = (await readView(view.page))!;
    for (const [id, [x, y]] of Object.entries(fitted.screen)) {
      assert.ok(x >= 0 && y >= 0 && x <= box.width && y <= box.height, `${id} at ${x}, ${y} is on the canvas`);
    }
  });

  it('a dragged node is pinned by its MAC, and is where it was left after a reload', async () => {
    const before = (await readView(view.page))!;
    const [x, y] = before.screen['ip:10.1.0.20'];
    const canvas = (await view.page.locator('canvas.map').boundingBox())!;
    await view.page.mouse.move(canvas.x + x, canvas.y + y);
    await view.page.mouse.down();
    for (let i = 1; i <= 10; i++) await view.page.mouse.move(canvas.x + x + i * 6, canvas.y + y + i * 4);
    await view.page.mouse.up();
    await waitFor(() => view.pins.some((pin) => pin.mac === '02:00:00:00:00:20'), { timeoutMs: 5000, what: 'a pin' });
    const pin = view.pins.filter((held) => held.mac === '02:00:00:00:00:20').at(-1)!;
    const { k, x: tx, y: ty } = before.transform;
    assert.ok(
      Math.abs(pin.x! - (x + 60 - tx) / k) < 1.5 && Math.abs(pin.y! - (y + 40 - ty) / k) < 1.5,
      JSON.stringify(pin),
    );
    await view.page.reload();
    const after = await settled(view.page, before.graph.nodes.length);
    const [px, py] = after.screen['ip:10.1.0.20'];
    const t = after.transform;
    assert.ok(Math.abs((px - t.x) / t.k - pin.x!) < 1 && Math.abs((py - t.y) / t.k - pin.y!) < 1, 'at its pin');
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

  it('exports the view as PNG', async () => {
    await view.page.locator('vscode-button', { hasText: 'PNG' }).click();
    await waitFor(() => view.exports.some((params) => params.format === 'png'), { timeoutMs: 5000, what: 'the PNG' });
    const png = Buffer.from(view.exports.find((params) => params.format === 'png')!.data, 'base64');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 5000, `${png.length} bytes: a drawn map, not an empty canvas`);
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
