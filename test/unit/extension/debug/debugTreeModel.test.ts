import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debugTree } from '../../../../src/extension/debug/debugTreeModel';
import { SocketsState } from '../../../../src/shared/sockets/socketsState';
import type { DebugSessionView } from '../../../../src/shared/socketsViewProtocol';
import { processesTick } from '../../../fixtures/socketFixtures';

const view: DebugSessionView = {
  name: 'Launch',
  type: 'pwa-node',
  attribution: 'sockets-only',
  attributionNote: 'note',
  roots: [{ pid: 100, how: 'process event' }],
  pauses: [],
};

describe('the Network view’s tree', () => {
  it('shows the mode, the process tree with rates and connections, and the errors', () => {
    const state = new SocketsState();
    state.reset(processesTick(1));
    const nodes = debugTree(view, state);
    assert.deepEqual(
      nodes.map((node) => node.label),
      [
        'Sockets only: the kernel’s socket table, no capture',
        'node 100',
        `<img src=x onerror=alert(1)> 200`,
        'Errors (2)',
      ],
    );
    const node = nodes[1];
    assert.equal(node.description, '↑ 2.00 kB/s ↓ 150 kB/s · 2 connections');
    assert.deepEqual(
      node.children?.map((child) => child.label),
      ['python3 101', '10.213.81.11:80', '10.213.81.11:7001'],
    );
    assert.deepEqual(
      nodes[3].children?.map((child) => child.description),
      ['tcp refused · ↑ 0 B ↓ 0 B', 'tcp timeout · ↑ 0 B ↓ 0 B'],
    );
  });

  it('unscoped, lists no process tree', () => {
    const state = new SocketsState();
    state.reset(processesTick(1));
    assert.deepEqual(
      debugTree({ ...view, attribution: 'unscoped' }, state).map((node) => node.id),
      ['mode', 'errors'],
    );
  });
});
