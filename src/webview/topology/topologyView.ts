// The "Show Topology" view: asks the host for its state, folds ticks and device changes, has the
// layout worker build the graph with the shared builder (a tick patches the network graph here),
// at most once per frame, and hands it to the map; keeps the selection in step with the Devices
// tree; persists its layout, filters, zoom and positions so a reloaded panel comes back as it was.
// The graph it holds is exposed to tests as `lanLensTopology`.
import { zoomIdentity } from 'd3-zoom';
import type { TopologyGraph, TopologyLayoutKind } from '../../shared/topology/topologyModel';
import type { TopologyAction, TopologyState } from '../../shared/topologyProtocol';
import {
  TOPOLOGY_PROTOCOL_VERSION,
  TopologyActionRequest,
  TopologyDevicesNotification,
  TopologyExportRequest,
  TopologyHopsNotification,
  TopologyPinNotification,
  TopologyReadyRequest,
  TopologyResetNotification,
  TopologySelectNotification,
  TopologySnapshotRequest,
  TopologyTickNotification,
} from '../../shared/topologyProtocol';
import type { WebviewEndpoint } from '../../shared/webviewTransport';
import { el } from '../common/dom';
import type { PersistedState } from '../common/vscodeApi';
import { detailLines, nodeLines } from './nodeText';
import { sceneSvg } from './svgExport';
import { readPalette, watchTheme } from './themePalette';
import { TopologyCanvas } from './topologyCanvas';
import type { MenuItem } from './topologyControls';
import { TopologyControls } from './topologyControls';
import { TopologyData } from './topologyData';
import { applyFilters } from './topologyFilters';
import type { TopologyPersisted } from './topologyPersisted';
import type { EdgePass } from './topologyHook';
import { dispatchRendered, exposeForTests } from './topologyTestHook';

/** How often the view re-judges which nodes were not seen recently. */
const RESTALE_EVERY_MS = 5_000;

const ACTIONS: [TopologyAction, string][] = [
  ['copyIp', 'Copy IP'],
  ['scanPorts', 'Scan Ports…'],
  ['rescan', 'Rescan'],
  ['trace', 'Trace Hops'],
];

export class TopologyView {
  private readonly data = new TopologyData();
  private readonly map: TopologyCanvas;
  private readonly controls: TopologyControls;
  private pins = new Map<string, { x: number; y: number }>();
  private rebuildFrame = 0;
  /** a graph is being built in the worker; `buildAgain`: something changed meanwhile */
  private building = false;
  private buildAgain = false;
  /** the address a whole state said the tree has selected, selected once its graph is shown */
  private selectAfterShow: string | undefined;
  private applyMs = 0;
  private restoredTransform = false;
  /** the resting layout's positions are in the persisted state */
  private positionsSaved = false;

