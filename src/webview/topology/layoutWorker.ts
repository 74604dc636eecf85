// The force layout, in a web worker so the page never waits on it: d3-force with many-body
// repulsion (Barnes–Hut), links, collision, and in the network layout a radial force holding each
// node on its hop's ring near its subnet's angle. It computes ticks in slices of about 12 ms and
// posts positions after each, so the page draws the layout as it settles. Built as its own bundle
// and started from a blob: URL (the page's CSP allows exactly `worker-src blob:`). Whole graphs are
// built here too, with the shared builder (80–120 ms at 5,000 hosts, too long for the page's thread).
import { buildTopology } from '../../shared/topology/buildTopology';
import { forceCollide, forceLink, forceManyBody, forceRadial, forceSimulation, forceX, forceY } from 'd3-force';
import type { ForceLink, Simulation, SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import type { BuiltGraph, LayoutLink, LayoutNode, LayoutPositions, ToLayout } from './layoutMessages';

interface SimNode extends SimulationNodeDatum, Omit<LayoutNode, 'fx' | 'fy'> {}
type SimLink = SimulationLinkDatum<SimNode> & { distance: number };

const SLICE_MS = 12;
let simulation: Simulation<SimNode, SimLink> | undefined;
let nodes: SimNode[] = [];
let seq = 0;
let started = 0;
let ticks = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function build(message: Extract<ToLayout, { type: 'graph' }>): void {
  simulation?.stop();
  seq = message.seq;
  started = performance.now();
  ticks = 0;
  nodes = message.nodes.map((node, index) => ({ ...node, index, ...place(node, index) }));
  const links: SimLink[] = message.links.map((link: LayoutLink) => ({ ...link }));
  const radial = nodes.some((node) => node.ring !== undefined);
  const large = nodes.length > 2000;
  simulation = forceSimulation<SimNode, SimLink>(nodes)
    .alpha(message.alpha)
    // Nodes start at their places on their rings, so the layout only relaxes: about 110 ticks
    // instead of d3's 300 settle it.
    .alphaDecay(0.06)
    .force(
      'charge',
      forceManyBody<SimNode>()
        .strength(large ? -18 : -60)
        .theta(large ? 1.2 : 0.9)
        .distanceMax(600),
    )
    .force(
      'link',
      forceLink<SimNode, SimLink>(links)
        .distance((link) => link.distance)
        .strength(0.2),
    )
    .force('collide', forceCollide<SimNode>((node) => node.radius + 2).iterations(1))
    .stop();
  if (radial) {
    simulation
      .force(
        'ring',
        forceRadial<SimNode>((node) => node.ring ?? 0).strength((node) => (node.ring === undefined ? 0 : 0.6)),
      )
      .force('groupX', forceX<SimNode>((node) => groupPoint(node).x).strength(groupStrength))
      .force('groupY', forceY<SimNode>((node) => groupPoint(node).y).strength(groupStrength));
  } else {
    simulation.force('x', forceX<SimNode>(0).strength(0.03)).force('y', forceY<SimNode>(0).strength(0.03));
  }
  schedule();
}

/** Other edges between the same nodes (or more, `add`): the simulation goes on from where it is. */
function relink(links: LayoutLink[], alpha: number, add = false): void {
  if (!simulation) return;
  const held = add ? (simulation.force<ForceLink<SimNode, SimLink>>('link')?.links() ?? []) : [];
  simulation.force(
    'link',
    forceLink<SimNode, SimLink>([...held, ...links.map((link) => ({ ...link }))])
      .distance((link) => link.distance)
      .strength(0.2),
  );
  // More edges with no energy while the layout rests: nothing moves, so nothing is posted.
  if (add && alpha === 0 && simulation.alpha() < simulation.alphaMin()) return;
  simulation.alpha(Math.max(simulation.alpha(), alpha));
  started = performance.now();
  ticks = 0;
  schedule();
}

/** A node without a position starts near its group's point on its ring (or near the centre). */
function place(node: LayoutNode, index: number): { x: number; y: number } {
  if (node.x !== undefined && node.y !== undefined) return { x: node.x, y: node.y };
  const jitter = () => (Math.sin(index * 12.9898) * 43758.5453) % 1;
  const point = groupPoint(node);
  return { x: point.x + jitter() * 40, y: point.y + jitter() * 40 + 1 };
}

function groupPoint(node: Pick<LayoutNode, 'ring' | 'angle'>): { x: number; y: number } {
  if (node.ring === undefined || node.angle === undefined) return { x: 0, y: 0 };
  return { x: Math.cos(node.angle) * node.ring, y: Math.sin(node.angle) * node.ring };
}

function groupStrength(node: Pick<LayoutNode, 'ring' | 'angle'>): number {
  return node.angle === undefined || node.ring === undefined ? 0 : 0.15;
}

/**
 * The next slice: at once for small graphs; after a pause for large ones, so that on a machine
 * with few cores the page's own thread (drawing, input) is not starved by this one.
 */
function schedule(): void {
  if (timer === undefined) timer = setTimeout(run, nodes.length > 2000 ? 8 : 0);
}

function run(): void {
  timer = undefined;
  const sim = simulation;
  if (!sim) return;
  const until = performance.now() + SLICE_MS;
  let settled = sim.alpha() < sim.alphaMin();
  while (!settled && performance.now() < until) {
    sim.tick();
    ticks++;
    settled = sim.alpha() < sim.alphaMin();
  }
  post(settled);
  if (!settled) schedule();
}

function post(settled: boolean): void {
  const positions = new Float32Array(nodes.length * 2);
  for (let i = 0; i < nodes.length; i++) {
    positions[i * 2] = nodes[i]!.x ?? 0;
    positions[i * 2 + 1] = nodes[i]!.y ?? 0;
  }
  const message: LayoutPositions = {
    type: 'positions',
    seq,
    positions,
    settled,
    ticks,
    elapsedMs: performance.now() - started,
  };
  self.postMessage(message, { transfer: [positions.buffer] });
}

self.addEventListener('message', (event: MessageEvent<ToLayout>) => {
  const message = event.data;
  if (message.type === 'build') {
    const built: BuiltGraph = { type: 'built', seq: message.seq, graph: buildTopology(message.inputs, message.layout) };
    self.postMessage(built);
  } else if (message.type === 'graph') build(message);
  else if (message.type === 'stop') simulation?.stop();
  else if (message.type === 'links') relink(message.links, message.alpha);
  else if (message.type === 'addLinks') relink(message.links, message.alpha, true);
  else {
    const node = nodes[message.index];
    if (!node || !simulation) return;
    node.fx = message.x ?? null;
    node.fy = message.y ?? null;
    if (message.x !== undefined && message.y !== undefined) {
      node.x = message.x;
      node.y = message.y;
    }
    // A little energy so the neighbours of a moved node follow it.
    if (simulation.alpha() < 0.1) simulation.alpha(0.1);
    schedule();
  }
});
