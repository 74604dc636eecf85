// "LAN Lens: Show Topology" in a real VS Code (code-server) driven through Chromium as a user
// would, on a lab of its own (10.213.72.0/24, see test/lab/lab.ts): after a scan the map holds
// this machine and every lab host, the one named `<img src=x onerror=alert(1)>` by the lab's DNS
// drawn as text; selecting a device in the Devices tree selects its node and clicking a node
// selects its device; during a capture, traffic between the hosts becomes an edge, and the view
// opened anew while the capture runs starts with it; the page's worker starts under its CSP with
// no violation; and the map is photographed in the light, dark and high-contrast themes under
// test-results/e2e/topology/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import type { TopologyGraph } from '../../src/shared/topology/topologyModel';
import type { TopologyTestHook } from '../../src/webview/topology/topologyHook';
import { runOk } from '../lab/exec';
import type { Lab } from '../lab/lab';
import { createLab, labSkipReason } from '../lab/lab';
import { labVendors, vendorMac } from '../lab/vendors';
import type { LanLensWorkbench } from '../workbench/lanLensWorkbench';
import { startLanLensWorkbench } from '../workbench/lanLensWorkbench';
import { Screenshots } from '../workbench/screenshots';
import { repoRoot, workbenchSkipReason } from '../workbench/codeServer';
import { assertNoInjection, dashboardFrame, frameText } from '../workbench/dashboardFrame';
import { readPng } from '../workbench/pngImage';
import type { ReadOnlyFolder } from '../workbench/readOnlyFolder';
import { readOnlyFolder } from '../workbench/readOnlyFolder';
import { answerSaveDialog } from '../workbench/saveDialog';
import { waitFor } from '../workbench/waitFor';
import { runCommand, setColorTheme, startCaptureFromPalette } from '../workbench/workbenchUi';
import { labSettings } from '../workbench/workbenchSettings';

const skip = workbenchSkipReason() ?? labSkipReason();
const SUBNET = '10.213.72'; // this suite's own /24 (see test/lab/lab.ts)
const HOSTILE = '<img src=x onerror=alert(1)>';
const results = path.join(repoRoot, 'test-results', 'e2e', 'topology');
// code-server's own themes, as the picker lists them.
const themes = { light: 'Light Modern', dark: 'Dark Modern', 'high-contrast': 'Dark High Contrast' } as const;

/** What the view's hook says, read in its frame. */
function viewOf(frame: Frame): Promise<{ graph: TopologyGraph; selected?: string; settled: boolean }> {
  return frame.evaluate(() => {
    const hook = (globalThis as unknown as { lanLensTopology: TopologyTestHook }).lanLensTopology;
    return { graph: hook.graph(), selected: hook.selected(), settled: hook.layoutStats().settled };
  });
}