  constructor(
    root: HTMLElement,
    private readonly host: WebviewEndpoint,
    private readonly persisted: PersistedState<TopologyPersisted>,
  ) {
    const saved = persisted.get();
    this.controls = new TopologyControls(
      {
        layout: (layout) => this.setLayout(layout),
        filters: (patch) => {
          this.persisted.update({ filters: { ...this.persisted.get().filters, ...patch } });
          this.refilter();
        },
        findNext: () => this.findNext(),
        fit: () => this.map.fit(),
        exportAs: (format) => void this.exportAs(format),
      },
      saved.layout,
      saved.filters,
    );
    this.map = new TopologyCanvas(readPalette(), {
      select: (index) => this.select(index, true),
      hover: (index, x, y) => this.hover(index, x, y),
      focus: (index) => this.focusOn(index),
      contextMenu: (index, x, y) => this.controls.showMenu(this.actionsFor(index), x, y),
      pinned: (index, x, y) => this.pin(index, x, y),
      details: (index) => this.showDetails(index),
      zoomed: (transform) => this.persisted.update({ transform: { k: transform.k, x: transform.x, y: transform.y } }),
      rendered: (frame) => this.rendered(frame),
      error: (error) => this.controls.notice(`The layout failed: ${String(error)}`, true),
    });
    root.replaceChildren(
      this.controls.toolbar,
      el('div', {
        className: 'stage',
        children: [this.map.canvas, this.controls.legend, this.controls.details, this.controls.tooltip],
      }),
      this.controls.note,
      this.controls.status,
      this.controls.menu,
    );
    const palette = readPalette();
    this.controls.drawLegend(palette, saved.layout);
    // Time alone dims a node: without ticks (a capture stopped, none started) nothing else would.
    setInterval(() => {
      if (this.data.restale(this.map.scene.graph)) this.map.schedule();
    }, RESTALE_EVERY_MS);
    watchTheme((next) => {
      this.map.setPalette(next);
      this.controls.drawLegend(next, this.persisted.get().layout);
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === '/' && !(event.target instanceof HTMLInputElement) && event.target === document.body) {
        event.preventDefault();
        this.controls.focusSearch();
      }
    });
    this.map.canvas.addEventListener('keydown', (event) => {
      if (event.key === '/') {
        event.preventDefault();
        this.controls.focusSearch();
      }
    });
    window.addEventListener('beforeunload', () => this.persist(true));
    exposeForTests(this.map, () => this.persisted.get().layout);
  }

  /** Handshake, then listen. */
  async start(): Promise<void> {
    const { host } = this;
    host.onNotification(TopologyTickNotification.type, ({ traffic, now }) => {
      const started = performance.now();
      const outcome = this.data.applyTick(traffic, now);
      this.applyMs += performance.now() - started;
      if (outcome === 'gap') void this.resync();
      else if (outcome === 'applied') this.scheduleRebuild();
    });
    host.onNotification(TopologyResetNotification.type, (state) => void this.reset(state));
    host.onNotification(TopologyDevicesNotification.type, ({ devices, now }) => {
      this.data.setDevices(devices, now);
      this.scheduleRebuild();
    });
    host.onNotification(TopologyHopsNotification.type, ({ hops }) => {
      this.data.hops = hops;
      this.scheduleRebuild();
    });
    host.onNotification(TopologySelectNotification.type, ({ ip }) => this.selectIp(ip));
    try {
      await this.reset(
        await host.sendRequest(TopologyReadyRequest.type, { protocolVersion: TOPOLOGY_PROTOCOL_VERSION }),
      );
    } catch (error) {
      this.controls.notice(messageOf(error), true);
    }
  }

  /** A whole state: folded here, then built in the layout worker (posting its rows in a task of its own). */
  private async reset(state: TopologyState): Promise<void> {
    this.data.reset(state);
    this.pins = new Map(state.pins.map((pin) => [pin.mac, { x: pin.x, y: pin.y }]));
    this.selectAfterShow = state.selected;
    await nextTask();
    await this.rebuild();
  }

  private async resync(): Promise<void> {
    try {
      await this.reset(await this.host.sendRequest(TopologySnapshotRequest.type, {}));
    } catch (error) {
      this.controls.notice(messageOf(error), true);
    }
  }

  private scheduleRebuild(): void {
    if (!this.rebuildFrame) this.rebuildFrame = requestAnimationFrame(() => void this.rebuild());
  }

  /**
   * Shows the graph of the chosen layout: the network graph as ticks patched it at once, else one
   * built afresh in the layout worker. One build at a time: what changes meanwhile is built next.
   */
  private async rebuild(): Promise<void> {
    if (this.rebuildFrame) cancelAnimationFrame(this.rebuildFrame);
    this.rebuildFrame = 0;
    const layout = this.persisted.get().layout;
    const patched = this.data.patched(layout);
    if (patched) return this.show(patched);
    if (this.building) {
      this.buildAgain = true;
      return;
    }
    this.building = true;
    try {
      await this.buildInWorker(layout);
    } catch (error) {
      this.controls.notice(`The graph could not be built: ${String(error)}`, true);
    } finally {
      this.building = false;
    }
    if (this.buildAgain) {
      this.buildAgain = false;
      this.scheduleRebuild();
    }
  }

  /**
   * Builds the graph in the worker and shows it. Its arrival (the graph deserialised), taking it up
   * for the ticks to patch and handing it to the map are separate tasks.
   */
  private async buildInWorker(layout: TopologyLayoutKind): Promise<void> {
    const version = this.data.version;
    const graph = await this.map.build(this.data.inputs(), layout);
    await nextTask();
    // Built for another layout than the one now chosen: only the next build is shown.
    if (layout !== this.persisted.get().layout) return;
    this.data.adopt(graph, version);
    // Changed meanwhile: this graph is shown, and the next is built from the state as it is now.
    if (this.data.version !== version) this.buildAgain = true;
    await nextTask();
    if (layout === this.persisted.get().layout) this.show(graph);
  }

  /** Hands a graph to the map; the first time, the saved view comes back. */
  private show(graph: TopologyGraph): void {
    const started = performance.now();
    const saved = this.persisted.get();
    const first = this.map.scene.graph.nodes.length === 0;
    const switched = this.map.scene.graph.layout !== graph.layout;
    const positions = first || switched ? new Map(Object.entries(saved.positions[graph.layout] ?? {})) : undefined;
    this.data.restale(graph);
    this.map.setGraph(graph, this.pins, positions);
    if (!this.map.layoutStats.settled) this.positionsSaved = false;
    this.refilter();
    const subnets = [...new Set(graph.nodes.flatMap((node) => (node.subnet ? [node.subnet] : [])))].sort();
    this.controls.setSubnets(subnets, saved.filters.subnet);
    this.controls.setNote(graph.switchedLan, graph.collapsed);
    this.applyMs += performance.now() - started;
    if (this.selectAfterShow !== undefined) this.selectIp(this.selectAfterShow);
    this.selectAfterShow = undefined;
    if (first && graph.nodes.length > 0) {
      if (saved.transform && !this.restoredTransform) {
        this.restoredTransform = true;
        this.map.input.setTransform(
          zoomIdentity.translate(saved.transform.x, saved.transform.y).scale(saved.transform.k),
        );
      } else {
        this.map.fit(true);
      }
    } else if (switched) {
      this.map.fit(true);
    }
  }

  private refilter(): void {
    const { filters } = this.persisted.get();
    const scene = this.map.scene;
    this.map.matches = applyFilters(scene.graph.nodes, filters, this.data.now(), scene.shown);
    this.map.schedule();
  }

  private setLayout(layout: TopologyLayoutKind): void {
    if (layout === this.persisted.get().layout) return;
    this.persist(false);
    this.persisted.update({ layout });
    this.controls.setLayout(layout);
    this.controls.drawLegend(readPalette(), layout);
    this.map.focus.clear();
    void this.rebuild();
  }

  /** Selects a node; from the user, the Devices tree follows. */
  private select(index: number, fromUser: boolean): void {
    this.map.selected = index;
    this.map.schedule();
    const node = this.map.scene.graph.nodes[index];
    if (!this.controls.details.hidden) this.showDetails(index);
    if (fromUser) this.host.sendNotification(TopologySelectNotification.type, { ip: node?.ip });
    this.persisted.update({ selected: node?.id });
  }

  /** The tree selected a device: the node with that address is selected (and brought into view). */
  private selectIp(ip: string | undefined): void {
    const index = ip === undefined ? -1 : this.map.scene.graph.nodes.findIndex((node) => node.ip === ip);
    this.select(index, false);
    if (index >= 0 && !this.map.visible(index)) this.map.centre(index);
  }

  private hover(index: number, x: number, y: number): void {
    const nodes = this.map.scene.graph.nodes;
    const node = nodes[index];
    if (!node) {
      this.controls.hideTooltip();
      return;
    }
    const degree = this.map.scene.neighbours[index]?.length ?? 0;
    this.controls.showTooltip(nodeLines(node, degree), x, y);
  }

  /** Double-click: centre on the node and show only it and its neighbours; -1 ends the focus. */
  private focusOn(index: number): void {
    this.map.focus = index < 0 ? new Set() : new Set([index, ...(this.map.scene.neighbours[index] ?? [])]);
    if (index >= 0) {
      this.select(index, true);
      this.map.centre(index);
    }
    this.map.schedule();
  }

  private findNext(): void {
    const matches = [...(this.map.matches ?? [])];
    if (matches.length === 0) return;
    const next = matches.find((i) => i > this.map.selected) ?? matches[0]!;
    this.select(next, true);
    this.map.centre(next);
  }

  private actionsFor(index: number): MenuItem[] {
    const node = this.map.scene.graph.nodes[index];
    const ip = node?.ip;
    if (!node || !ip) return [{ label: 'No actions: this node has no address', run: () => undefined }];
    const items: MenuItem[] = ACTIONS.map(([action, label]) => ({ label, run: () => void this.act(action, ip) }));
    if (node.mac && this.pins.has(node.mac)) items.push({ label: 'Unpin', run: () => this.unpin(index) });
    return items;
  }

  private async act(action: TopologyAction, ip: string): Promise<void> {
    try {
      await this.host.sendRequest(TopologyActionRequest.type, { action, ip });
    } catch (error) {
      this.controls.notice(messageOf(error), true);
    }
  }

  private showDetails(index: number): void {
    const node = this.map.scene.graph.nodes[index];
    if (!node) return this.controls.showDetails(undefined);
    this.controls.showDetails(detailLines(this.map.scene, index), this.actionsFor(index));
  }

  private pin(index: number, x: number, y: number): void {
    const mac = this.map.scene.graph.nodes[index]?.mac;
    if (!mac) return;
    this.pins.set(mac, { x, y });
    this.positionsSaved = false;
    this.host.sendNotification(TopologyPinNotification.type, { mac, x, y });
  }

  private unpin(index: number): void {
    const mac = this.map.scene.graph.nodes[index]?.mac;
    if (!mac) return;
    this.pins.delete(mac);
    this.map.unpin(index);
    this.host.sendNotification(TopologyPinNotification.type, { mac });
  }

  private async exportAs(format: 'svg' | 'png'): Promise<void> {
    const data = format === 'svg' ? sceneSvg(this.map.scene, readPalette()) : this.map.png();
    try {
      const saved = await this.host.sendRequest(TopologyExportRequest.type, { format, data });
      if (saved.path) this.controls.notice(`Saved the map to ${saved.path}`);
    } catch (error) {
      this.controls.notice(messageOf(error), true);
    }
  }

  /** Positions are saved once the layout rests (a setState of thousands of positions is not free). */
  private rendered(frame: { renderMs: number; edges: EdgePass }): void {
    const stats = this.map.layoutStats;
    if (stats.settled && !this.positionsSaved) {
      this.positionsSaved = true;
      this.persist(false);
    }
    // A tick's cost is reported with the first frame drawn after its graph was rebuilt.
    const due = this.rebuildFrame !== 0 || this.building;
    const applyMs = due ? 0 : this.applyMs;
    dispatchRendered({ ...frame, applyMs, ...stats });
    if (!due) this.applyMs = 0;
  }

  private persist(flush: boolean): void {
    const { layout, positions } = this.persisted.get();
    if (this.map.scene.graph.nodes.length > 0 && this.map.scene.graph.layout === layout) {
      this.persisted.update({ positions: { ...positions, [layout]: this.map.scene.savedPositions() } });
    }
    if (flush) this.persisted.flush();
  }
}

/** Resolves in a task of its own (after what is queued), not a microtask. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const fix = (error as { fix?: unknown } | undefined)?.fix;
  return typeof fix === 'string' ? `${message} ${fix}` : message;
}
