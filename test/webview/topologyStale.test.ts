// Time alone dims a node in the topology view: a device last seen just under the staleness window
// ago is drawn bright, then dimmed once the window passes, although no tick or scan came — both
// on the map as it stands and on the network map kept from before a layout switch (which was
// judged at its last tick, and so stayed bright).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_STALE_AFTER_MS } from '../../src/shared/topology/addressBook';
import type { TopologyInputs } from '../../src/shared/topology/topologyModel';
import { NOW, labInputs, stateOf } from '../fixtures/topologyFixtures';
import { waitFor } from '../workbench/waitFor';
import type { TopologyPage } from './topologyHarness';
import { choose as chooseIn, openTopology, readView, settled } from './topologyHarness';
import { webviewSkipReason } from './webviewPage';

const skip = webviewSkipReason('topology');
const FADING = 'ip:10.1.0.2'; // the router to 10.2.0.0/24: a device no traffic or LLDP row names
/** how long after the page opens the device passes the staleness window */
const FADES_AFTER_MS = 4_000;

describe('the topology view dims nodes as time passes', { skip, timeout: 120_000 }, () => {
  let view: TopologyPage;
  let count = 0;
  let opened = 0;

  before(async () => {
    const lab = labInputs();
    const inputs: TopologyInputs = {
      ...lab,
      devices: lab.devices.map((device) =>
        device.ip === '10.1.0.2' ? { ...device, lastSeen: NOW - DEFAULT_STALE_AFTER_MS + FADES_AFTER_MS } : device,
      ),
    };
    opened = Date.now();
    view = await openTopology(stateOf(inputs));
    count = (await settled(view.page, 12)).graph.nodes.length;
  });
  after(async () => view?.close());

  const staleOf = async (id: string) => (await readView(view.page))!.graph.nodes.find((node) => node.id === id)?.stale;
  const choose = (layout: string) => chooseIn(view.page, 'Layout', layout);

  it('drawn bright while it was seen within the window', async () => {
    assert.ok(Date.now() - opened < FADES_AFTER_MS, 'the page opened in time to see it bright');
    assert.equal(await staleOf(FADING), false);
  });

  it('dimmed once the window passes, with no tick', async () => {
    await waitFor(async () => (await staleOf(FADING)) === true, {
      timeoutMs: FADES_AFTER_MS + 15_000,
      what: `${FADING} dimmed`,
    });
    assert.equal(await staleOf('ip:10.1.0.11'), false, 'a device seen a second before stays bright');
  });

  it('dimmed on the network map kept from before a layout switch', async () => {
    await choose('Conversations');
    await waitFor(async () => (await readView(view.page))!.layout === 'conversations', {
      timeoutMs: 5000,
      what: 'the conversations layout',
    });
    await choose('Network');
    await settled(view.page, count);
    assert.equal(await staleOf(FADING), true, 'dimmed on the network map shown again');
  });
});
