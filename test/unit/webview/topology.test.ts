// The topology view's pure parts: every glyph the graph can name is a codicon the font has, arrows
// pick the neighbour that lies that way, filters and search pick nodes, and a persisted state from
// any version comes back valid.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { KIND_ICONS, OS_KIND_ICONS } from '../../../src/shared/deviceKind';
import { buildNetworkGraph } from '../../../src/shared/topology/networkGraph';
import { CODICON_CODE_POINTS } from '../../../src/webview/topology/codicons';
import { pickNeighbour } from '../../../src/webview/topology/keyboardNav';
import { applyFilters, NO_FILTERS } from '../../../src/webview/topology/topologyFilters';
import { restoreTopologyState } from '../../../src/webview/topology/topologyPersisted';
import { NOW, labInputs } from '../../fixtures/topologyFixtures';

describe('the topology view’s pure parts', () => {
  it('draws every icon the graph can name with the codicon font’s own character', () => {
    const mappingFile = path.join(__dirname, '../../../node_modules/@vscode/codicons/src/template/mapping.json');
    const mapping = JSON.parse(readFileSync(mappingFile, 'utf8')) as Record<string, string[]>;
    const byName = new Map<string, number>();
    for (const [code, names] of Object.entries(mapping)) for (const name of names) byName.set(name, Number(code));
    const graphIcons = ['home', 'cloud', 'type-hierarchy', 'symbol-namespace', 'globe', 'radio-tower'];
    for (const name of [...Object.values(KIND_ICONS), ...Object.values(OS_KIND_ICONS), ...graphIcons]) {
      assert.equal(CODICON_CODE_POINTS[name], byName.get(name), name);
    }
  });

  it('arrows pick the neighbour lying most nearly that way, or none', () => {
    // 0 at the origin; 1 right, 2 up (screen y down), 3 down-left
    const positions = Float32Array.from([0, 0, 10, 1, 0, -10, -8, 9]);
    assert.equal(pickNeighbour(0, [1, 2, 3], positions, [1, 0]), 1);
    assert.equal(pickNeighbour(0, [1, 2, 3], positions, [0, -1]), 2);
    assert.equal(pickNeighbour(0, [1, 2, 3], positions, [0, 1]), 3);
    assert.equal(pickNeighbour(0, [1, 2], positions, [-1, 0]), -1);
    assert.equal(
      pickNeighbour(0, [1, 2, 3], positions, [1, 0], Uint8Array.from([1, 0, 1, 1])),
      -1,
      'hidden nodes are skipped',
    );
  });

  it('filters by subnet, kind and time window; search matches name, address and MAC', () => {
    const graph = buildNetworkGraph(labInputs());
    const shown = new Uint8Array(graph.nodes.length);
    const ids = () => graph.nodes.filter((_, i) => shown[i]).map((node) => node.id);
    applyFilters(graph.nodes, { ...NO_FILTERS, kind: 'router' }, NOW, shown);
    assert.deepEqual(ids(), ['self', 'ip:10.1.0.2']);
    applyFilters(graph.nodes, { ...NO_FILTERS, subnet: '10.2.0.0/24' }, NOW, shown);
    assert.deepEqual(ids(), ['self', 'ip:10.2.0.11', 'ip:10.2.0.12']);
    applyFilters(graph.nodes, { ...NO_FILTERS, windowMs: 5 * 60_000 }, NOW, shown);
    assert.ok(!ids().includes('ip:10.1.0.30'), 'a device last seen an hour ago');
    const matches = applyFilters(graph.nodes, { ...NO_FILTERS, search: 'ONERROR' }, NOW, shown);
    assert.deepEqual(
      [...matches!].map((i) => graph.nodes[i].id),
      ['ip:10.1.0.11'],
    );
    const byMac = applyFilters(graph.nodes, { ...NO_FILTERS, search: '00:00:fe' }, NOW, shown);
    assert.deepEqual(
      [...byMac!].map((i) => graph.nodes[i].id),
      ['ip:10.1.0.254'],
    );
  });

  it('restores a valid state from anything persisted', () => {
    assert.deepEqual(restoreTopologyState(undefined), {
      layout: 'network',
      filters: NO_FILTERS,
      transform: undefined,
      selected: undefined,
      positions: {},
    });
    const restored = restoreTopologyState({
      layout: 'conversations',
      filters: { subnet: '10.1.0.0/24', kind: 7, windowMs: 'x', search: 'nas' },
      transform: { k: 0, x: 1, y: 2 },
      positions: { network: { a: [1, 2], b: ['x', 2], c: null }, other: { d: [1, 1] } },
      selected: 'ip:10.1.0.2',
    });
    assert.deepEqual(restored, {
      layout: 'conversations',
      filters: { subnet: '10.1.0.0/24', kind: '', windowMs: 0, search: 'nas' },
      transform: undefined,
      selected: 'ip:10.1.0.2',
      positions: { network: { a: [1, 2] } },
    });
  });
});
