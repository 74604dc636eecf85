// The topology bundle in headless Chromium with a scripted host end of the real transport, as the
// topology's browser tests and the render bench share it: a state from topology inputs (the lab in
// small, or a synthetic network of any size), what the host was asked and told, and the reads the
// tests make through the view's `lanLensTopology` hook.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { TopologyGraph, TopologyLayoutKind } from '../../src/shared/topology/topologyModel';
import type { LayoutStats } from '../../src/webview/topology/layoutMessages';
import type { TopologyTestHook } from '../../src/webview/topology/topologyHook';
import type { TopologyAction, TopologyExportParams, TopologyState } from '../../src/shared/topologyProtocol';
import {
  TopologyActionRequest,
  TopologyExportRequest,
  TopologyPinNotification,
  TopologyReadyRequest,
  TopologySelectNotification,
  TopologySnapshotRequest,
} from '../../src/shared/topologyProtocol';
import { waitFor } from '../workbench/waitFor';
import type { WebviewHarness } from './webviewPage';
import { openWebview, repoRoot } from './webviewPage';

/** The page and what its host saw. */
export interface TopologyPage extends WebviewHarness {
  /** answers `topology/ready` and `topology/snapshot` */
  state: TopologyState;
  selections: (string | undefined)[];
  actions: { action: TopologyAction; ip: string }[];
  pins: { mac: string; x?: number; y?: number }[];
  exports: TopologyExportParams[];
  /** saves `<name>.png` under test-results/webview/topology */
  shoot(name: string): Promise<string>;
}

/** Opens the topology view on `state`. */
export async function openTopology(
  state: TopologyState,
  options: {
    width?: number;
    height?: number;
    /** before the page's first load (the render bench's recorders and trace): a reload would start warm */
    beforeLoad?: (harness: WebviewHarness) => Promise<void>;
  } = {},
): Promise<TopologyPage> {
  const { beforeLoad, ...size } = options;
  const harness = await openWebview('topology', { ...size, blobWorker: true });
  await beforeLoad?.(harness);
  const results = path.join(repoRoot, 'test-results', 'webview', 'topology');
  mkdirSync(results, { recursive: true });
  const page: TopologyPage = {
    ...harness,
    state,
    selections: [],
    actions: [],
    pins: [],
    exports: [],
    shoot: async (name) => {
      const file = path.join(results, `${name}.png`);
      await harness.page.screenshot({ path: file });
      return file;
    },
  };
  const { host } = harness;
  host.onRequest(TopologyReadyRequest.type, () => page.state);
  host.onRequest(TopologySnapshotRequest.type, () => page.state);
  host.onRequest(TopologyActionRequest.type, (params) => void page.actions.push(params));
  host.onRequest(TopologyExportRequest.type, (params) => {
    page.exports.push(params);
    return { path: `/tmp/map.${params.format}`, count: 1 };
  });
  host.onNotification(TopologySelectNotification.type, ({ ip }) => page.selections.push(ip));
  // As the extension's pin store: kept per MAC, and in the state a reloaded view is sent.
  host.onNotification(TopologyPinNotification.type, (pin) => {
    page.pins.push(pin);
    const others = page.state.pins.filter((held) => held.mac !== pin.mac);
    page.state = {
      ...page.state,
      pins: pin.x === undefined || pin.y === undefined ? others : [...others, { mac: pin.mac, x: pin.x, y: pin.y }],
    };
  });
  await harness.page.goto(harness.url);
  return page;
}

/** What the view's hook says (it lives in the page: read it through evaluate). */
interface HookReads {
  layout: TopologyLayoutKind;
  graph: TopologyGraph;
  selected?: string;
  focused: string[];
  matches?: string[];
  screen: Record<string, [number, number]>;
  stats: LayoutStats;
  transform: { k: number; x: number; y: number };
}

interface HookWindow {
  lanLensTopology?: TopologyTestHook;
}

/** The graph the view holds, its selection, where it drew each node and how its layout went. */
export function readView(page: Page): Promise<HookReads | undefined> {
  return page.evaluate(() => {
    const hook = (globalThis as unknown as HookWindow).lanLensTopology;
    if (!hook) return undefined;
    return {
      layout: hook.layout(),
      graph: hook.graph(),
      selected: hook.selected(),
      focused: hook.focused(),
      matches: hook.matches(),
      screen: hook.screenPositions(),
      stats: hook.layoutStats(),
      transform: hook.transform(),
    };
  });
}

/** Waits until the view holds a graph of `nodes` nodes whose layout has settled; returns what it holds. */
export async function settled(page: Page, nodes: number, timeoutMs = 30_000): Promise<HookReads> {
  await settledStats(page, nodes, timeoutMs);
  return (await readView(page))!;
}

/** Waits as `settled` does, reading only the layout's figures (reading the graph is a long task of its own). */
export async function settledStats(page: Page, nodes: number, timeoutMs = 30_000): Promise<LayoutStats> {
  // Polled lightly: reading the whole graph every 100 ms would itself load the page's main thread.
  const light = () =>
    page.evaluate(() => {
      const hook = (globalThis as unknown as HookWindow).lanLensTopology;
      return hook ? { nodes: hook.graph().nodes.length, stats: hook.layoutStats() } : undefined;
    });
  let seen: { nodes: number; stats: LayoutStats } | undefined;
  await waitFor(
    async () => {
      seen = await light();
      return seen !== undefined && seen.nodes === nodes && seen.stats.settled;
    },
    { timeoutMs, what: `a settled layout of ${nodes} nodes` },
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the view holds ${JSON.stringify(seen)}`);
  });
  return seen!.stats;
}

/** Picks `option` in the toolbar's dropdown labelled `dropdown`, as a user does with the mouse. */
export async function choose(page: Page, dropdown: string, option: string): Promise<void> {
  const element = page.locator(`vscode-dropdown[aria-label="${dropdown}"]`);
  await element.click();
  await element.locator('vscode-option', { hasText: option }).first().click({ timeout: 5000 });
}
