// The topology view's filter dropdowns in Chromium: choosing a subnet, a kind or a time window in
// the toolbar changes which nodes the map draws (the nodes it places on screen, read through the
// view's test hook), each to exactly the nodes that filter keeps, and "all" brings every node back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TopologyNode } from '../../src/shared/topology/topologyModel';
import { NOW, labInputs, stateOf } from '../fixtures/topologyFixtures';
import { waitFor } from '../workbench/waitFor';
import type { TopologyPage } from './topologyHarness';
import { choose as chooseIn, openTopology, readView, settled } from './topologyHarness';
import { webviewSkipReason } from './webviewPage';

const skip = webviewSkipReason('topology');

describe('the topology view’s filter dropdowns in Chromium', { skip, timeout: 120_000 }, () => {
  let view: TopologyPage;
  let nodes: TopologyNode[] = [];

  before(async () => {
    view = await openTopology(stateOf(labInputs()));
    nodes = (await settled(view.page, 12)).graph.nodes;
  });
  after(async () => view?.close());

  const choose = (dropdown: string, option: string) => chooseIn(view.page, dropdown, option);
  const drawn = async () => Object.keys((await readView(view.page))!.screen).sort();
  const expectDrawn = async (keep: (node: TopologyNode) => boolean, what: string) => {
    const wanted = nodes
      .filter((node) => node.kind === 'self' || keep(node))
      .map((node) => node.id)
      .sort();
    assert.ok(wanted.length > 1 && wanted.length < nodes.length, `${what} keeps some nodes and hides others`);
    let seen: string[] = [];
    await waitFor(async () => JSON.stringify((seen = await drawn())) === JSON.stringify(wanted), {
      timeoutMs: 5000,
      what,
    }).catch((error: Error) => {
      throw new Error(`${error.message}: drawn ${seen.join(', ')}; wanted ${wanted.join(', ')}`);
    });
  };
  const expectAll = async (what: string) =>
    waitFor(async () => (await drawn()).length === nodes.length, { timeoutMs: 5000, what });

  it('the node count is the lab’s', () => assert.equal(nodes.length, 12));

  it('Subnet draws that subnet’s nodes only', async () => {
    await choose('Subnet', '10.1.0.0/24');
    await expectDrawn((node) => node.subnet === '10.1.0.0/24', 'the subnet 10.1.0.0/24');
    await choose('Subnet', 'all subnets');
    await expectAll('every subnet again');
  });

  it('Kind draws nodes of that kind only', async () => {
    await choose('Kind', 'hosts');
    await expectDrawn((node) => node.kind === 'host', 'hosts');
    await choose('Kind', 'routers');
    await expectDrawn((node) => node.kind === 'router', 'routers');
    await choose('Kind', 'all kinds');
    await expectAll('every kind again');
  });

  it('Seen within draws the nodes seen in that window only', async () => {
    await choose('Seen within', 'last 5 minutes');
    await expectDrawn((node) => node.lastSeen === 0 || node.lastSeen >= NOW - 5 * 60_000, 'seen in the last 5 minutes');
    await choose('Seen within', 'any time');
    await expectAll('seen any time again');
  });
});