describe('Show Topology in VS Code, as a user', { skip, timeout: 420_000 }, () => {
  let lab: Lab;
  let lanLens: LanLensWorkbench | undefined;
  let page: Page;
  let frame: Frame;
  let workspace: string;
  const exports = path.join(results, 'exports');
  let readOnly: ReadOnlyFolder | undefined;
  const dialogs: string[] = [];
  const cspMessages: string[] = [];
  let theme: keyof typeof themes = 'dark';

  const shots = new Screenshots(results, false);
  const shoot = (name: string) => shots.take(page, `${name}-${theme}`);

  const setTheme = async (which: keyof typeof themes) => {
    if (theme === which) return;
    await setColorTheme(page, themes[which]);
    theme = which;
  };

  /** The tree row of a device (its label is its hostname or address). */
  const treeRow = (label: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();

  /** Clicks a node of the map where the view drew it. */
  const clickNode = async (id: string) => {
    const screen = await frame.evaluate(() =>
      (globalThis as unknown as { lanLensTopology: TopologyTestHook }).lanLensTopology.screenPositions(),
    );
    const box = await frame.locator('canvas.map').boundingBox();
    const [x, y] = screen[id];
    await page.mouse.click(box!.x + x, box!.y + y);
  };

  /** Clicks the view's SVG or PNG button and answers the save dialog; the view must say where it saved. */
  const exportMap = async (format: 'svg' | 'png', saveAs?: string) => {
    const previous = await frameText(frame, '.notice');
    await frame.locator('vscode-button', { hasText: format.toUpperCase() }).click();
    const offered = await answerSaveDialog(page, { saveAs });
    let notice = previous;
    await waitFor(async () => (notice = await frameText(frame, '.notice')) !== previous, {
      timeoutMs: 15_000,
      what: `the view to say where the ${format.toUpperCase()} went`,
    });
    const saved = /^Saved the map to (.+)$/.exec(notice)?.[1];
    assert.ok(saved && (await frame.locator('.notice.error').count()) === 0, notice);
    return { offered, saved };
  };

  /** Opens an exported SVG in a page of its own, as a browser would show the file. */
  const openSvg = async (file: string) => {
    const context = await lanLens!.browser.newContext();
    const viewer = await context.newPage();
    const events: string[] = [];
    viewer.on('request', (request) => request.url() !== pathToFileURL(file).href && events.push(request.url()));
    viewer.on('dialog', (dialog) => (events.push(`dialog ${dialog.message()}`), void dialog.dismiss()));
    viewer.on('pageerror', (error) => events.push(`error ${error.message}`));
    viewer.on('console', (message) => events.push(`console ${message.text()}`));
    await viewer.goto(pathToFileURL(file).href);
    const read = await viewer.evaluate(() => {
      type Element = { localName: string; textContent: string | null; getAttributeNames(): string[] };
      const doc = (
        globalThis as unknown as { document: { documentElement: Element; querySelectorAll(s: string): Element[] } }
      ).document;
      const all = [...doc.querySelectorAll('*')];
      return {
        root: doc.documentElement.localName,
        errors: doc.querySelectorAll('parsererror').length,
        texts: [...doc.querySelectorAll('text')].map((text) => text.textContent ?? ''),
        active: all
          .filter(
            (element) =>
              ['script', 'img', 'image', 'foreignObject', 'iframe', 'a', 'use'].includes(element.localName) ||
              element.getAttributeNames().some((name) => /^on|href$/i.test(name)),
          )
          .map((element) => element.localName),
      };
    });
    await viewer.waitForTimeout(500); // an onerror would have fired by now
    await context.close();
    assert.equal(read.root, 'svg');
    assert.equal(read.errors, 0, 'the SVG parses');
    return { ...read, events };
  };

  before(async () => {
    rmSync(results, { recursive: true, force: true });
    mkdirSync(results, { recursive: true });
    lab = await createLab({
      suite: 'topoe',
      bridgeIp: `${SUBNET}.1`,
      hosts: [
        { ip: `${SUBNET}.11`, mac: vendorMac(labVendors[0].oui, 0x72), dnsServer: true },
        { ip: `${SUBNET}.12`, mac: vendorMac(labVendors[1].oui, 0x73), ptrName: HOSTILE },
        { ip: `${SUBNET}.13`, mac: vendorMac(labVendors[2].oui, 0x74) },
      ],
    });
    mkdirSync(exports, { recursive: true });
    readOnly = await readOnlyFolder(path.join(results, 'read-only'));
    lanLens = await startLanLensWorkbench(path.join(results, 'profile'), {
      settings: {
        ...labSettings({ cidr: lab.cidr, bridge: lab.bridge, dnsIp: lab.dnsIp }),
        'workbench.colorTheme': themes.dark,
      },
      problems: { dialogs, cspMessages },
    });
    page = lanLens.page;
    workspace = lanLens.profile.workspace;
  });

  after(async () => {
    await lanLens?.stop();
    lab?.destroy();
    readOnly?.remove();
  });

  test('after a scan the map holds this machine and every lab host, the hostile name as text', async () => {
    await page.getByRole('tab', { name: /^LAN Lens/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: /^LAN Lens/ }).click();
    await runCommand(page, 'LAN Lens: Scan LAN');
    await treeRow(HOSTILE).waitFor({ timeout: 60_000 });
    await runCommand(page, 'LAN Lens: Show Topology');
    frame = await dashboardFrame(page, 'canvas.map', 'the topology view');
    const ids = ['self', ...lab.hosts.map((host) => `ip:${host.ip}`)];
    let seen = await viewOf(frame);
    await waitFor(
      async () => {
        seen = await viewOf(frame);
        return seen.settled && ids.every((id) => seen.graph.nodes.some((node) => node.id === id));
      },
      { timeoutMs: 30_000, what: 'a settled map of the lab' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${seen.graph.nodes.map((node) => node.id).join(', ')}`);
    });
    const hostile = seen.graph.nodes.find((node) => node.ip === lab.hosts[1].ip);
    assert.equal(hostile?.label, HOSTILE);
    for (const edge of seen.graph.edges) assert.ok(edge.evidence.length > 0, edge.id);
    assert.deepEqual(
      seen.graph.edges.filter((edge) => edge.source === 'self').map((edge) => edge.evidence[0].kind),
      lab.hosts.map(() => 'same-subnet'),
    );
    await assertNoInjection(frame, dialogs);
    await shoot('after-scan');
  });

  test('selection travels between the Devices tree and the map, both ways', async () => {
    const [server, client] = lab.hosts;
    await treeRow(server.ip).click();
    await waitFor(async () => (await viewOf(frame)).selected === `ip:${server.ip}`, {
      timeoutMs: 10_000,
      what: 'the map to select the device the tree selected',
    });
    await clickNode(`ip:${client.ip}`);
    await waitFor(async () => (await treeRow(HOSTILE).getAttribute('aria-selected')) === 'true', {
      timeoutMs: 10_000,
      what: 'the tree to select the device clicked on the map',
    });
    await shoot('selected');
  });

  test('exports the map as SVG and PNG through the save dialog, as the view holds it', async () => {
    const { graph } = await viewOf(frame);
    const shown = await frame.evaluate(() =>
      Object.keys((globalThis as unknown as { lanLensTopology: TopologyTestHook }).lanLensTopology.screenPositions()),
    );
    const labels = graph.nodes.filter((node) => shown.includes(node.id)).map((node) => node.label);
    assert.ok(labels.includes(HOSTILE) && labels.length === lab.hosts.length + 1, labels.join(', '));
    // SVG to where the dialog offers: the workspace, a dated name.
    const svg = await exportMap('svg');
    assert.match(
      svg.offered,
      new RegExp(`^${workspace}/lan-lens-topology-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.svg$`),
    );
    assert.equal(svg.saved, svg.offered);
    const read = await openSvg(svg.saved);
    assert.deepEqual(read.texts.sort(), labels.sort(), 'one label per node shown, as text');
    assert.deepEqual(read.active, [], 'no script, image, foreign object or event handler');
    assert.deepEqual(read.events, [], 'nothing run, nothing fetched');
    const text = readFileSync(svg.saved, 'utf8');
    assert.ok(
      text.includes('&lt;img src=x onerror=alert(1)&gt;') && !text.includes('<img'),
      'the hostile name escaped',
    );
    // PNG to a folder typed into the dialog: the canvas as shown, at its pixel size.
    const png = await exportMap('png', path.join(exports, 'map.png'));
    assert.equal(png.saved, path.join(exports, 'map.png'));
    const image = readPng(readFileSync(png.saved));
    const canvas = await frame.locator('canvas.map').evaluate((element: unknown) => {
      const { width, height } = element as { width: number; height: number };
      return { width, height };
    });
    assert.deepEqual({ width: image.width, height: image.height }, canvas, 'the canvas at its pixel size');
    assert.ok(image.distinctRows > 10, `a drawn map, not a flat image (${image.distinctRows} distinct rows)`);
    for (const file of [svg.saved, png.saved]) {
      const { uid, gid } = statSync(file);
      assert.deepEqual({ uid, gid }, { uid: process.getuid!(), gid: process.getgid!() }, `${file} is the user's`);
    }
    await shoot('exported');
  });

  test('an export cancelled writes nothing and says nothing; one that cannot be written says why', async () => {
    const before = readdirSync(workspace);
    const notice = await frameText(frame, '.notice');
    await frame.locator('vscode-button', { hasText: 'SVG' }).click();
    await answerSaveDialog(page, { cancel: true });
    await page.waitForTimeout(1000); // an answer to the view would have arrived by now
    assert.deepEqual(readdirSync(workspace), before, 'nothing written');
    assert.equal(await frameText(frame, '.notice'), notice, 'the notice unchanged');
    assert.equal(await frame.locator('.notice.error').count(), 0);
    // A folder that cannot be written: the view says where and why, as an error.
    const target = path.join(readOnly!.path, 'map.svg');
    await frame.locator('vscode-button', { hasText: 'SVG' }).click();
    await answerSaveDialog(page, { saveAs: target });
    await waitFor(async () => (await frame.locator('.notice.error').count()) > 0, {
      timeoutMs: 15_000,
      what: 'the view to show the write error',
    });
    const error = await frameText(frame, '.notice');
    await shoot('export-refused');
    assert.ok(!existsSync(target));
    assert.equal(error, `Could not save the map to ${target}: ${readOnly!.reason}. Choose a folder you can write to.`);
  });

  test('during a capture, traffic between the hosts becomes an edge, also in a view opened meanwhile', async () => {
    await startCaptureFromPalette(page, lab.bridge, 'not ip6');
    const [a, , c] = lab.hosts;
    const pair = [`ip:${a.ip}`, `ip:${c.ip}`].sort().join('|');
    await waitFor(
      async () => {
        await runOk('ip', ['netns', 'exec', c.namespace, 'busybox', 'ping', '-c', '2', '-W', '1', a.ip], {
          timeoutMs: 10_000,
        });
        const { graph } = await viewOf(frame);
        return graph.edges.some((edge) => edge.id === pair && edge.evidence.some((x) => x.kind === 'traffic'));
      },
      { timeoutMs: 30_000, what: `a traffic edge ${pair}` },
    );
    await assertNoInjection(frame, dialogs);
    // Opened while the capture runs, the view starts from the capture's snapshot: the edge is there.
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'LAN Lens: Show Topology');
    frame = await dashboardFrame(page, 'canvas.map', 'the topology view opened during the capture');
    await waitFor(
      async () => {
        const { graph, settled } = await viewOf(frame);
        return (
          settled && graph.edges.some((edge) => edge.id === pair && edge.evidence.some((x) => x.kind === 'traffic'))
        );
      },
      { timeoutMs: 30_000, what: `the traffic edge ${pair} in a view opened during the capture` },
    );
    await assertNoInjection(frame, dialogs);
    await runCommand(page, 'LAN Lens: Stop Capture');
    for (const which of ['light', 'dark', 'high-contrast'] as const) {
      await setTheme(which);
      await shoot('during-capture');
    }
  });

  test('no Content Security Policy violation anywhere, and no dialog', () => {
    assert.deepEqual(cspMessages, []);
    assert.deepEqual(dialogs, []);
  });
});
